@testable import FaturaStore
@testable import FaturaWeb
import Testing

/// The worklist's rows are written in Swift (the busiest page), so their escaping is tested here:
/// whatever the HIS sends as a name, it reaches the page as text, never as markup.
@Suite struct WorklistRowTests {
    static func summary(patient: String, status: String = "draft", unpriced: Int = 0, pending: Int = 0) -> AccountQueries.PartialSummary {
        AccountQueries.PartialSummary(id: 7, externalId: "P-7", status: status, periodStart: "2026-11-02", periodEnd: "2026-11-03",
                                      patientName: patient, payerName: "Vida & Saúde", encounterType: "sadt", sectorName: nil,
                                      itemCount: 3, unpricedCount: unpriced, pendingCount: pending, version: 1, total: 123_456)
    }

    @Test func everyCellIsEscapedAndTheCheckboxOnlyForDrafts() {
        let row = WorklistRow(Self.summary(patient: "<script>alert('x')</script> \"Zé\"", unpriced: 1, pending: 2))
        let html = WorklistRow.tableBody([row], canClose: true)
        #expect(html == "<tr><td><input type=\"checkbox\" name=\"ids\" value=\"7\" aria-label=\"Selecionar P-7\"></td>"
            + "<th scope=\"row\"><a href=\"/accounts/partials/7\">P-7</a></th>"
            + "<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;Zé&quot;</td><td>Vida &amp; Saúde</td><td>SADT</td><td>—</td>"
            + "<td>02/11/2026 a 03/11/2026</td><td>Em elaboração</td>"
            + "<td class=\"num\">3 <span class=\"late\">(1 sem preço)</span></td><td class=\"num\"><span class=\"late\">2</span></td>"
            + "<td class=\"num\">R$ 1.234,56</td></tr>\n")
        // Closed: no checkbox; a user who cannot close: no selection column at all.
        let closed = WorklistRow.tableBody([WorklistRow(Self.summary(patient: "Ana", status: "closed"))], canClose: true)
        #expect(closed.hasPrefix("<tr><td></td><th scope=\"row\">"))
        #expect(closed.contains("<td class=\"num\">3</td><td class=\"num\">0</td>"))
        #expect(WorklistRow.tableBody([row], canClose: false).hasPrefix("<tr><th scope=\"row\">"))
    }

    @Test func escapingLeavesPlainTextAloneAndEscapesTheFiveCharacters() {
        #expect(FastHTMLEscaping.escape("Crânio — TC") == "Crânio — TC")
        #expect(FastHTMLEscaping.escape("") == "")
        #expect(FastHTMLEscaping.escape("a<b>c&d\"e'f") == "a&lt;b&gt;c&amp;d&quot;e&#39;f")
        #expect(FastHTMLEscaping.escape("ç<") == "ç&lt;")
    }
}
