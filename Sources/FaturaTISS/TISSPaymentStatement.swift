internal import CLibXML2
import FaturaDomain

/// The payer's messages about money and protocols (TISS 4.01.00–4.03.00, operadora → prestador),
/// read the hardened way (`TISSDocument`: no DTD, no entity, no network). They are small (a
/// payment statement goes down to the claim only, a protocol's situation is one batch), so they
/// are read whole, unlike the line-by-line analysis statement.
public enum TISSPayerMessage {
    /// `tipoTransacao` of a message, found in its first 8 KiB without parsing it (the header comes
    /// first): which reader the file goes to.
    public static func transaction(_ bytes: [UInt8]) -> String? {
        let head = Array(bytes.prefix(8_192))
        // `find` answers the index just past the text found.
        guard let start = XMLProlog.find("tipoTransacao>", in: head, from: 0) else { return nil }
        var end = start
        while end < head.count, head[end] != UInt8(ascii: "<") { end += 1 }
        guard end < head.count else { return nil }
        let text = XMLText.trimmed(String(decoding: head[start..<end], as: UTF8.self))
        return text.isEmpty || text.count > 40 ? nil : text
    }

    public enum ReadError: Error, Equatable, CustomStringConvertible {
        case document(TISSDocument.ReadError)
        case wrongTransaction(expected: String, found: String)
        /// The payer's `mensagemErro` instead of the content.
        case refused(String)
        case missing(field: String, line: Int)
        case invalidValue(line: Int, field: String, value: String)

        public var description: String {
            switch self {
            case .document(let error): error.description
            case .wrongTransaction(let expected, let found):
                "O arquivo não é um \(expected) TISS (tipo de transação: \(found.isEmpty ? "ausente" : found))."
            case .refused(let text): "O convênio enviou uma mensagem de erro em vez do conteúdo: \(text)."
            case .missing(let field, let line): "Linha \(line): falta o campo \(field)."
            case .invalidValue(let line, let field, let value): "Linha \(line): \(field) inválido (“\(value.prefix(40))”)."
            }
        }
    }

    // MARK: demonstrativoPagamento

    public static func paymentStatement(_ bytes: [UInt8]) throws(ReadError) -> PaymentStatement {
        let document: TISSDocument
        do { document = try TISSDocument(bytes) } catch { throw .document(error) }
        let kind = document.records(named: "identificacaoTransacao").first?["tipoTransacao"]?.text ?? ""
        guard kind == "DEMONSTRATIVO_PAGAMENTO" else { throw .wrongTransaction(expected: "demonstrativo de pagamento", found: kind) }
        var found: XMLElement?
        document.each("demonstrativoPagamento") { if found == nil { found = $0 } }
        guard let root = found else {
            if let error = document.records(named: "mensagemErro").first { throw .refused(refusal(error)) }
            throw .missing(field: "demonstrativoPagamento", line: 1)
        }
        let header = try required(root, "cabecalhoDemonstrativo")
        let cells = header.leaves()
        let ans = try text(cells, "registroANS", header), number = try text(cells, "numeroDemonstrativo", header)
        let issued = try day(cells, "dataEmissao", header)
        var dates: [PaymentDate] = []
        var failure: ReadError?
        try required(root, "pagamentos").children("pagamentosPorData") { element in
            guard failure == nil else { return }
            do throws(ReadError) { dates.append(try paymentDate(element)) } catch { failure = error }
        }
        if let failure { throw failure }
        let totals = try required(root, "totaisDemonstrativo")
        let gross = try required(totals, "totaisBrutosDemonstrativo").leaves(), net = try required(totals, "totaisLiquidosDemonstrativo").leaves()
        var adjustments: [PaymentAdjustment] = []
        totals.children("debitosCreditosDemonstrativo") { element in
            guard failure == nil else { return }
            do throws(ReadError) { adjustments.append(try adjustment(element)) } catch { failure = error }
        }
        if let failure { throw failure }
        return PaymentStatement(number: String(number.prefix(20)), payerANS: ans, issuedOn: issued, dates: dates, adjustments: adjustments,
                                statedGross: try money(gross, "valorLiberadoBruto", totals), statedDebits: try money(net, "totalDebitosDemonstrativo", totals),
                                statedCredits: try money(net, "totalCreditosdemonstrativo", totals), statedNet: try money(net, "valorLiberadoDemonstrativo", totals))
    }

