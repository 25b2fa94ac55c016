import FaturaDomain
import FaturaStore
import FaturaTestSupport
@testable import FaturaWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import ZIPFoundation

/// The tracking map with the demo data: invoice 1 (Vida Plena, sent, statement and payment) and
/// invoice 2 (Caixa, open); the page's cells, the exports of the same rows, and who may see it.
@Suite struct MapPagesTests {
    /// Every row of the map's table (groups, subtotals and total included), cells in page order.
    static func rows(_ html: String) -> [(kind: String, cells: [String])] {
        guard let table = HTMLScan.elements("table", in: html, matching: ["id": "mapa"]).first else { return [] }
        let cell = try! NSRegularExpression(pattern: "<(th|td)(\\s[^>]*)?>(.*?)</\\1>", options: [.dotMatchesLineSeparators])
        let row = try! NSRegularExpression(pattern: "<tr(?:\\s+class=\"([a-z]+)\")?>(.*?)</tr>", options: [.dotMatchesLineSeparators])
        let source = table.inner as NSString
        return row.matches(in: table.inner, range: NSRange(location: 0, length: source.length)).compactMap { match in
            let kind = match.range(at: 1).location == NSNotFound ? "" : source.substring(with: match.range(at: 1))
            let inner = source.substring(with: match.range(at: 2))
            let cells = cell.matches(in: inner, range: NSRange(location: 0, length: (inner as NSString).length)).map {
                HTMLElement(attributes: [:], inner: (inner as NSString).substring(with: $0.range(at: 3))).text
            }
            return kind == "" && cells.contains("Convênio") ? nil : (kind, cells)
        }
    }

    static func cents(_ text: String) -> Int64 { BrazilianFormat.parseMoney(text.replacingOccurrences(of: "R$", with: "").trimmingCharacters(in: .whitespaces))?.cents ?? -1 }

