internal import CLibXML2
import FaturaDomain
import Foundation

/// Reads a payer's `demonstrativoAnaliseConta` (TISS 4.01.00–4.03.00) as a stream — libxml2's
/// pull reader, no tree, so a 50 MB statement is read in one pass with what one item holds — the
/// hardened way: no network, entities never substituted, and a `<!DOCTYPE …>` refused at the first
/// node, before anything it declares could be expanded (billion laughs, external entities).
/// Amounts are read exactly (`850.00` → 85 000 centavos); a value that is not a TISS decimal names
/// its line.
public enum TISSStatementReader {
    public enum ReadError: Error, Equatable, CustomStringConvertible {
        case malformed(line: Int, message: String)
        case doctype
        case tooLarge
        case notAStatement(String)
        case invalidValue(line: Int, field: String, value: String)

        public var description: String {
            switch self {
            case .malformed(let line, let message): TISSDocument.ReadError.malformed(line: line, message: message).description
            case .doctype: TISSDocument.ReadError.doctype.description
            case .tooLarge: "O arquivo passa do limite de 256 MiB."
            case .notAStatement(let kind): "O arquivo não é um demonstrativo de análise de conta TISS (tipo de transação: \(kind.isEmpty ? "ausente" : kind))."
            case .invalidValue(let line, let field, let value): "Linha \(line): \(field) inválido (“\(value.prefix(40))”)."
            }
        }
    }

    public static let maxBytes = 256 * 1024 * 1024

