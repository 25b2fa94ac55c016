import FaturaDomain

/// An appeal to write as the ANS `mensagemTISS` of `RECURSO_GLOSA` (`ctm_recursoGlosa`, the same
/// in 4.01.00, 4.02.00 and 4.03.00): one protocol, at most 100 claims.
public struct TISSAppeal: Sendable {
    public var version: TISSVersion
    public var encoding: TISSHashEncoding
    /// `sequencialTransacao` (the appeal's number).
    public var sequence: Int
    public var generatedOn: CalendarDay
    public var generatedSecond: Int
    public var hospital: ProviderIdentification
    public var ansRegistry: String
    public var payerName: String
    public var appeal: Appeal

    public init(version: TISSVersion, encoding: TISSHashEncoding, sequence: Int, generatedOn: CalendarDay, generatedSecond: Int,
                hospital: ProviderIdentification, ansRegistry: String, payerName: String, appeal: Appeal) {
        self.version = version
        self.encoding = encoding
        self.sequence = sequence
        self.generatedOn = generatedOn
        self.generatedSecond = generatedSecond
        self.hospital = hospital
        self.ansRegistry = ansRegistry
        self.payerName = payerName
        self.appeal = appeal
    }
}

public enum TISSAppealWriter {
    public static func write(_ message: TISSAppeal) -> (bytes: [UInt8], hash: String) {
        let appeal = message.appeal
        var w = TISSXMLWriter(encoding: message.encoding == .utf8 ? .utf8 : .iso88591)
        w.providerMessageHeader(transaction: "RECURSO_GLOSA", sequence: message.sequence, on: message.generatedOn, second: message.generatedSecond,
                                hospital: message.hospital, ansRegistry: message.ansRegistry, version: message.version)
        w.open("prestadorParaOperadora")
        w.open("recursoGlosa")
        w.open("guiaRecursoGlosa")
        w.leaf("registroANS", message.ansRegistry)
        w.leaf("numeroGuiaRecGlosaPrestador", String(appeal.number))
        w.leaf("nomeOperadora", String(message.payerName.prefix(70)))
        w.leaf("objetoRecurso", appeal.scope == .wholeProtocol ? "1" : "2")
        TISSBatchWriter.contractor(message.hospital, "dadosContratado", &w)
        w.leaf("numeroLote", String(appeal.batchNumber))
        w.leaf("numeroProtocolo", appeal.protocolNumber)
        w.open("opcaoRecurso")
        let justification = String((appeal.justification ?? "").prefix(AppealRules.justificationLength))
        if appeal.scope == .wholeProtocol {
            w.open("recursoProtocolo")
            w.leaf("codigoGlosaProtocolo", appeal.items.first?.reasonCode ?? "")
            w.leaf("justificativaProtocolo", justification)
            w.close("recursoProtocolo")
        } else {
            // Claims in the order their first item appears; items in claim order.
            var order: [String] = []
            var byClaim: [String: [AppealItem]] = [:]
            for item in appeal.items {
                if byClaim[item.claimNumber] == nil { order.append(item.claimNumber) }
                byClaim[item.claimNumber, default: []].append(item)
            }
            for claim in order {
                let items = byClaim[claim]!.sorted { ($0.sequence, $0.reasonCode) < ($1.sequence, $1.reasonCode) }
                w.open("recursoGuia")
                w.leaf("numeroGuiaOrigem", claim)
                w.open("opcaoRecursoGuia")
                if appeal.scope == .wholeClaim {
                    // One entry per reason the claim was denied for, each with the claim's justification.
                    var seen: Set<String> = []
                    for item in items where seen.insert(item.reasonCode).inserted {
                        w.open("recursoGuiaCompleta")
                        w.leaf("codGlosaGuia", item.reasonCode)
                        w.leaf("justificativaGuia", justification)
                        w.close("recursoGuiaCompleta")
                    }
                } else {
                    for item in items {
                        w.open("itensGuia")
                        w.leaf("sequencialItem", String(item.sequence))
                        w.leaf("dataInicio", item.day.iso)
                        w.open("procRecurso")
                        w.leaf("codigoTabela", item.table)
                        w.leaf("codigoProcedimento", item.code)
                        w.leaf("descricaoProcedimento", String(item.description.prefix(150)))
                        w.close("procRecurso")
                        w.leaf("codGlosaItem", item.reasonCode)
                        w.leaf("valorRecursado", TISSFormat.money(item.amount))
                        w.leaf("justificativaItem", String(item.justification.prefix(AppealRules.justificationLength)))
                        w.close("itensGuia")
                    }
                }
                w.close("opcaoRecursoGuia")
                w.close("recursoGuia")
            }
        }
        w.close("opcaoRecurso")
        w.leaf("valorTotalRecursado", TISSFormat.money(appeal.total))
        w.leaf("dataRecurso", message.generatedOn.iso)
        w.close("guiaRecursoGlosa")
        w.close("recursoGlosa")
        w.close("prestadorParaOperadora")
        let hash = w.finishMessage()
        return (w.bytes, hash)
    }
}
