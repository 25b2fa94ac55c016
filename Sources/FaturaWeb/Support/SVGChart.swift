import FaturaBilling

/// Charts drawn on the server as inline SVG: no script, no CDN, readable printed. Each chart has a
/// `<title>` and the page puts the table of its numbers right below it (the chart is a picture of
/// the table, never the only place a number is).
enum SVGChart {
    static let width = 720
    static let colors = ["#1f5f99", "#b23a2b", "#d99a00", "#6b7a8f", "#2e8b57"]

    /// `value` of `largest` as a share of `room` pixels, in Double (no Int64 product to overflow).
    static func scaled(_ value: Int64, of largest: Int64, room: Int) -> Int {
        guard value > 0, largest > 0 else { return 0 }
        return Int(min(Double(room), Double(room) * Double(value) / Double(largest)))
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case _ where c.value < 0x20: continue
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func open(_ id: String, _ title: String, height: Int) -> String {
        #"<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="grafico-\#(id)" role="img" aria-labelledby="grafico-\#(id)-titulo" viewBox="0 0 \#(width) \#(height)" width="100%" preserveAspectRatio="xMinYMin meet"><title id="grafico-\#(id)-titulo">\#(escape(title))</title>"#
    }

    /// Horizontal bars, one per point, scaled to the largest; the text at the bar's end.
    static func bars(_ id: String, _ title: String, _ points: [IndicatorService.Point]) -> String {
        let row = 26, top = 6, labelWidth = 230, textWidth = 120
        let height = top * 2 + max(1, points.count) * row
        let largest = max(1, points.map(\.value).max() ?? 1)
        let room = width - labelWidth - textWidth
        var svg = open(id, title, height: height)
        for (index, point) in points.enumerated() {
            let y = top + index * row
            let length = point.value <= 0 ? 0 : max(2, scaled(point.value, of: largest, room: room))
            let label = point.label.count > 34 ? String(point.label.prefix(33)) + "…" : point.label
            svg += #"<text x="\#(labelWidth - 8)" y="\#(y + 17)" text-anchor="end" font-size="12">\#(escape(label))</text>"#
            svg += #"<rect class="bar" x="\#(labelWidth)" y="\#(y + 4)" width="\#(length)" height="\#(row - 8)" fill="\#(colors[0])"><title>\#(escape(point.label)): \#(escape(point.text))</title></rect>"#
            svg += #"<text x="\#(labelWidth + length + 6)" y="\#(y + 17)" font-size="12">\#(escape(point.text))</text>"#
        }
        return svg + "</svg>"
    }

    /// A line through the points in order (months), with a dot and the value at each.
    static func line(_ id: String, _ title: String, _ points: [IndicatorService.Point]) -> String {
        let height = 240, left = 50, right = 20, top = 20, bottom = 40
        let largest = max(1, points.map(\.value).max() ?? 1)
        let step = points.count > 1 ? (width - left - right) / (points.count - 1) : 0
        func x(_ i: Int) -> Int { left + (points.count > 1 ? i * step : (width - left - right) / 2) }
        func y(_ v: Int64) -> Int { top + (height - top - bottom) - scaled(v, of: largest, room: height - top - bottom) }
        var svg = open(id, title, height: height)
        svg += #"<line x1="\#(left)" y1="\#(height - bottom)" x2="\#(width - right)" y2="\#(height - bottom)" stroke="gray"/>"#
        if points.count > 1 {
            let path = points.enumerated().map { "\(x($0.offset)),\(y($0.element.value))" }.joined(separator: " ")
            svg += #"<polyline fill="none" stroke="\#(colors[1])" stroke-width="2" points="\#(path)"/>"#
        }
        for (index, point) in points.enumerated() {
            svg += #"<circle class="point" cx="\#(x(index))" cy="\#(y(point.value))" r="4" fill="\#(colors[1])"><title>\#(escape(point.label)): \#(escape(point.text))</title></circle>"#
            svg += #"<text x="\#(x(index))" y="\#(y(point.value) - 8)" text-anchor="middle" font-size="11">\#(escape(point.text))</text>"#
            svg += #"<text x="\#(x(index))" y="\#(height - bottom + 16)" text-anchor="middle" font-size="11">\#(escape(point.label))</text>"#
        }
        return svg + "</svg>"
    }

    /// One vertical bar per label, its series stacked in order, with a legend.
    static func stacked(_ id: String, _ title: String, _ series: [(name: String, points: [IndicatorService.Point])]) -> String {
        let height = 280, left = 20, top = 30, bottom = 40
        let labels = series.first?.points.map(\.label) ?? []
        let totals = labels.indices.map { i in series.reduce(Int64(0)) { $0 &+ max(0, $1.points[i].value) } }
        let largest = max(1, totals.max() ?? 1)
        let slot = labels.isEmpty ? 0 : (width - left * 2) / labels.count
        let barWidth = max(6, min(60, slot - 10))
        var svg = open(id, title, height: height)
        for (s, item) in series.enumerated() {
            let x = left + s * 170
            svg += #"<rect x="\#(x)" y="6" width="12" height="12" fill="\#(colors[s % colors.count])"/><text x="\#(x + 16)" y="16" font-size="12">\#(escape(item.name))</text>"#
        }
        for (i, label) in labels.enumerated() {
            let x = left + i * slot + (slot - barWidth) / 2
            var base = height - bottom
            for (s, item) in series.enumerated() {
                let value = max(0, item.points[i].value)
                let size = scaled(value, of: largest, room: height - top - bottom)
                guard size > 0 else { continue }
                base -= size
                svg += #"<rect class="segment" x="\#(x)" y="\#(base)" width="\#(barWidth)" height="\#(size)" fill="\#(colors[s % colors.count])"><title>\#(escape(label)) · \#(escape(item.name)): \#(escape(item.points[i].text))</title></rect>"#
            }
            svg += #"<text x="\#(x + barWidth / 2)" y="\#(height - bottom + 16)" text-anchor="middle" font-size="11">\#(escape(label))</text>"#
        }
        return svg + "</svg>"
    }
}