    /// Every `demonstrativoAnaliseConta` of the message (TISS allows up to 30 in one).
    public static func read(_ bytes: [UInt8]) throws(ReadError) -> [Statement] {
        guard bytes.count <= maxBytes else { throw .tooLarge }
        guard !bytes.isEmpty else { throw .malformed(line: 0, message: "arquivo vazio") }
        // Refused before the parser sees the DTD's internal subset (which it would parse first).
        if XMLProlog.declaresDoctype(bytes) { throw .doctype }
        // The reader reads the caller's bytes in place: everything happens while they are pinned.
        let result = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
                Result { () throws(ReadError) -> [Statement] in try stream(base, count: buffer.count) }
            }
        }
        return try result.get()
    }

    private static func stream(_ base: UnsafePointer<CChar>, count: Int) throws(ReadError) -> [Statement] {
        // NONET: never fetch; no NOENT/DTDLOAD: entities are not substituted and no DTD is loaded.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        guard let reader = xmlReaderForMemory(base, Int32(count), "demonstrativo.xml", nil, options) else {
            throw .malformed(line: 0, message: "não foi possível ler o arquivo")
        }
        defer { xmlFreeTextReader(reader) }
        var builder = Builder()
        var path: [Tag] = []
        var text = ""
        // libxml2 interns names in the reader's dictionary: the same name comes back at the same
        // address, so each is turned into a tag once (bounded, should a name not be interned).
        var tags: [UnsafeRawPointer: Tag] = [:]
        func tag(_ name: UnsafePointer<xmlChar>?) -> Tag {
            guard let name else { return .other }
            if let known = tags[UnsafeRawPointer(name)] { return known }
            let found = Tag(rawValue: String(cString: name)) ?? .other
            if tags.count < 256 { tags[UnsafeRawPointer(name)] = found }
            return found
        }
        // The current node's own line (the parser's position runs ahead of it), asked only when needed.
        func line() -> Int { Int(xmlGetLineNo(xmlTextReaderCurrentNode(reader))) }
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            if status < 0 {
                let error = xmlGetLastError()
                let message = error.flatMap { $0.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } } ?? "erro de leitura"
                throw .malformed(line: Int(error?.pointee.line ?? Int32(xmlTextReaderGetParserLineNumber(reader))), message: message)
            }
            switch xmlTextReaderNodeType(reader) {
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue), Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue):
                throw .doctype
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let name = tag(xmlTextReaderConstLocalName(reader))
                let parent = path.last ?? .other
                path.append(name)
                text = ""
                builder.open(name, line: line)
                if xmlTextReaderIsEmptyElement(reader) == 1 {
                    try builder.close(name, parent: parent, text: "", line: line)
                    path.removeLast()
                }
            case Int32(XML_READER_TYPE_TEXT.rawValue):
                // Only the text of the fields read is made a string.
                if path.last?.isField == true, let value = xmlTextReaderConstValue(reader) {
                    if text.isEmpty { text = String(cString: value) } else if text.utf8.count < 1_000 { text += String(cString: value) }
                }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                guard let name = path.popLast() else { break }
                try builder.close(name, parent: path.last ?? .other, text: XMLText.trimmed(text), line: line)
                text = ""
            default: break
            }
        }
        guard builder.kind == "DEMONSTRATIVO_ANALISE_CONTA" else { throw .notAStatement(builder.kind) }
        return builder.statements
    }

    /// The elements the reader knows, by local name; every other is `.other`.
    enum Tag: String {
        case other = ""
        case identificacaoTransacao, tipoTransacao, cabecalhoDemonstrativo, registroANS, numeroDemonstrativo, dataEmissao
        case demonstrativoAnaliseConta, dadosConta, dadosProtocolo, numeroLotePrestador, numeroProtocolo, dataProtocolo, situacaoProtocolo
        case relacaoGuias, numeroGuiaPrestador, detalhesGuia, sequencialItem, dataRealizacao, procedimento, codigoTabela, codigoProcedimento
        case descricaoProcedimento, qtdExecutada, valorInformado, valorProcessado, valorLiberado, relacaoGlosa, valorGlosa, tipoGlosa
        case valorInformadoGuia, valorProcessadoGuia, valorLiberadoGuia, valorGlosaGuia
        case valorInformadoProtocolo, valorProcessadoProtocolo, valorLiberadoProtocolo, valorGlosaProtocolo
        case valorInformadoGeral, valorProcessadoGeral, valorLiberadoGeral, valorGlosaGeral

        /// An element whose text is read.
        var isField: Bool {
            switch self {
            case .other, .identificacaoTransacao, .cabecalhoDemonstrativo, .demonstrativoAnaliseConta, .dadosConta, .dadosProtocolo,
                 .relacaoGuias, .detalhesGuia, .procedimento, .relacaoGlosa: false
            default: true
            }
        }
    }

    /// Builds the statements from the elements as they close.
    struct Builder {
        var kind = ""
        var statements: [Statement] = []
        var statement: Statement?
        var proto: StatementProtocol?
        var claim: StatementClaim?
        var line: StatementLine?
        var glosaValue: Money?
        var glosaCode: String?
        var values: [String: String] = [:]

        mutating func open(_ name: Tag, line: () -> Int) {
            switch name {
            case .demonstrativoAnaliseConta: statement = Statement(protocols: [])
            case .dadosProtocolo: proto = StatementProtocol(protocolNumber: nil, claims: [])
            case .relacaoGuias: claim = StatementClaim(claimNumber: "", lines: [])
            case .detalhesGuia:
                self.line = StatementLine(protocolNumber: proto?.protocolNumber, claimNumber: claim?.claimNumber ?? "", sequence: nil, code: "",
                                          informed: .zero, released: .zero, source: line())
            case .relacaoGlosa: glosaValue = nil; glosaCode = nil
            default: break
            }
        }

        static func money(_ text: String, _ field: Tag, _ line: () -> Int) throws(ReadError) -> Money {
            guard let value = TISSFormat.cents(text) else { throw .invalidValue(line: line(), field: field.rawValue, value: text) }
            return Money(cents: value)
        }

        mutating func close(_ name: Tag, parent: Tag, text: String, line number: () -> Int) throws(ReadError) {
            switch (parent, name) {
            case (.identificacaoTransacao, .tipoTransacao): kind = text
            case (.cabecalhoDemonstrativo, .registroANS): statement?.payerANS = text
            case (.cabecalhoDemonstrativo, .numeroDemonstrativo): statement?.number = text
            case (.cabecalhoDemonstrativo, .dataEmissao): statement?.issuedOn = CalendarDay(iso: text)
            case (.dadosProtocolo, .numeroLotePrestador): proto?.batchNumber = text
            case (.dadosProtocolo, .numeroProtocolo): proto?.protocolNumber = text
            case (.dadosProtocolo, .dataProtocolo): proto?.protocolDate = CalendarDay(iso: text)
            case (.dadosProtocolo, .situacaoProtocolo): proto?.situation = ProtocolSituation(rawValue: text)
            case (.relacaoGuias, .numeroGuiaPrestador): claim?.claimNumber = text
            case (.detalhesGuia, .sequencialItem):
                guard let value = Int(text), (1...9_999).contains(value) else { throw .invalidValue(line: number(), field: name.rawValue, value: text) }
                line?.sequence = value
            case (.detalhesGuia, .dataRealizacao): line?.day = CalendarDay(iso: text)
            case (.procedimento, .codigoTabela): line?.table = text
            case (.procedimento, .codigoProcedimento): line?.code = text
            case (.procedimento, .descricaoProcedimento): line?.description = text.utf8.count <= 150 ? text : String(text.prefix(150))
            case (.detalhesGuia, .qtdExecutada): line?.quantity = Quantity(parsing: text)
            case (.detalhesGuia, .valorInformado): line?.informed = try Self.money(text, name, number)
            case (.detalhesGuia, .valorProcessado): line?.processed = try Self.money(text, name, number)
            case (.detalhesGuia, .valorLiberado): line?.released = try Self.money(text, name, number)
            case (.relacaoGlosa, .valorGlosa): glosaValue = try Self.money(text, name, number)
            case (.relacaoGlosa, .tipoGlosa): glosaCode = text
            case (_, .relacaoGlosa):
                if let glosaValue, let glosaCode { line?.glosas.append(StatementGlosa(code: glosaCode, value: glosaValue)) }
            case (.relacaoGuias, .detalhesGuia):
                if let done = line { claim?.lines.append(done) }
                line = nil
            case (.relacaoGuias, .valorInformadoGuia), (.relacaoGuias, .valorProcessadoGuia), (.relacaoGuias, .valorLiberadoGuia), (.relacaoGuias, .valorGlosaGuia),
                 (.dadosProtocolo, .valorInformadoProtocolo), (.dadosProtocolo, .valorProcessadoProtocolo), (.dadosProtocolo, .valorLiberadoProtocolo),
                 (.dadosProtocolo, .valorGlosaProtocolo), (.demonstrativoAnaliseConta, .valorInformadoGeral), (.demonstrativoAnaliseConta, .valorProcessadoGeral),
                 (.demonstrativoAnaliseConta, .valorLiberadoGeral), (.demonstrativoAnaliseConta, .valorGlosaGeral):
                values[name.rawValue] = text
            case (.dadosProtocolo, .relacaoGuias):
                if var done = claim {
                    done.stated = try totals(suffix: "Guia", line: number())
                    proto?.claims.append(done)
                }
                claim = nil
            case (.dadosConta, .dadosProtocolo):
                if var done = proto {
                    done.stated = try totals(suffix: "Protocolo", line: number())
                    statement?.protocols.append(done)
                }
                proto = nil
            case (_, .demonstrativoAnaliseConta):
                if var done = statement {
                    done.stated = try totals(suffix: "Geral", line: number())
                    statements.append(done)
                }
                statement = nil
            default: break
            }
        }

        /// The four stated amounts of a level, read as its block closes; nil when the payer gave none.
        mutating func totals(suffix: String, line number: Int) throws(ReadError) -> StatementTotals? {
            defer { for key in ["Informado", "Processado", "Liberado", "Glosa"] { values["valor\(key)\(suffix)"] = nil } }
            guard let informed = values["valorInformado\(suffix)"] else { return nil }
            func cents(_ text: String, _ field: String) throws(ReadError) -> Money {
                guard let value = TISSFormat.cents(text) else { throw .invalidValue(line: number, field: field, value: text) }
                return Money(cents: value)
            }
            func amount(_ key: String) throws(ReadError) -> Money? {
                guard let text = values["valor\(key)\(suffix)"] else { return nil }
                return try cents(text, "valor\(key)\(suffix)")
            }
            return StatementTotals(informed: try cents(informed, "valorInformado\(suffix)"), processed: try amount("Processado"),
                                   released: try amount("Liberado") ?? .zero, glosa: try amount("Glosa") ?? .zero)
        }
    }
}

