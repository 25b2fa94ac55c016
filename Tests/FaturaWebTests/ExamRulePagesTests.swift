import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ExamRulePagesTests {
    /// Demo partial 1 (ATD-1001, Vida Plena, CBHPM flag) has three CTs on one day: the grid ranks them
    /// and an edited percentage is saved as manual.
    @Test func gridShowsTheGroupsAndAnEditedPercentageBecomesManual() async throws {
        try await withApp { client in
            let browser = try await Browser.login(client, "faturista")
            let grid = try await browser.get("/accounts/partials/1/exam-rule")
            #expect(grid.status == .ok)
            #expect(grid.text.contains("Tomografia — faixa 1"))
            #expect(grid.text.contains("1ª"))
            #expect(grid.text.contains("3ª"))
            let inputs = grid.text.components(separatedBy: "name=\"pct_").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
            #expect(inputs.count == 3)
            let version = try #require(grid.text.range(of: #"name="version" value="(\d+)""#, options: .regularExpression)
                .map { String(grid.text[$0]).filter(\.isNumber) })
            var fields: [(String, String)] = [("version", version)]
            for (index, id) in inputs.enumerated() {
                fields.append(("pct_\(id)", index == 2 ? "90" : (index == 0 ? "100,00" : "70,00")))
                fields.append(("default_\(id)", index == 0 ? "100,00" : "70,00"))
            }
            let applied = try await browser.post("/accounts/partials/1/exam-rule", fields)
            #expect(applied.status == .seeOther)
            let after = try await browser.get(try #require(applied.location))
            #expect(after.text.contains("Regra aplicada"))
            #expect(after.text.contains("manual"))
            // Applying again with the old version is a conflict, not a silent overwrite.
            let stale = try await browser.post("/accounts/partials/1/exam-rule", fields)
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("alterada por outra pessoa"))
            let bad = try await browser.post("/accounts/partials/1/exam-rule", [("pct_\(inputs[0])", "150")])
            #expect(bad.status == .unprocessableContent)
        }
    }

    @Test func theBatchRunsInTheBackgroundAndKeepsItsReport() async throws {
        try await withApp { client in
            let browser = try await Browser.login(client, "supervisor")
            let started = try await browser.post("/exam-rule/batch")
            #expect(started.status == .seeOther)
            var page = try await browser.get("/exam-rule/batch")
            for _ in 0..<50 where page.text.contains("Em execução") {
                try await Task.sleep(for: .milliseconds(100))
                page = try await browser.get("/exam-rule/batch")
            }
            #expect(page.text.contains("Concluída"))
            #expect(page.text.contains("itens alterados"))
        }
    }
}