    @Test func theMapShowsEachInvoiceItsMoneyAddsUpAndTheExportsHoldTheSameRows() async throws {
        try await withApp { client in
            let supervisor = try await Browser.login(client, "supervisor")
            let page = try await supervisor.get("/map?de=&ate=")
            #expect(page.status == .ok)
            let rows = Self.rows(page.text)
            let body = rows.filter { $0.kind == "" }
            #expect(body.count == 2)
            let sent = try #require(body.first { $0.cells[2].hasPrefix("1") })
            #expect(sent.cells[0] == "Vida Plena Saúde" && sent.cells[2] == "1 lote 1" && sent.cells[3] == "2026000481" && sent.cells[15] == "Recebida parcialmente")
            #expect(HTMLScan.elements("a", in: page.text, matching: ["href": "/invoices/1"]).first?.text == "1")
            // Saldo = apresentado − pago − baixado, on the row as shown.
            let money = sent.cells.map(Self.cents)
            #expect(money[5] > 0 && money[14] == money[5] - money[9] - money[13])
            let open = try #require(body.first { $0.cells[2] == "2" })
            #expect(open.cells[7] == "não enviada" && open.cells[15] == "Aberta")
            // The total row is the sum of the rows.
            let total = try #require(rows.first { $0.kind == "total" })
            #expect(total.cells[0] == "Total" && total.cells[1] == "2 faturas")
            for (column, totalIndex) in [(5, 3), (9, 5), (10, 6), (14, 10)] {
                #expect(Self.cents(total.cells[totalIndex]) == body.reduce(0) { $0 + Self.cents($1.cells[column]) }, "coluna \(column)")
            }

            // Grouped by payer: one subtotal per payer, in payer order.
            let grouped = Self.rows(try await supervisor.get("/map?de=&ate=&agrupar=1").text)
            #expect(grouped.filter { $0.kind == "group" }.map { $0.cells[0] } == ["Caixa de Assistência dos Servidores", "Vida Plena Saúde"])
            #expect(grouped.filter { $0.kind == "subtotal" }.count == 2)
            // Sorting: the Saldo header sorts largest first, keeping the filter.
            let header = try #require(HTMLScan.elements("a", in: page.text).first { $0.text == "Saldo" })
            #expect(header["href"] == "/map?de=&ate=&ordem=saldo&desc=1")
            let bySaldo = Self.rows(try await supervisor.get("/map?de=&ate=&ordem=saldo&desc=1").text).filter { $0.kind == "" }
            #expect(bySaldo.map { $0.cells[2].prefix(1) } == ["1", "2"])
            // Filters: with balance leaves out the open invoice at zero; an unreadable competence is named.
            #expect(Self.rows(try await supervisor.get("/map?de=&ate=&saldo=1").text).filter { $0.kind == "" }.count == 1)
            let bad = try await supervisor.get("/map?de=13/2026&ate=")
            #expect(bad.status == .ok)
            #expect(HTMLScan.elements("li", in: bad.text).contains { $0.text == "Competência inicial “13/2026” inválida: use mm/aaaa." })

            // The CSV holds the same cells as the page (money with a decimal comma, no symbol).
            let csv = try await supervisor.get("/map/export.csv?de=&ate=")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = String(decoding: Array(csv.body.readableBytesView).dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
            #expect(lines.count == 5 && lines[0].hasPrefix("Convênio;Competência;Fatura · lotes;"))
            let csvRow = try #require(lines.first { $0.hasPrefix("Vida Plena Saúde;") }).components(separatedBy: ";")
            #expect(csvRow[5] == sent.cells[5].replacingOccurrences(of: "R$ ", with: "").replacingOccurrences(of: ".", with: ""))
            #expect(csvRow[14] == sent.cells[14].replacingOccurrences(of: "R$ ", with: "").replacingOccurrences(of: ".", with: ""))
            // The XLSX is a workbook whose sheet has a row per invoice, the header and the total.
            let xlsx = try await supervisor.get("/map/export.xlsx?de=&ate=")
            let archive = try #require(try? Archive(data: Data(Array(xlsx.body.readableBytesView)), accessMode: .read))
            var sheet = Data()
            _ = try archive.extract(try #require(archive["xl/worksheets/sheet1.xml"])) { sheet.append($0) }
            #expect(String(decoding: sheet, as: UTF8.self).components(separatedBy: "<row ").count - 1 == 4)
            // The print version: the same table on its own page.
            let printed = try await supervisor.get("/map/print?de=&ate=")
            #expect(Self.rows(printed.text).filter { $0.kind == "" }.count == 2)
            #expect(HTMLScan.elements("body", in: printed.text, matching: ["class": "printable landscape"]).count == 1)

            // The row opens the invoice, whose timeline tells every event, the statement linked.
            let invoice = try await supervisor.get("/invoices/1")
            let events = HTMLScan.elements("li", in: try #require(HTMLScan.elements("ol", in: invoice.text, matching: ["id": "linha-do-tempo"]).first).inner)
            let items = HTMLScan.elements("li", in: invoice.text, matching: ["data-kind": nil])
            let kinds = items.compactMap { $0["data-kind"] }
            #expect(items.count == events.count)
            #expect(Set(kinds).isSuperset(of: ["created", "closed", "sent", "protocolReceived", "statement", "payment", "appealCreated"]))
            #expect(kinds.firstIndex(of: "closed")! < kinds.firstIndex(of: "sent")!)
            #expect(items.contains { $0.text.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("· Fechada com R$ 1.754,78") })
            #expect(events.contains { $0.inner.contains("href=\"/glosas/statements/") })
            // Not settled yet: the demo's appeal is still with the payer.
            #expect(HTMLScan.elements("p", in: invoice.text, matching: ["id": "liquidacao-pendente"]).first?.text
                    == "Ainda não: há R$ 136,46 em recurso aguardando a resposta do convênio.")
            let refused = try await supervisor.post("/invoices/1/settle", [("version", try GlosaPagesTests.version(invoice.text))])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("A fatura 1 está recebida parcialmente: não é possível liquidá-la: há R$ 136,46 em recurso aguardando a resposta do convênio."))

            // The board sees the map; a sector does not, nor its exports.
            #expect(try await Browser.login(client, "diretoria").get("/map").status == .ok)
            let sector = try await Browser.login(client, "imagem")
            for path in ["/map", "/map/export.csv", "/map/export.xlsx", "/map/print"] { #expect(try await sector.get(path).status == .forbidden, "\(path)") }
        }
    }

    /// The map kept between requests (`PageCache`) still shows a payment the moment it is saved.
    @Test func aKeptMapShowsAPaymentAtOnce() async throws {
        try await withApp { client in
            let supervisor = try await Browser.login(client, "supervisor")
            func paid() async throws -> Int64 {
                let rows = Self.rows(try await supervisor.get("/map?de=&ate=").text)
                return Self.cents(try #require(rows.first { $0.kind == "" && $0.cells[2].hasPrefix("1") }).cells[9])
            }
            let before = try await paid()
            #expect(try await paid() == before)
            let saved = try await supervisor.post("/invoices/1/payments", [("paidOn", BrazilianFormat.date(HospitalClock.system.today())), ("amount", "10,00"), ("reference", "TED 77")])
            #expect(saved.status == .seeOther)
            #expect(try await paid() == before + 1_000)
        }
    }

    @Test func theAPIGivesTheSameRowsWithTheirMoneyInCentavos() async throws {
        try await withApp { client in
            let api = try await APIClient.make(client, "supervisor")
            let response = try await api.call(.get, "/api/v1/map?companyId=1&sort=balance&descending=true")
            #expect(response.status == .ok)
            let map = try response.json()
            let rows = try #require(map["rows"] as? [[String: Any]])
            #expect(rows.map { $0["number"] as? Int } == [1, 2])
            let first = rows[0]
            let cents = { (name: String) in first[name] as? Int ?? -1 }
            #expect(first["protocols"] as? [String] == ["2026000481"] && first["status"] as? String == "partially_received")
            #expect(cents("balanceCents") == cents("presentedCents") - cents("paidCents") - cents("writtenOffCents") - cents("lostCents"))
            #expect(cents("pendingCents") == cents("presentedCents") - cents("releasedCents") - cents("glosaCents"))
            let totals = try #require(map["totals"] as? [String: Any])
            #expect(totals["invoices"] as? Int == 2 && totals["presentedCents"] as? Int == cents("presentedCents"))
            // An unreadable or inverted range is a 422 naming the field; a sector's token is refused.
            let bad = try await api.call(.get, "/api/v1/map?companyId=1&from=2026-12&to=2026-01")
            #expect(bad.status == .unprocessableContent)
            #expect((try bad.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "to")
            // Without the company (required) the request is malformed.
            #expect(try await api.call(.get, "/api/v1/map").status == .badRequest)
            let sector = try await APIClient.make(client, "imagem")
            #expect(try await sector.call(.get, "/api/v1/map?companyId=1").status == .forbidden)
        }
    }

    @Test func theIndicatorsDrawEachTableAsAChartWithItsCSV() async throws {
        try await withApp { client in
            let board = try await Browser.login(client, "diretoria")
            let page = try await board.get("/map/indicators")
            #expect(page.status == .ok)
            let ids = HTMLScan.elements("section", in: page.text, matching: ["class": "panel indicator"]).compactMap { $0["id"] }
            #expect(ids == ["quadro-convenio", "quadro-mes", "quadro-motivo", "quadro-tipo", "quadro-setor", "quadro-prazo", "quadro-producao", "quadro-dinheiro", "quadro-bloqueadas",
                           "quadro-prazos", "quadro-faturistas"])
            // Held by non-conformities (demo): Imagem holds P-ATD-1001 (open; on a business day, no urgency: contrast 217,35 +
            // TC abdome total 624,46 + 907,79 + 54,25 = 1.586,50 at 100% + TC crânio (506,89 + 462,98) × 70% + film 21,70 = 700,61 +
            // TC abdome superior (506,89 + 542,49) × 70% + 32,55 = 767,12 → R$ 3.271,58) and P-ATD-1002 (corrected, awaiting the
            // check, R$ 2.895,48): R$ 6.167,06; Atendimento holds P-ATD-1003 (R$ 414,04).
            #expect(InvoicePagesTests.cells("tabela-bloqueadas", in: page.text) == [["Atendimento", "1", "R$ 414,04"], ["Imagem", "2", "R$ 6.167,06"]])
            // No unsent invoice is due within 7 days in the demo (the open one is due 20/01).
            #expect(HTMLScan.elements("table", in: page.text, matching: ["id": "tabela-prazos"]).isEmpty)
            // The payer's chart: one bar per row of its table, titled; the rate in the table.
            let svg = try #require(HTMLScan.elements("svg", in: page.text, matching: ["id": "grafico-convenio"]).first)
            #expect(svg["role"] == "img" && HTMLScan.elements("rect", in: svg.inner, matching: ["class": "bar"]).count == 1)
            let rows = InvoicePagesTests.cells("tabela-convenio", in: page.text)
            #expect(rows.count == 1 && rows[0][0] == "Vida Plena Saúde" && rows[0][4].hasSuffix("%"))
            // Stacked: four series in the legend, one bar per competence.
            #expect(HTMLScan.elements("svg", in: page.text, matching: ["id": "grafico-dinheiro"]).count == 1)
            // The section's CSV is its table.
            let csv = try await board.get("/map/indicators/export.csv?quadro=convenio")
            #expect(csv.status == .ok)
            let lines = String(decoding: Array(csv.body.readableBytesView).dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
            #expect(lines[0] == "Convênio;Apresentado;Glosa;Glosas;Taxa de glosa;Recuperado em recurso;Perdido em recurso;Taxa de recuperação")
            #expect(lines[1].hasPrefix("Vida Plena Saúde;") && lines[1].components(separatedBy: ";")[4] == rows[0][4])
            #expect(try await board.get("/map/indicators/export.csv?quadro=nada").status == .notFound)
            // An unreadable period is named and the last twelve months shown.
            let bad = try await board.get("/map/indicators?de=xx")
            #expect(HTMLScan.elements("li", in: bad.text).contains { $0.text == "Competência inicial “xx” inválida: use mm/aaaa." })
            let sector = try await Browser.login(client, "imagem")
            #expect(try await sector.get("/map/indicators").status == .forbidden)
            #expect(try await sector.get("/map/indicators/export.csv?quadro=convenio").status == .forbidden)
        }
    }

    @Test func theBoardsHomeShowsTheMoneyOfTheYearAndTheGlosaTrend() async throws {
        try await withApp { client in
            let home = try await Browser.login(client, "diretoria").get("/")
            func fact(_ id: String) -> String? { HTMLScan.elements("dd", in: home.text, matching: ["id": id]).first?.text }
            // The demo's one sent invoice: presented 1.754,78, paid 1.400,97, glosa 353,81 of which nothing given up yet.
            #expect(fact("dinheiro-apresentado") == "R$ 1.754,78" && fact("dinheiro-pago") == "R$ 1.400,97")
            #expect(fact("dinheiro-glosa") == "R$ 353,81 (20,16%)" && fact("dinheiro-saldo") == "R$ 353,81")
            #expect(HTMLScan.elements("svg", in: home.text, matching: ["id": "grafico-tendencia"]).count == 1)
            let biller = try await Browser.login(client, "faturista").get("/")
            #expect(HTMLScan.elements("a", in: biller.text).contains { $0.text == "0 faturas com pagamento vencido" })
            let sector = try await Browser.login(client, "imagem").get("/")
            #expect(HTMLScan.elements("section", in: sector.text, matching: ["id": "dinheiro"]).isEmpty)
        }
    }

    /// Demo: Vida Plena denied 70001003 on the invoiced P-ATD-1008 (1 of 1 billed); the draft P-ATD-1001
    /// (partial 1, same payer) bills it again.
    @Test func aDraftIsFlaggedWhenItsPayerDeniedACodeAsOftenAsTheRuleSaysAndNotBelow() async throws {
        try await withApp { client in
            let supervisor = try await Browser.login(client, "supervisor")
            func box() async throws -> [String] {
                HTMLScan.elements("li", in: try await supervisor.get("/accounts/partials/1").text, matching: ["data-code": nil]).compactMap { $0["data-code"] }
            }
            // The standard rule asks for 10 times billed: one case is too little history.
            #expect(try await box().isEmpty)
            let page = try await supervisor.get("/glosas/risks")
            #expect(HTMLScan.elements("p", in: page.text, matching: ["id": "sem-riscos"]).count == 1)
            let saved = try await supervisor.post("/glosas/risks/rule", [("minimumRate", "100"), ("minimumBilled", "1"), ("months", "12")])
            #expect(saved.status == .seeOther)
            #expect(try await box() == ["70001003"])
            let risks = try await supervisor.get("/glosas/risks")
            #expect(HTMLScan.elements("strong", in: risks.text, matching: ["id": "regra"]).first?.text == "glosado em ≥ 100,00% das cobranças, com no mínimo 1 cobrança nos últimos 12 meses")
            #expect(HTMLScan.elements("th", in: risks.text, matching: ["scope": "row"]).map(\.text).contains("70001003"))
            // Two billed required: below the threshold again.
            _ = try await supervisor.post("/glosas/risks/rule", [("minimumRate", "100"), ("minimumBilled", "2"), ("months", "12")])
            #expect(try await box().isEmpty)
            let bad = try await supervisor.post("/glosas/risks/rule", [("minimumRate", "abc"), ("minimumBilled", "1"), ("months", "12")])
            #expect(bad.status == .unprocessableContent)
            #expect(HTMLScan.elements("li", in: bad.text).contains { $0.text == "Taxa mínima inválida: use por exemplo 20 ou 12,5." })
            #expect(try await Browser.login(client, "imagem").get("/glosas/risks").status == .forbidden)
        }
    }
}