/// Text of XML elements.
enum XMLText {
    /// Without the XML whitespace around it (space, tab, CR, LF), without going through Foundation.
    static func trimmed(_ text: String) -> String {
        let bytes = text.utf8
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        guard let first = bytes.first, let last = bytes.last, isSpace(first) || isSpace(last) else { return text }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }), let end = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[start...end])
    }
}

/// The prolog of an XML file: what comes before its first element.
enum XMLProlog {
    /// Whether a `<!DOCTYPE` comes before the first element (after a BOM, whitespace, the XML
    /// declaration, processing instructions and comments).
    static func declaresDoctype(_ bytes: [UInt8]) -> Bool {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func at(_ text: String) -> Bool { bytes[i...].starts(with: Array(text.utf8)) }
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            case UInt8(ascii: "<"):
                if at("<!DOCTYPE") { return true }
                let end: String
                if at("<?") { end = "?>" } else if at("<!--") { end = "-->" } else { return false }
                guard let close = find(end, in: bytes, from: i + 2) else { return false }
                i = close
            default: return false
            }
        }
        return false
    }

    static func find(_ text: String, in bytes: [UInt8], from start: Int) -> Int? {
        let needle = Array(text.utf8)
        var i = start
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) { return i + needle.count }
            i += 1
        }
        return nil
    }
}
