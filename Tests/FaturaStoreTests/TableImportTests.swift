import FaturaDomain
import FaturaStore
import FaturaTestSupport
import Testing

@Suite struct TableImportTests {
    @Test(arguments: TestDatabase.kinds)
    func everyBadRowIsReportedByLineAndNothingIsSaved(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let table = try await store.priceTables.create(PriceTable(kind: .cbhpm, name: "CBHPM"), by: .system)
            let csv = """
                codigo;descricao;porte;uco;filme
                41001010;TC – Crânio;3B;19,1;1
                41001095;;3C;37,45;2,5
                41001109;TC – Abdome superior;3D;22,38;1,5
                41001010;Repetido;3B;1;0
                abc!;Código ruim;1A;-2;0
                """
            await #expect(throws: FaturaError.validation([
                FieldError("linha 3", "descrição vazia."),
                FieldError("linha 4", "porte inválido: '3D' (use 1A a 14C)."),
                FieldError("linha 5", "repetida no arquivo (41001010)."),
                FieldError("linha 6", "código ausente ou inválido: 'abc!'; UCO inválido: '-2'."),
            ])) {
                _ = try await store.importer.importProcedures(into: table, from: TextLines(csv), by: .system)
            }
            let missing = "codigo;descricao\n1;x"
            await #expect(throws: FaturaError.validation([FieldError("linha 1", "Faltam as colunas: porte.")])) {
                _ = try await store.importer.importProcedures(into: table, from: TextLines(missing), by: .system)
            }
        }
    }

    /// Comma-delimited with decimal points, Windows line ends and a BOM-free header work the same.
    @Test(arguments: TestDatabase.kinds)
    func commaFilesWithDecimalPointsImportToo(_ kind: DatabaseKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let drugs = try await store.priceTables.create(PriceTable(kind: .drug, name: "Brasíndice"), by: .system)
            let csv = "Código,Descrição,Valor,Início vigência,Fim vigência\r\n90001001,\"Dipirona, ampola\",3.42,2026-01-01,\r\n90001002,Ceftriaxona,38.90,01/01/2026,31/12/2026\r\n"
            let summary = try await store.importer.importValues(into: drugs, from: TextLines(csv), by: .system)
            #expect(summary.rows == 2)
            // Importing again replaces the same code and start of validity instead of duplicating.
            _ = try await store.importer.importValues(into: drugs, from: TextLines(csv.replacingOccurrences(of: "3.42", with: "3.50")), by: .system)
            #expect(try await store.audit.list(AuditQuery(entity: "price_table", entityId: String(drugs.id ?? 0))).total == 3)
        }
    }

    @Test func fileLinesStreamAFileWithCRLF() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fatura-lines-\(UUID().uuidString).csv").path
        try "\u{FEFF}a;b\r\n1;2\r\n\r\n3;4".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var lines: [String] = []
        try await FileLines(path: path).forEachLine { number, line in lines.append("\(number):\(CSVLine.fields(line, delimiter: ";").joined(separator: "|"))") }
        #expect(lines == ["1:a|b", "2:1|2", "4:3|4"])
    }
}

import Foundation
