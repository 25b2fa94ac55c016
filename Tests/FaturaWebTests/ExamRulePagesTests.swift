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
            // The grid again, with what was typed (not the stored 90), not a dead-end page.
            #expect(Self.value(of: "pct_\(inputs[2])", in: stale.text) == "90")

            // A bad value: the grid again with it typed in its field, the reason beside it, and the
            // box above naming the line by its code (not by an internal id or a row count).
            let bad = try await browser.post("/accounts/partials/1/exam-rule", [("pct_\(inputs[1])", "150"), ("default_\(inputs[1])", "70,00")])
            #expect(bad.status == .unprocessableContent)
            #expect(Self.value(of: "pct_\(inputs[1])", in: bad.text) == "150")
            let beside = try #require(HTMLScan.elements("p", in: bad.text, matching: ["id": "pct-\(inputs[1])-error"]).first)
            #expect(beside.text.hasPrefix("Percentual inválido: “150”"))
            let box = try #require(HTMLScan.elements("div", in: bad.text, matching: ["role": "alert"]).first)
            #expect(box.text.contains("41001"))
            #expect(!box.text.contains("item \(inputs[1])"))

            // Re-pricing keeps the 90% a person typed and applies it again: the CT is charged at the
            // percentage the page shows, so the grid has nothing left to change.
            let reprice = try await browser.post("/accounts/partials/1/reprice")
            #expect(reprice.status == .seeOther)
            let repriced = try await browser.get(try #require(reprice.location))
            #expect(repriced.text.contains("mantendo 1 percentual manual"))
            let regrid = try await browser.get("/accounts/partials/1/exam-rule")
            #expect(regrid.text.contains("Ao aplicar: 0 linhas mudam"))
            #expect(Self.value(of: "pct_\(inputs[2])", in: regrid.text) == "90,00")
        }
    }

    /// The `value` of the input named `name`.
    static func value(of name: String, in html: String) -> String? {
        HTMLScan.elements("input", in: html, matching: ["name": name]).first?.attributes["value"]
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
