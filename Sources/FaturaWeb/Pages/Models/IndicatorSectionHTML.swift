import FaturaDomain

/// One indicator section's markup (its chart, its table, its CSV link), written once per section
/// and kept with the page's money part (`PageCache`): swift-mustache looking up each cell's fields
/// was most of the indicators page's time (`perf`, issue 14). Every text goes through the same
/// escaping as `{{value}}`; the SVG is built escaped by `SVGChart`.
enum IndicatorSectionHTML {
    static func render(_ s: IndicatorsModel.Section) -> String {
        func e(_ text: String) -> String { FastHTMLEscaping.escape(text) }
        let id = e(s.id)
        var html = "<section class=\"panel indicator\" id=\"quadro-\(id)\" aria-labelledby=\"titulo-\(id)\">\n"
        html += "  <div class=\"heading\"><h2 id=\"titulo-\(id)\">\(e(s.title))</h2><a href=\"\(e(s.csvHref))\" class=\"no-print\" download>CSV</a></div>\n"
        html += "  <p class=\"muted\">\(e(s.note))</p>\n"
        if s.empty {
            html += "  <p class=\"muted\">Sem dados no período.</p>\n"
        } else {
            html += "  " + s.svg + "\n"
            html += "  <div class=\"table-scroll\"><table id=\"tabela-\(id)\">\n    <thead><tr>"
            for header in s.headers { html += "<th scope=\"col\"\(header.numeric ? " class=\"num\"" : "")>\(e(header.label))</th>" }
            html += "</tr></thead>\n    <tbody>"
            for row in s.rows {
                html += "<tr>"
                for cell in row.cells { html += "<td\(cell.numeric ? " class=\"num\"" : "")>\(e(cell.text))</td>" }
                html += "</tr>"
            }
            html += "</tbody>\n  </table></div>\n"
        }
        return html + "</section>\n"
    }
}