    static func paymentDate(_ element: XMLElement) throws(ReadError) -> PaymentDate {
        let payment = try required(element, "dadosPagamento")
        let data = payment.leaves()
        var protocols: [PaidProtocol] = []
        var failure: ReadError?
        try required(element, "dadosResumo").children("relacaoProtocolos") { row in
            guard failure == nil else { return }
            do throws(ReadError) { protocols.append(try paidProtocol(row)) } catch { failure = error }
        }
        var adjustments: [PaymentAdjustment] = []
        element.firstChild("debitosCreditosPorData")?.children("debitosCreditos") { row in
            guard failure == nil else { return }
            do throws(ReadError) { adjustments.append(try adjustment(row)) } catch { failure = error }
        }
        if let failure { throw failure }
        let gross = try required(element, "totaisBrutosPorData").leaves(), net = try required(element, "totaisLiquidosPorData").leaves()
        return PaymentDate(paidOn: try day(data, "dataPagamento", payment), method: try text(data, "formaPagamento", payment), protocols: protocols,
                           adjustments: adjustments, statedReleased: try money(gross, "totaLiberadoPorData", element),
                           statedDebits: try money(net, "totalDebitosPorData", element), statedCredits: try money(net, "totalCreditosPorData", element),
                           statedNet: try money(net, "liquidoPorData", element))
    }

