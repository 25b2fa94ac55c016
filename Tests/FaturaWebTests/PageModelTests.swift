import FaturaDomain
import FaturaStore
import FaturaTestSupport
@testable import FaturaWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Pages drawn from typed models: specific elements of the markup, the layout's cached company
/// picker, and the pagers of lists that used to stop at a limit.
@Suite struct PageModelTests {
    /// The registry's records through the API, as (id, name), to compare with what pages offer.
    static func records(_ api: APIClient, _ path: String, active: String) async throws -> [(id: String, name: String)] {
        let json = try await api.call(.get, "/api/v1/\(path)?active=\(active)&perPage=200").json()
        let items = try #require(json["items"] as? [[String: Any]])
        return items.map { (String($0["id"] as? Int ?? 0), $0["name"] as? String ?? "") }
    }

    @Test func worklistPayerSelectHasOneOptionPerPayerWithTheChosenOneMarked() async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, "supervisor")
            let payers = try await Self.records(api, "payers", active: "all")
            let chosen = try #require(payers.dropFirst().first)
            let browser = try await Browser.login(client, "faturista")

            let page = try await browser.get("/accounts?convenio=\(chosen.id)")

            let options = HTMLScan.options(ofSelect: "convenio", in: page.text)
            #expect(options.first?.value == "" && options.first?.text == "Todos")
            #expect(Set(options.dropFirst().map { "\($0.value)|\($0.text)" }) == Set(payers.map { "\($0.id)|\($0.name)" }))
            #expect(options.count == payers.count + 1)
            #expect(options.filter(\.selected).map(\.value) == [chosen.id])
        }
    }

    @Test func layoutPickerListsTheActiveCompaniesAndMarksTheCurrentOne() async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, "supervisor")
            let companies = try await Self.records(api, "companies", active: "true")
            let browser = try await Browser.login(client, "faturista")

            let page = try await browser.get("/")

            let options = HTMLScan.options(ofSelect: "companyId", in: page.text)
            #expect(Set(options.map { "\($0.value)|\($0.text)" }) == Set(companies.map { "\($0.id)|\($0.name)" }))
            #expect(options.count == companies.count)
            let selected = options.filter(\.selected)
            #expect(selected.count == 1)
            let footer = try #require(HTMLScan.elements("footer", in: page.text).first)
            #expect(footer.text == "Fatura · coligada atual: \(selected.first?.text ?? "")")
            // The navigation marks the page's module.
            let current = HTMLScan.elements("a", in: page.text, matching: ["aria-current": "page"])
            #expect(current.map(\.text) == ["Início"])
        }
    }

    /// The picker is cached; a company changed through this process shows on the very next page.
    @Test func aCompanyRenamedOrDeactivatedThroughTheAppShowsInThePickerAtOnce() async throws {
        try await withApp { client in
            let supervisor = try await Browser.login(client, "supervisor")
            let before = HTMLScan.options(ofSelect: "companyId", in: try await supervisor.get("/").text)
            let first = try #require(before.first)
            let edit = try await supervisor.get("/companies/\(first.value)/edit")
            func input(_ name: String) -> String { HTMLScan.elements("input", in: edit.text, matching: ["name": name]).first?["value"] ?? "" }

            let saved = try await supervisor.post("/companies/\(first.value)", [("name", "Hospital Renomeado"), ("cnpj", input("cnpj")), ("cnes", input("cnes"))])
            #expect(saved.status == .seeOther)
            let renamed = HTMLScan.options(ofSelect: "companyId", in: try await supervisor.get("/").text)
            #expect(Set(renamed.map(\.text)) == Set(["Hospital Renomeado"] + before.dropFirst().map(\.text)))

            // Through the API too: a deactivated company leaves the picker.
            let api = try await APIClient.make(client, "supervisor")
            let second = try #require(before.dropFirst().first)
            #expect(try await api.call(.post, "/api/v1/companies/\(second.value)/deactivate").status == .ok)
            let after = HTMLScan.options(ofSelect: "companyId", in: try await supervisor.get("/").text)
            #expect(!after.map(\.value).contains(second.value))
        }
    }

    /// Another process (the CLI) changes companies behind this one's back: the copy is read again
    /// once it is older than its maximum age, not before.
    @Test func theCachedCompaniesAreReadAgainAfterTheirMaximumAge() async throws {
        try await TestDatabase.withStore(.sqlite) { store in
            let clock = ManualClock()
            let cache = ActiveCompanies(store: store, maxAge: .seconds(30), now: { clock.now })
            let start = try await cache.active().map(\.name)
            _ = try await store.companies.create(Company(name: "Hospital da Linha de Comando", cnpj: "45723174000110", cnes: "1234567"), by: .system)

            clock.advance(.seconds(29))
            #expect(try await cache.active().map(\.name) == start)
            clock.advance(.seconds(2))
            #expect(try await cache.active().map(\.name).contains("Hospital da Linha de Comando"))
        }
    }

    @Test func nonConformityListShowsTheTrueTotalAndPagerLinks() throws {
        // 250 non-conformities, 100 a page, on page 2: links to pages 1 and 3 keep the filters.
        let page = Page<NonConformityQueries.Entry>(items: [], page: 2, perPage: 100, total: 250)
        let model = NonConformityListModel(page: page, overdueCount: 7, today: CalendarDay(iso: "2026-03-10")!, canManage: true,
                                           situations: [], sectors: [], back: "/nonconformities") {
            SiteURL.nonConformities.page($0, keeping: "situacao=all&pagina=2&setor=3")
        }
        #expect(model.count == 250 && model.overdueCount == 7)
        #expect(model.pager.previousHref == "/nonconformities?situacao=all&setor=3&pagina=1")
        #expect(model.pager.nextHref == "/nonconformities?situacao=all&setor=3&pagina=3")
    }

    @Test func pagerSaysWhereThePageSitsAndStopsAtTheEnds() {
        // 250 rows, 100 a page: page 2 shows rows 101 to 200; page 3 the last 50 and no "Próxima".
        let middle = PagerModel(Page<Int>(items: [], page: 2, perPage: 100, total: 250), shown: 100) { "/x?pagina=\($0)" }
        #expect(middle.summary == "101 a 200 de 250 · página 2 de 3")
        #expect(middle.previousHref == "/x?pagina=1" && middle.nextHref == "/x?pagina=3")
        let last = PagerModel(Page<Int>(items: Array(1...50), page: 3, perPage: 100, total: 250)) { "/x?pagina=\($0)" }
        #expect(last.summary == "201 a 250 de 250 · página 3 de 3")
        #expect(last.nextHref == "")
        // A count that stopped early (the worklist stops at 10 001) says "mais de" and no page count.
        let open = PagerModel(Page<Int>(items: [], page: 1, perPage: 50, total: 10_001, totalIsLowerBound: true), shown: 50) { "/x?pagina=\($0)" }
        #expect(open.summary == "1 a 50 de mais de 10.000 · página 1")
        let empty = PagerModel(Page<Int>(items: [], page: 1, perPage: 50, total: 0)) { "/x?pagina=\($0)" }
        #expect(empty.summary == "0 a 0 de 0 · página 1 de 1" && empty.previousHref == "" && empty.nextHref == "")
    }

    @Test func nonConformityPageDrawsItsPager() async throws {
        try await withApp { client in
            let biller = try await Browser.login(client, "faturista")

            let page = try await biller.get("/nonconformities?situacao=all")

            let rows = HTMLScan.elements("tr", in: page.text).filter { $0.inner.contains("scope=\"row\"") }
            let pager = try #require(HTMLScan.elements("p", in: page.text, matching: ["class": "pager"]).first)
            #expect(pager.text.hasPrefix("1 a \(rows.count) de \(rows.count) · página 1 de 1"))
            #expect(HTMLScan.elements("a", in: pager.inner, matching: ["rel": nil]).isEmpty)
            let heading = try #require(HTMLScan.elements("span", in: page.text).first { $0.text.contains("na lista") })
            #expect(heading.text.hasPrefix("\(rows.count) na lista"))
        }
    }

    @Test func sectorFiguresAddUpTheSectorsAndAverageOverAllDays() {
        var a = SectorNonConformityStats(sectorId: 1)
        a.open = 2; a.correctedInPeriod = 1; a.daysToCorrect = 4
        var b = SectorNonConformityStats(sectorId: 2)
        b.open = 1; b.overdue = 1; b.correctedInPeriod = 3; b.daysToCorrect = 3

        let sum = NonConformityStatsModel.sum([a, b])

        // 7 days over 4 corrections = 1,75 → 1,8 (tenths, half up); not the mean of 4,0 and 1,0.
        #expect(sum.open == 3 && sum.overdue == 1 && sum.correctedInPeriod == 4 && sum.daysToCorrect == 7)
        #expect(NonConformityStatsModel.average(sum) == "1,8")
        #expect(NonConformityStatsModel.average(SectorNonConformityStats(sectorId: 3)) == "—")
    }

    @Test func siteURLsBuildThePathsTheRoutesServe() {
        #expect(SiteURL.partial(7).path == "/accounts/partials/7")
        #expect(SiteURL.partialNonConformities(7).path == "/accounts/partials/7#nao-conformidades")
        #expect(SiteURL.registryToggle("/payers", 3, active: true).path == "/payers/3/deactivate")
        #expect(SiteURL.registryToggle("/payers", 3, active: false).path == "/payers/3/activate")
        #expect(SiteURL.audit.with([("de", "01/02/2026"), ("usuario", nil), ("pagina", "2")]) == "/audit?de=01%2F02%2F2026&pagina=2")
        #expect(SiteURL.accounts.page(3, keeping: nil) == "/accounts?pagina=3")
    }
}

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var instant = ContinuousClock.now

    var now: ContinuousClock.Instant { lock.withLock { instant } }
    func advance(_ duration: Duration) { lock.withLock { instant += duration } }
}
