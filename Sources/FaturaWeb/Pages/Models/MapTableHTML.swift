/// The map's table as HTML, written here rather than by the template engine: a year of a large
/// hospital is hundreds of rows of sixteen cells, and swift-mustache looks every `{{field}}` up by
/// name through dynamic casts and `Mirror` — most of the page's time under load (`perf` during
/// `fatura bench map`). Every value goes through the same escaping as `{{value}}`
/// (`FastHTMLEscaping`); the page inserts the result with `{{{mapTable}}}`. The markup is the one
/// `MapPagesTests` reads cell by cell.
enum MapTableHTML {
    static func render(caption: String, headers: [MapModel.Header], groups: [MapModel.Group], grouped: Bool, totals: MapModel.Totals) -> String {
        var html = ""
        html.reserveCapacity(2_048 + groups.reduce(0) { $0 + $1.rows.count } * 900)
        func e(_ text: String) -> String { FastHTMLEscaping.escape(text) }
        html += "<div class=\"table-scroll\">\n<table id=\"mapa\" class=\"map\">\n  <caption class=\"visually-hidden\">Mapa de acompanhamento de faturas: \(e(caption))</caption>\n  <thead><tr>"
        for header in headers {
            html += "<th scope=\"col\" aria-sort=\"\(e(header.ariaSort))\"\(header.numeric ? " class=\"num\"" : "")><a href=\"\(e(header.href))\">\(e(header.label))</a>"
            if header.sorted { html += header.descending ? " <span aria-hidden=\"true\">▼</span>" : " <span aria-hidden=\"true\">▲</span>" }
            html += "</th>"
        }
        html += "</tr></thead>\n"
        func totalsRow(_ t: MapModel.Totals, kind: String) -> String {
            "<tr class=\"\(kind)\"><th scope=\"row\" colspan=\"3\">\(e(t.label))</th><td>\(e(t.invoices))</td><td class=\"num\">\(t.claims)</td><td class=\"num\">\(e(t.presented))</td><td colspan=\"3\"></td>\n"
                + "    <td class=\"num\">\(e(t.paid))</td><td class=\"num\">\(e(t.glosa))</td><td class=\"num\">\(e(t.underAppeal))</td><td class=\"num\">\(e(t.recovered))</td><td class=\"num\">\(e(t.givenUp))</td><td class=\"num\">\(e(t.balance))</td><td></td></tr>"
        }
        for group in groups {
            html += "  <tbody>\n"
            if grouped { html += "  <tr class=\"group\"><th scope=\"rowgroup\" colspan=\"16\">\(e(group.payer))</th></tr>\n" }
            for r in group.rows {
                html += "  <tr>\n    <td>\(e(r.payer))</td><td class=\"nowrap\">\(e(r.competence))</td><th scope=\"row\" class=\"nowrap\"><a href=\"\(e(r.href))\">\(r.number)</a>"
                if r.hasBatches { html += " <br><span class=\"muted\">\(e(r.batches))</span>" }
                html += "</th>\n    <td>\(e(r.protocols))</td><td class=\"num\">\(r.claims)</td><td class=\"num\">\(e(r.presented))</td><td class=\"nowrap\">\(e(r.deadline))</td>\n"
                html += "    <td class=\"nowrap\(r.deliveryLate ? " late" : "")\">\(e(r.sentOn))\(r.deliveryLate ? " <span class=\"tag\">atrasada</span>" : "")</td>\n"
                html += "    <td class=\"nowrap\(r.paymentOverdue ? " late" : "")\">\(e(r.paymentExpected))\(r.paymentOverdue ? " <span class=\"tag\">vencido</span>" : "")</td>\n"
                html += "    <td class=\"num\">\(e(r.paid))</td><td class=\"num\">\(e(r.glosa))</td><td class=\"num\">\(e(r.underAppeal))</td><td class=\"num\">\(e(r.recovered))</td><td class=\"num\">\(e(r.givenUp))</td>\n"
                html += "    <td class=\"num\"><strong>\(e(r.balance))</strong></td><td>\(e(r.status))</td></tr>\n"
            }
            if grouped { html += "  " + totalsRow(group.subtotal, kind: "subtotal") + "\n" }
            html += "  </tbody>\n"
        }
        html += "  <tfoot>" + totalsRow(totals, kind: "total") + "</tfoot>\n</table>\n</div>\n"
        return html
    }
}
