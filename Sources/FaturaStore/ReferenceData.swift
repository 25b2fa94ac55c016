import Foundation
import FaturaDomain

/// The reference data of `../shared` (TISS schemas, TUSS, CBHPM), read where it lies and never
/// copied into the repository: `FATURA_REFERENCE_DATA`, else a `shared` folder beside the
/// working directory or one of its parents.
public enum ReferenceData {
    public static func directory(startingAt start: String = FileManager.default.currentDirectoryPath) -> URL? {
        let fm = FileManager.default
        if let named = ProcessInfo.processInfo.environment["FATURA_REFERENCE_DATA"], !named.isEmpty {
            return fm.fileExists(atPath: named) ? URL(fileURLWithPath: named) : nil
        }
        var folder = URL(fileURLWithPath: start)
        for _ in 0..<4 {
            let candidate = folder.deletingLastPathComponent().appendingPathComponent("shared")
            if fm.fileExists(atPath: candidate.appendingPathComponent("DOMAIN.md").path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    private struct CBHPMRecord: Decodable {
        var codigo: Int
        var descricao: String
        var porte: String?
        var custo: String?
        var filme: String?
        var aux: String?
        var anest: String?
    }

    /// The 4 877 procedures of CBHPM 2022 (`cbhpm/cbhpm2022_procedimentos.json`).
    public static func cbhpm2022Procedures(in directory: URL) throws -> [ProcedureEntry] {
        let data = try Data(contentsOf: directory.appendingPathComponent("cbhpm/cbhpm2022_procedimentos.json"))
        return try JSONDecoder().decode([CBHPMRecord].self, from: data).compactMap { r in
            func quantity(_ text: String?) -> Quantity {
                guard let text, text != "–", text != "-" else { return .zero }
                return Quantity(parsing: text) ?? .zero
            }
            guard let porte = r.porte.flatMap(Porte.init) else { return nil }
            return ProcedureEntry(code: String(r.codigo), description: r.descricao.trimmingCharacters(in: .whitespaces), porte: porte,
                                  uco: quantity(r.custo), film: quantity(r.filme), auxiliaries: Int(r.aux ?? "") ?? 0,
                                  anaestheticPorte: Int(r.anest ?? "") ?? 0)
        }
    }

    /// The R$ of each porte of an edition (`cbhpm/portes_valores_reais.csv`): `11a edicao 2022` or `10a edicao 2020`.
    public static func cbhpmPorteValues(edition: String, in directory: URL) throws -> [Porte: Money] {
        let text = try String(contentsOf: directory.appendingPathComponent("cbhpm/portes_valores_reais.csv"), encoding: .utf8)
        var values: [Porte: Money] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 4, fields[0] == edition, let porte = Porte(fields[2]),
                  let value = BrazilianFormat.parseMoney(fields[3]) else { continue }
            values[porte] = value
        }
        return values
    }
}

extension ReferenceData {
    private struct GlosaFile: Decodable {
        struct Record: Decodable {
            struct Hint: Decodable { var texto: String? }
            var codigo: String
            var descricao: String
            var orientacao: Hint?
        }
        var records: [Record]
    }

    private struct DomainFile: Decodable {
        struct Table: Decodable { var numero: Int; var linhas: [[String]] }
        var tabelas: [Table]
    }

    /// TUSS table 38 (denial reasons) as the reference folder has it: `tuss/tabela38_glosas.json`
    /// (version 202609, with appeal hints), completed by the older and larger 4.01.00 table in
    /// `tuss/tiss_tabelas_dominio_4.01.00_camed.json` for the codes the first lacks (1702, 2001,
    /// 2010…). Sorted by code.
    public static func glosaReasons(in directory: URL) throws -> [GlosaReason] {
        let primary = try JSONDecoder().decode(GlosaFile.self, from: Data(contentsOf: directory.appendingPathComponent("tuss/tabela38_glosas.json")))
        var byCode: [String: GlosaReason] = [:]
        for record in primary.records where GlosaReason.isValidCode(record.codigo) {
            byCode[record.codigo] = GlosaReason(code: record.codigo, description: record.descricao.trimmingSpaces(), guidance: record.orientacao?.texto)
        }
        let older = directory.appendingPathComponent("tuss/tiss_tabelas_dominio_4.01.00_camed.json")
        if FileManager.default.fileExists(atPath: older.path) {
            let file = try JSONDecoder().decode(DomainFile.self, from: Data(contentsOf: older))
            for row in file.tabelas.first(where: { $0.numero == 38 })?.linhas ?? [] where row.count >= 2 && GlosaReason.isValidCode(row[0]) {
                if byCode[row[0]] == nil { byCode[row[0]] = GlosaReason(code: row[0], description: row[1].trimmingSpaces()) }
            }
        }
        return byCode.values.sorted { $0.code < $1.code }
    }
}
