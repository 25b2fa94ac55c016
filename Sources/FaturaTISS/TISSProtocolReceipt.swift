internal import CLibXML2
import FaturaDomain
import Foundation

/// The payer's receipt of a claim batch (`PROTOCOLO_RECEBIMENTO`, `recebimentoLote`): its protocol
/// number and date for the batch, and the claims it refused at receipt with their TUSS 38 reasons —
/// or the message with which it refused the whole batch.
public struct TISSProtocolReceipt: Sendable, Equatable {
    public struct RefusedClaim: Sendable, Equatable {
        public var number: String
        public var reasons: [String]
    }

    public var payerANS: String
    public var batchNumber: String
    public var sentOn: CalendarDay?
    public var protocolNumber: String
    public var total: String?
    public var refused: [RefusedClaim]

    public enum ReadError: Error, Equatable, CustomStringConvertible {
        case notAReceipt(String)
        case batchRefused(code: String, text: String)
        case missing(String)

        public var description: String {
            switch self {
            case .notAReceipt(let kind): "O arquivo não é um protocolo de recebimento de lote TISS (tipo de transação: \(kind.isEmpty ? "ausente" : kind))."
            case .batchRefused(let code, let text): "O convênio recusou o lote inteiro no recebimento: \(code)\(text.isEmpty ? "" : " – " + text)."
            case .missing(let field): "O protocolo não tem o campo \(field)."
            }
        }
    }

    /// Reads a receipt already parsed the hardened way (`TISSDocument`: no DTD, no entities).
    public static func read(_ document: borrowing TISSDocument) throws(ReadError) -> TISSProtocolReceipt {
        let root = xmlDocGetRootElement(document.doc)
        let kind = text(root, ["cabecalho", "identificacaoTransacao", "tipoTransacao"]) ?? ""
        guard kind == "PROTOCOLO_RECEBIMENTO" else { throw .notAReceipt(kind) }
        guard let lot = element(root, ["operadoraParaPrestador", "recebimentoLote"]) else { throw .missing("recebimentoLote") }
        if let error = element(lot, ["mensagemErro"]) {
            throw .batchRefused(code: text(error, ["codigoGlosa"]) ?? "", text: text(error, ["descricaoGlosa"]) ?? "")
        }
        guard let receipt = element(lot, ["protocoloRecebimento"]) else { throw .missing("protocoloRecebimento") }
        guard let ans = text(receipt, ["registroANS"]) else { throw .missing("registroANS") }
        guard let batch = text(receipt, ["numeroLote"]) else { throw .missing("numeroLote") }
        guard let number = text(receipt, ["detalheProtocolo", "numeroProtocolo"]) else { throw .missing("numeroProtocolo") }
        var refused: [RefusedClaim] = []
        if let claims = element(receipt, ["detalheProtocolo", "dadosGuiasProtocolo"]) {
            for claim in children(claims, named: "dadosGuias") {
                guard let glosa = element(claim, ["glosaGuia"]) else { continue }
                let reasons = children(glosa, named: "motivoGlosa").map { reason in
                    [text(reason, ["codigoGlosa"]), text(reason, ["descricaoGlosa"])].compactMap { $0 }.joined(separator: " – ")
                }
                refused.append(RefusedClaim(number: text(claim, ["numeroGuiaPrestador"]) ?? "", reasons: reasons))
            }
        }
        return TISSProtocolReceipt(payerANS: ans, batchNumber: batch, sentOn: text(receipt, ["dataEnvioLote"]).flatMap { CalendarDay(iso: $0) },
                                   protocolNumber: number, total: text(receipt, ["detalheProtocolo", "valorTotalProtocolo"]), refused: refused)
    }

    private static func name(_ node: xmlNodePtr) -> String { String(cString: node.pointee.name) }

    private static func children(_ node: xmlNodePtr?, named wanted: String) -> [xmlNodePtr] {
        var found: [xmlNodePtr] = []
        var child = node?.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE && name(c) == wanted { found.append(c) }
            child = c.pointee.next
        }
        return found
    }

    /// The element at `path` below `node`, by local names (the `ans:` prefix is the namespace's).
    private static func element(_ node: xmlNodePtr?, _ path: [String]) -> xmlNodePtr? {
        var current = node
        for step in path { current = children(current, named: step).first; if current == nil { return nil } }
        return current
    }

    private static func text(_ node: xmlNodePtr?, _ path: [String]) -> String? {
        guard let element = element(node, path), let content = xmlNodeGetContent(element) else { return nil }
        defer { fatura_xml_free(content) }
        let value = String(cString: content).trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : String(value.prefix(500))
    }
}
