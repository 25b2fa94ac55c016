import FaturaDomain
import FaturaStore
import Foundation
import Testing

/// TUSS table 38 read from the reference folder (never copied into the repository).
@Suite struct GlosaReasonTableTests {
    @Test func table38JoinsTheCurrentTableAndTheOlderOneForTheCodesItLacks() throws {
        guard let folder = ReferenceData.directory() else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("dados de referência ausentes (../shared ou FATURA_REFERENCE_DATA)") }
            return
        }
        let reasons = try ReferenceData.glosaReasons(in: folder)
        // 470 codes of version 202609 plus 314 of the 4.01.00 table that it does not have.
        #expect(reasons.count == 784)
        let byCode = Dictionary(uniqueKeysWithValues: reasons.map { ($0.code, $0) })
        let high = try #require(byCode["1705"])
        #expect(high.description == "VALOR APRESENTADO A MAIOR" && high.kind == .contractual)
        #expect(high.guidance == "Confira quantidade, valor unitário, fator e totais informados; anexe memória de cálculo e documentos da cobrança.")
        let included = try #require(byCode["2010"])
        #expect(included.description == "COBRANÇA DE MATERIAIS INCLUSOS NAS TAXAS" && included.guidance == nil && included.kind == .contractual)
        #expect(byCode["1001"]?.kind == .administrative)
        #expect(reasons.map(\.code) == reasons.map(\.code).sorted())
    }
}
