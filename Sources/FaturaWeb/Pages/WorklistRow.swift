import FaturaDomain
import FaturaStore

/// One line of the worklist, every cell already text.
struct WorklistRow {
    let id: String
    let href: String
    let externalId: String
    let patient: String
    let payer: String
    let type: String
    let sector: String
    let period: String
    let status: String
    let items: String
    let unpriced: String
    let hasUnpriced: Bool
    let pending: String
    let hasPending: Bool
    let total: String
    let isDraft: Bool

    init(_ p: AccountQueries.PartialSummary) {
        id = String(p.id)
        href = SiteURL.partial(p.id.rawValue).path
        externalId = p.externalId
        patient = p.patientName
        payer = p.payerName
        type = EncounterType(rawValue: p.encounterType)?.label ?? p.encounterType
        sector = p.sectorName ?? "—"
        period = (CalendarDay(iso: p.periodStart).map(BrazilianFormat.date) ?? p.periodStart) + " a "
            + (CalendarDay(iso: p.periodEnd).map(BrazilianFormat.date) ?? p.periodEnd)
        status = PartialStatus(rawValue: p.status)?.label ?? p.status
        items = String(p.itemCount)
        unpriced = String(p.unpricedCount)
        hasUnpriced = p.unpricedCount > 0
        pending = String(p.pendingCount)
        hasPending = p.pendingCount > 0
        total = BrazilianFormat.currency(Money(cents: p.total))
        isDraft = p.status == PartialStatus.draft.rawValue
    }

    /// The table's rows as HTML, every value escaped. Written here rather than in the template:
    /// the worklist is the busiest page, and swift-mustache spent most of a request's CPU on these 50
    /// rows (a dictionary lookup, a chain of dynamic casts and a string split per `{{value}}`, a cast
    /// to a sequence per section — perf); this builds the same markup in a few microseconds.
    static func tableBody(_ rows: [WorklistRow], canClose: Bool) -> String {
        var html = ""
        html.reserveCapacity(rows.count * 700)
        func text(_ value: String) { html += FastHTMLEscaping.escape(value) }
        for row in rows {
            html += "<tr>"
            if canClose {
                html += "<td>"
                if row.isDraft {
                    html += "<input type=\"checkbox\" name=\"ids\" value=\""; text(row.id)
                    html += "\" aria-label=\"Selecionar "; text(row.externalId); html += "\">"
                }
                html += "</td>"
            }
            html += "<th scope=\"row\"><a href=\""; text(row.href); html += "\">"; text(row.externalId); html += "</a></th>"
            for cell in [row.patient, row.payer, row.type, row.sector, row.period, row.status] {
                html += "<td>"; text(cell); html += "</td>"
            }
            html += "<td class=\"num\">"; text(row.items)
            if row.hasUnpriced { html += " <span class=\"late\">("; text(row.unpriced); html += " sem preço)</span>" }
            html += "</td><td class=\"num\">"
            if row.hasPending { html += "<span class=\"late\">"; text(row.pending); html += "</span>" } else { html += "0" }
            html += "</td><td class=\"num\">"; text(row.total); html += "</td></tr>\n"
        }
        return html
    }
}
