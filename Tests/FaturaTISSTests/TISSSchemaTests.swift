import FaturaStore
import FaturaTISS
import Foundation
import Testing

/// The official 4.03.00 schema compiled in process: the reference samples validate, the one made
/// invalid on purpose does not, with the lines of its problems (xmllint agrees: ../shared/tiss/README.md).
@Suite struct TISSSchemaTests {
    @Test func theSamplesValidateAndTheInvalidOneSaysWhere() throws {
        guard let folder = ReferenceData.directory() else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("dados de referência ausentes") }
            return
        }
        let schema = try TISSSchema(version: "4.03.00", in: folder)
        for name in ["voa-tiss_lote-valido_4.03.00.xml", "synthetic_lote_spsadt_4.03.00.xml", "synthetic_lote_resumo_internacao_4.03.00.xml",
                     "synthetic_lote_honorarios_4.03.00.xml", "synthetic_demonstrativo_analise_conta_4.03.00.xml", "synthetic_recurso_glosa_4.03.00.xml"] {
            let document = try TISSDocument(Array(try Data(contentsOf: folder.appendingPathComponent("tiss/samples/\(name)"))))
            #expect(schema.validate(document) == [], "\(name)")
        }
        let invalid = try TISSDocument(Array(try Data(contentsOf: folder.appendingPathComponent("tiss/samples/voa-tiss_lote-com-erros_4.03.00_INVALID.xml"))))
        let problems = schema.validate(invalid)
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { $0.line > 0 })
        #expect(throws: TISSSchema.LoadError.missing(folder.appendingPathComponent("tiss/9.99.99/tissV9_99_99.xsd").path)) {
            _ = try TISSSchema(version: "9.99.99", in: folder)
        }
    }
}
