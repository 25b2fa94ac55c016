internal import CLibXML2
import FaturaDomain
import Foundation

/// The payer's files about an appeal (TISS 4.01.00–4.03.00, operadora → prestador), read the
/// hardened way (`TISSDocument`: no DTD, no entity, no network):
/// - `recebimentoRecursoGlosa`: the payer received the appeal — its protocol number and dates;
/// - `respostaRecursoGlosa` (`reciboGlosa`): the answer — for the whole protocol or claim,
///   accepted yes/no; item by item, the amount accepted (`valorAcatadado`, the schema's spelling);
/// - either one's `mensagemErro`: the payer refused the file itself.
/// Small files (at most 100 claims): read whole.
public struct TISSAppealAnswer: Sendable, Equatable {
    public enum Kind: String, Sendable { case receipt, answer, refusal }

    public struct Item: Sendable, Equatable {
        public var claimNumber: String
        public var sequence: Int
        public var accepted: Money
        public var line: Int
    }

    public var kind: Kind
    public var payerANS: String?
    /// `dataRegistroTransacao` of the message: the day of the answer.
    public var messageDate: CalendarDay?
    /// Receipt: the payer's protocol of the appeal and when it received it.
    public var appealProtocol: String?
    public var receivedOn: CalendarDay?
    /// Receipt: the day the payer says the hospital sent it (`dataEnvioRecurso`).
    public var sentOn: CalendarDay?
    /// Answer: the appeal's number as the hospital wrote it (`numeroGuiaRecGlosaPrestador`) and
    /// the protocol it appealed.
    public var appealNumber: String?
    public var protocolNumber: String?
    public var protocolAccepted: Bool?
    public var claimsAccepted: [String: Bool] = [:]
    public var items: [Item] = []
    /// Refusal: the payer's code and text.
    public var refusal: String?

    public enum ReadError: Error, Equatable, CustomStringConvertible {
        case document(TISSDocument.ReadError)
        case notAnAnswer
        case invalidValue(line: Int, field: String, value: String)

        public var description: String {
            switch self {
            case .document(let error): error.description
            case .notAnAnswer: "O arquivo não é um recebimento nem uma resposta de recurso de glosa TISS (recebimentoRecursoGlosa / respostaRecursoGlosa)."
            case .invalidValue(let line, let field, let value): "Linha \(line): \(field) inválido (“\(value.prefix(40))”)."
            }
        }
    }

    public static func read(_ bytes: [UInt8]) throws(ReadError) -> TISSAppealAnswer {
        let document: TISSDocument
        do { document = try TISSDocument(bytes) } catch { throw .document(error) }
        let header = document.records(named: "identificacaoTransacao").first
        let messageDate = header?["dataRegistroTransacao"].flatMap { CalendarDay(iso: $0.text) }
        if let receipt = document.records(named: "protocoloRecebimento").first {
            return TISSAppealAnswer(kind: .receipt, payerANS: receipt["registroANS"]?.text, messageDate: messageDate,
                                    appealProtocol: receipt["nrProtocoloRecursoGlosa"]?.text,
                                    receivedOn: receipt["dataRecebimentoRecurso"].flatMap { CalendarDay(iso: $0.text) },
                                    sentOn: receipt["dataEnvioRecurso"].flatMap { CalendarDay(iso: $0.text) },
                                    protocolNumber: receipt["nrProtocoloRecursado"]?.text)
        }
        if let answer = document.records(named: "reciboGlosa").first {
            var result = TISSAppealAnswer(kind: .answer, payerANS: answer["registroANS"]?.text, messageDate: messageDate,
                                          appealNumber: answer["numeroGuiaRecGlosaPrestador"]?.text, protocolNumber: answer["numeroProtocolo"]?.text)
            if let whole = document.records(named: "recursoProtocolo").first {
                result.protocolAccepted = try flag(whole["recursoAcatado"], "recursoAcatado")
            }
            for claim in document.records(named: "respostaGuia") {
                guard let number = claim["numeroGuiaPrestador"]?.text else { continue }
                result.claimsAccepted[number] = try flag(claim["recursoGuiaAcatado"], "recursoGuiaAcatado")
            }
            for item in document.records(named: "respostaGuiaItens") {
                guard let number = item["numeroGuiaPrestador"]?.text else { continue }
                guard let sequence = item["sequencialItem"], let value = Int(sequence.text), (1...9_999).contains(value) else {
                    throw .invalidValue(line: item["sequencialItem"]?.line ?? 0, field: "sequencialItem", value: item["sequencialItem"]?.text ?? "")
                }
                guard let accepted = item["valorAcatadado"], let cents = TISSFormat.cents(accepted.text) else {
                    throw .invalidValue(line: item["valorAcatadado"]?.line ?? item["sequencialItem"]?.line ?? 0, field: "valorAcatadado",
                                        value: item["valorAcatadado"]?.text ?? "")
                }
                result.items.append(Item(claimNumber: number, sequence: value, accepted: Money(cents: cents), line: accepted.line))
            }
            return result
        }
        if let error = document.records(named: "mensagemErro").first {
            let text = [error["codigoGlosa"]?.text, error["descricaoGlosa"]?.text].compactMap { $0 }.joined(separator: " — ")
            return TISSAppealAnswer(kind: .refusal, payerANS: nil, messageDate: messageDate, refusal: text.isEmpty ? "sem descrição" : String(text.prefix(500)))
        }
        throw .notAnAnswer
    }

    static func flag(_ cell: TISSDocument.Cell?, _ field: String) throws(ReadError) -> Bool {
        switch cell?.text {
        case "S": true
        case "N": false
        default: throw .invalidValue(line: cell?.line ?? 0, field: field, value: cell?.text ?? "")
        }
    }
}

extension TISSDocument {
    /// A leaf's text and line.
    public struct Cell: Sendable, Equatable {
        public var text: String
        public var line: Int
    }

    /// Each element with this local name, as the text of its leaf descendants by local name (the
    /// first of each name): the small operator → provider messages read as records.
    public func records(named name: String) -> [[String: Cell]] {
        var found: [[String: Cell]] = []
        each(name) { found.append($0.leaves()) }
        return found
    }
}