    static func paidProtocol(_ row: XMLElement) throws(ReadError) -> PaidProtocol {
        var cells: [String: TISSDocument.Cell] = [:]
        var claims: [PaidClaim] = []
        var failure: ReadError?
        // The protocol's own leaves (its claims' leaves share names with it: read apart).
        var child = row.node.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE {
                let element = XMLElement(node: c)
                if element.name == "guiasDoLote" {
                    let claim = element.leaves()
                    do throws(ReadError) {
                        claims.append(PaidClaim(claimNumber: try text(claim, "numeroGuiaPrestador", element),
                                                processed: try money(claim, "valorProcessadoGuia", element),
                                                released: try money(claim, "valorLiberadoGuia", element),
                                                glosa: try optionalMoney(claim, "valorGlosaGuia")))
                    } catch { if failure == nil { failure = error } }
                } else {
                    cells[element.name] = TISSDocument.Cell(text: XMLText.trimmed(element.content), line: Int(xmlGetLineNo(c)))
                }
            }
            child = c.pointee.next
        }
        if let failure { throw failure }
        return PaidProtocol(protocolNumber: try text(cells, "numeroProtocolo", row), batchNumber: try text(cells, "numeroLote", row),
                            protocolDate: cells["dataProtocolo"].flatMap { CalendarDay(iso: $0.text) },
                            informed: try money(cells, "valorInformado", row), processed: try money(cells, "valorProcessado", row),
                            released: try money(cells, "valorLiberado", row), glosa: try optionalMoney(cells, "valorGlosa"), claims: claims,
                            line: Int(xmlGetLineNo(row.node)))
    }

    static func adjustment(_ row: XMLElement) throws(ReadError) -> PaymentAdjustment {
        let cells = row.leaves()
        let indicator = try text(cells, "indicador", row)
        guard indicator == "1" || indicator == "2" else { throw .invalidValue(line: cells["indicador"]?.line ?? 0, field: "indicador", value: indicator) }
        return PaymentAdjustment(isDebit: indicator == "1", type: try text(cells, "tipoDebitoCredito", row),
                                 description: String(try text(cells, "descricaoDbCr", row).prefix(40)), amount: try money(cells, "valorDbCr", row))
    }

    // MARK: situacaoProtocolo

    /// A batch's situation at the payer (`situacaoProtocolo` › `situacaoDoProtocolo` › `detalheLote`).
    public struct ProtocolStatus: Sendable, Equatable {
        public var payerANS: String
        public var protocolNumber: String
        public var batchNumber: String
        public var situation: ProtocolSituation
        /// `dataRegistroTransacao` of the message: the day the situation was stated.
        public var statedOn: CalendarDay?

        public init(payerANS: String, protocolNumber: String, batchNumber: String, situation: ProtocolSituation, statedOn: CalendarDay?) {
            self.payerANS = payerANS
            self.protocolNumber = protocolNumber
            self.batchNumber = batchNumber
            self.situation = situation
            self.statedOn = statedOn
        }
    }

    public static func protocolStatus(_ bytes: [UInt8]) throws(ReadError) -> ProtocolStatus {
        let document: TISSDocument
        do { document = try TISSDocument(bytes) } catch { throw .document(error) }
        let header = document.records(named: "identificacaoTransacao").first
        let kind = header?["tipoTransacao"]?.text ?? ""
        guard kind == "SITUACAO_PROTOCOLO" else { throw .wrongTransaction(expected: "situação de protocolo", found: kind) }
        var found: XMLElement?
        document.each("situacaoDoProtocolo") { if found == nil { found = $0 } }
        guard let status = found else {
            if let error = document.records(named: "mensagemErro").first { throw .refused(refusal(error)) }
            throw .missing(field: "situacaoDoProtocolo", line: 1)
        }
        if let error = status.firstChild("lote")?.firstChild("mensagemErro") { throw .refused(refusal(error.leaves())) }
        let ans = try text(status.leaves(), "identificacaoOperadora", status)
        let lot = try required(try required(status, "lote"), "detalheLote")
        let cells = lot.leaves()
        let code = try text(cells, "statusProtocolo", lot)
        guard let situation = ProtocolSituation(rawValue: code) else {
            throw .invalidValue(line: cells["statusProtocolo"]?.line ?? 0, field: "statusProtocolo", value: code)
        }
        return ProtocolStatus(payerANS: ans, protocolNumber: try text(cells, "numeroProtocolo", lot), batchNumber: try text(cells, "numeroLote", lot),
                              situation: situation, statedOn: header?["dataRegistroTransacao"].flatMap { CalendarDay(iso: $0.text) })
    }

    // MARK: cells

    static func refusal(_ cells: [String: TISSDocument.Cell]) -> String {
        let text = [cells["codigoGlosa"]?.text, cells["descricaoGlosa"]?.text].compactMap { $0 }.joined(separator: " — ")
        return text.isEmpty ? "sem descrição" : String(text.prefix(500))
    }

    static func required(_ element: XMLElement, _ name: String) throws(ReadError) -> XMLElement {
        guard let child = element.firstChild(name) else { throw .missing(field: name, line: Int(xmlGetLineNo(element.node))) }
        return child
    }

    static func text(_ cells: [String: TISSDocument.Cell], _ field: String, _ parent: XMLElement) throws(ReadError) -> String {
        guard let cell = cells[field], !cell.text.isEmpty else { throw .missing(field: field, line: Int(xmlGetLineNo(parent.node))) }
        return cell.text
    }

    static func day(_ cells: [String: TISSDocument.Cell], _ field: String, _ parent: XMLElement) throws(ReadError) -> CalendarDay {
        let value = try text(cells, field, parent)
        guard let day = CalendarDay(iso: value) else { throw .invalidValue(line: cells[field]?.line ?? 0, field: field, value: value) }
        return day
    }

    static func money(_ cells: [String: TISSDocument.Cell], _ field: String, _ parent: XMLElement) throws(ReadError) -> Money {
        let value = try text(cells, field, parent)
        guard let cents = TISSFormat.cents(value) else { throw .invalidValue(line: cells[field]?.line ?? 0, field: field, value: value) }
        return Money(cents: cents)
    }

    static func optionalMoney(_ cells: [String: TISSDocument.Cell], _ field: String) throws(ReadError) -> Money? {
        guard let cell = cells[field], !cell.text.isEmpty else { return nil }
        guard let cents = TISSFormat.cents(cell.text) else { throw .invalidValue(line: cell.line, field: field, value: cell.text) }
        return Money(cents: cents)
    }
}
