import FaturaDomain
import Testing

/// A payer's own statement spreadsheet read through the columns saved for it.
@Suite struct StatementCSVTests {
    static let columns = StatementColumns(claimNumber: "Guia", code: "Procedimento", day: "Data", informed: "Valor Apresentado", released: "Valor Pago",
                                          reasonCode: "Motivo")

    @Test func linesBecomeStatementLinesWithTheirGlosas() throws {
        let csv = """
            GUIA;Procedimento;Data;Valor apresentado;Valor pago;Motivo
            SADT000001;40601110;12/03/2026;100,00;50,00;1705
            SADT000001;MAT0001;12/03/2026;25,00;0,00;2010
            SADT000001;40202666;12/03/2026;850,00;850,00;
            """
        let statement = try StatementCSV.read(lines: csv.split(separator: "\n"), columns: Self.columns, number: "PLAN-7", issuedOn: CalendarDay(year: 2026, month: 4, day: 20))
        #expect(statement.number == "PLAN-7")
        let lines = statement.lines
        #expect(lines.map(\.code) == ["40601110", "MAT0001", "40202666"])
        #expect(lines.map(\.sequence) == [nil, nil, nil])
        #expect(lines.map(\.informed.cents) == [10_000, 2_500, 85_000])
        #expect(lines.map(\.released.cents) == [5_000, 0, 85_000])
        #expect(lines.map { $0.glosas.map(\.code) } == [["1705"], ["2010"], []])
        #expect(lines.map(\.glosa.cents) == [5_000, 2_500, 0])
        #expect(lines.map(\.source) == [2, 3, 4])
        #expect(lines.allSatisfy { $0.day == CalendarDay(year: 2026, month: 3, day: 12) })
    }

    @Test func everyBadLineIsNamedAndAMissingColumnTooNothingIsRead() {
        let csv = """
            Guia;Procedimento;Data;Valor Apresentado;Valor Pago;Motivo
            SADT000001;40601110;31/02/2026;100,00;50,00;1705
            SADT000001;MAT0001;12/03/2026;abc;0,00;2010
            SADT000001;40202666;12/03/2026;850,00;800,00;
            """
        let errors = (try? StatementCSV.read(lines: csv.split(separator: "\n"), columns: Self.columns, number: nil, issuedOn: nil)) == nil
        #expect(errors)
        do {
            _ = try StatementCSV.read(lines: csv.split(separator: "\n"), columns: Self.columns, number: nil, issuedOn: nil)
        } catch .validation(let found) {
            #expect(found.map(\.field) == ["linha 2", "linha 3", "linha 4"])
            #expect(found[0].message == "Linha 2: data “31/02/2026” inválida (dd/mm/aaaa).")
            #expect(found[1].message == "Linha 3: valor informado “abc” inválido.")
            #expect(found[2].message == "Linha 4: glosa de R$ 50,00 sem código TUSS 38 de 4 dígitos.")
        } catch {
            Issue.record("outro erro: \(error)")
        }
        do {
            _ = try StatementCSV.read(lines: ["Guia;Codigo;Valor"], columns: Self.columns, number: nil, issuedOn: nil)
            Issue.record("aceito sem as colunas")
        } catch .validation(let found) {
            #expect(found.map(\.field) == ["linha 1"])
            #expect(found.first?.message.contains("“Procedimento” (código do procedimento/item)") == true)
        } catch {
            Issue.record("outro erro: \(error)")
        }
    }

    @Test func theMappingNeedsItsRequiredColumnsAndAValueColumn() {
        do {
            _ = try StatementColumns.from { ["claimNumber": "Guia", "code": "Guia", "informed": "Valor"][$0] }
            Issue.record("aceito")
        } catch .validation(let found) {
            #expect(found.map(\.field) == ["glosaValue", "claimNumber"])
        } catch {
            Issue.record("outro erro: \(error)")
        }
    }
}
