import Foundation

/// One element of a page, as the tests read it: its attributes and what is between its tags.
struct HTMLElement: Equatable {
    let attributes: [String: String]
    let inner: String

    subscript(_ name: String) -> String? { attributes[name] }
    /// The inner text without tags or surrounding spaces.
    var text: String {
        inner.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression).trimmingCharacters(in: .whitespacesAndNewlines).htmlUnescaped
    }
}

/// A minimal scanner for the server's own markup (no nesting of the same tag inside itself, attribute
/// values in double quotes): enough to check a `<select>`'s options or a pager's links.
enum HTMLScan {
    /// Every `<tag …>` whose attributes include `matching` (a nil value: the attribute is present),
    /// with its content up to the next `</tag>` (empty for void elements such as `input`).
    static func elements(_ tag: String, in html: String, matching: [String: String?] = [:]) -> [HTMLElement] {
        let open = try! NSRegularExpression(pattern: "<\(tag)(\\s[^>]*)?>", options: [.caseInsensitive])
        let source = html as NSString
        var found: [HTMLElement] = []
        for match in open.matches(in: html, range: NSRange(location: 0, length: source.length)) {
            let attributeText = match.range(at: 1).location == NSNotFound ? "" : source.substring(with: match.range(at: 1))
            let attributes = Self.attributes(attributeText)
            guard matching.allSatisfy({ name, value in attributes[name].map { value == nil || $0 == value } ?? false }) else { continue }
            let after = NSRange(location: match.range.upperBound, length: source.length - match.range.upperBound)
            let close = source.range(of: "</\(tag)>", options: .caseInsensitive, range: after)
            let inner = close.location == NSNotFound ? "" : source.substring(with: NSRange(location: after.location, length: close.location - after.location))
            found.append(HTMLElement(attributes: attributes, inner: inner))
        }
        return found
    }

    /// The `<option>`s of the `<select name="name">` as (value, text, selected).
    static func options(ofSelect name: String, in html: String) -> [(value: String, text: String, selected: Bool)] {
        guard let select = elements("select", in: html, matching: ["name": name]).first else { return [] }
        return elements("option", in: select.inner).map { ($0["value"] ?? "", $0.text, $0["selected"] != nil) }
    }

    static func attributes(_ text: String) -> [String: String] {
        let pattern = try! NSRegularExpression(pattern: #"([A-Za-z_:][-A-Za-z0-9_:.]*)(?:="([^"]*)")?"#)
        let source = text as NSString
        var attributes: [String: String] = [:]
        for match in pattern.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            let name = source.substring(with: match.range(at: 1))
            let value = match.range(at: 2).location == NSNotFound ? "" : source.substring(with: match.range(at: 2))
            attributes[name] = value.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        }
        return attributes
    }
}

extension String {
    /// HTML text back to plain text (the five entities the pages escape).
    var htmlUnescaped: String {
        replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}
