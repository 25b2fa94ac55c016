internal import CLibXML2

/// An element of a parsed TISS or spreadsheet part, for the readers' walks.
struct XMLElement {
    let node: xmlNodePtr

    var name: String { String(cString: node.pointee.name) }

    /// The text of the element and its descendants.
    var content: String {
        guard let text = xmlNodeGetContent(node) else { return "" }
        defer { fatura_xml_free(text) }
        return String(cString: text)
    }

    func attribute(_ name: String) -> String? {
        // Attributes by local name, whatever their namespace (`r:id`).
        var property = node.pointee.properties
        while let p = property {
            if String(cString: p.pointee.name) == name, let value = xmlNodeGetContent(UnsafeMutableRawPointer(p).assumingMemoryBound(to: xmlNode.self)) {
                defer { fatura_xml_free(value) }
                return String(cString: value)
            }
            property = p.pointee.next
        }
        return nil
    }

    func children(_ name: String, _ visit: (XMLElement) -> Void) {
        var child = node.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE, String(cString: c.pointee.name) == name { visit(XMLElement(node: c)) }
            child = c.pointee.next
        }
    }

    func firstChild(_ name: String) -> XMLElement? {
        var found: XMLElement?
        children(name) { if found == nil { found = $0 } }
        return found
    }

    /// The text of each leaf descendant by local name (the first of each name), with its line.
    func leaves() -> [String: TISSDocument.Cell] {
        var record: [String: TISSDocument.Cell] = [:]
        func walk(_ node: xmlNodePtr?) {
            var current = node
            while let n = current {
                if n.pointee.type == XML_ELEMENT_NODE {
                    var child = n.pointee.children, hasElement = false
                    while let c = child { if c.pointee.type == XML_ELEMENT_NODE { hasElement = true; break }; child = c.pointee.next }
                    if hasElement {
                        walk(n.pointee.children)
                    } else {
                        let element = XMLElement(node: n)
                        if record[element.name] == nil { record[element.name] = TISSDocument.Cell(text: XMLText.trimmed(element.content), line: Int(xmlGetLineNo(n))) }
                    }
                }
                current = n.pointee.next
            }
        }
        walk(node.pointee.children)
        return record
    }

    /// The text of every descendant element with this name, joined (a rich-text string's runs).
    func text(of name: String) -> String {
        var text = ""
        func walk(_ node: xmlNodePtr?) {
            var current = node
            while let n = current {
                if n.pointee.type == XML_ELEMENT_NODE {
                    let element = XMLElement(node: n)
                    if element.name == name { text += element.content } else if element.name != "rPh" { walk(n.pointee.children) }
                }
                current = n.pointee.next
            }
        }
        walk(node.pointee.children)
        return text
    }
}

extension TISSDocument {
    /// Visits every element with this local name, in document order (not inside a visited one).
    func each(_ name: String, _ visit: (XMLElement) -> Void) {
        func walk(_ node: xmlNodePtr?) {
            var current = node
            while let n = current {
                if n.pointee.type == XML_ELEMENT_NODE {
                    if String(cString: n.pointee.name) == name { visit(XMLElement(node: n)) } else { walk(n.pointee.children) }
                }
                current = n.pointee.next
            }
        }
        walk(xmlDocGetRootElement(doc))
    }
}
