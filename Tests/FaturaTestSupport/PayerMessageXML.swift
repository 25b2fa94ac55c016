import FaturaDomain

/// The payer's TISS messages the tests import, written by hand after the 4.03.00 schema
/// (`ctm_demonstrativoPagamento`, `ct_situacaoProtocolo`): the sample SP/SADT batch (protocol
/// 123456, batch 1, claim SADT000001 of R$ 1.137,00) released at 1.062,00 after the sample
/// statement's two glosas (50,00 + 25,00).
public enum PayerMessageXML {
    public static func message(_ kind: String, date: String = "2026-12-04", ans: String = "999999", _ body: String) -> [UInt8] {
        Array("""
        <?xml version="1.0" encoding="ISO-8859-1"?>
        <ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas">
        <ans:cabecalho><ans:identificacaoTransacao><ans:tipoTransacao>\(kind)</ans:tipoTransacao><ans:sequencialTransacao>11</ans:sequencialTransacao>
        <ans:dataRegistroTransacao>\(date)</ans:dataRegistroTransacao><ans:horaRegistroTransacao>10:00:00</ans:horaRegistroTransacao></ans:identificacaoTransacao>
        <ans:origem><ans:registroANS>\(ans)</ans:registroANS></ans:origem><ans:destino><ans:identificacaoPrestador><ans:codigoPrestadorNaOperadora>HOSP0001</ans:codigoPrestadorNaOperadora></ans:identificacaoPrestador></ans:destino>
        <ans:Padrao>4.03.00</ans:Padrao></ans:cabecalho>
        <ans:operadoraParaPrestador>\(body)</ans:operadoraParaPrestador>
        <ans:epilogo><ans:hash>00000000000000000000000000000000</ans:hash></ans:epilogo></ans:mensagemTISS>
        """.utf8)
    }

    /// One protocol of a payment date.
    public struct Paid: Sendable {
        public var protocolNumber: String
        public var batch: String
        public var informed: String
        public var released: String
        public var glosa: String
        public var claims: [(number: String, processed: String, released: String)]

        public init(protocolNumber: String = "123456", batch: String = "1", informed: String = "1137.00", released: String = "1062.00", glosa: String = "75.00",
                    claims: [(number: String, processed: String, released: String)] = [("SADT000001", "1137.00", "1062.00")]) {
            self.protocolNumber = protocolNumber
            self.batch = batch
            self.informed = informed
            self.released = released
            self.glosa = glosa
            self.claims = claims
        }
    }

    /// A `demonstrativoPagamento` of one payment date: the protocols, an ISS debit of 21,24 and a
    /// credit of 10,00 on the date; `net` is what the payer states as liquid (right: released −
    /// 21,24 + 10,00). Totals of the statement repeat the date's unless `statedGross` says otherwise.
    public static func payment(number: String = "DP-2026-001", paidOn: String = "2026-12-04", ans: String = "999999", protocols: [Paid] = [Paid()],
                               released: String? = nil, net: String? = nil, statedGross: String? = nil) -> [UInt8] {
        // Exact decimal reading (no binary floating point on an amount).
        func cents(_ text: String) -> Int { Int(BrazilianFormat.parseMoney(text)!.cents) }
        func text(_ cents: Int) -> String {
            let units = String(cents / 100), fraction = String(cents % 100)
            return units + "." + (fraction.count < 2 ? "0" + fraction : fraction)
        }
        let informed = protocols.reduce(0) { $0 + cents($1.informed) }, glosa = protocols.reduce(0) { $0 + cents($1.glosa) }
        let releasedTotal = released ?? text(protocols.reduce(0) { $0 + cents($1.released) })
        let liquid = net ?? text(cents(releasedTotal) - 2_124 + 1_000)
        let rows: String = protocols.map { (p: Paid) -> String in
            let claims: String = p.claims.map { (c: (number: String, processed: String, released: String)) -> String in
                """
                <ans:guiasDoLote><ans:numeroGuiaPrestador>\(c.number)</ans:numeroGuiaPrestador><ans:tipoPagamento>1</ans:tipoPagamento>
                <ans:valorProcessadoGuia>\(c.processed)</ans:valorProcessadoGuia><ans:valorLiberadoGuia>\(c.released)</ans:valorLiberadoGuia></ans:guiasDoLote>
                """
            }.joined()
            return """
            <ans:relacaoProtocolos><ans:dataProtocolo>2026-12-03</ans:dataProtocolo><ans:numeroProtocolo>\(p.protocolNumber)</ans:numeroProtocolo>
            <ans:numeroLote>\(p.batch)</ans:numeroLote><ans:valorInformado>\(p.informed)</ans:valorInformado><ans:valorProcessado>\(p.informed)</ans:valorProcessado>
            <ans:valorLiberado>\(p.released)</ans:valorLiberado><ans:valorGlosa>\(p.glosa)</ans:valorGlosa>\(claims)</ans:relacaoProtocolos>
            """
        }.joined()
        return message("DEMONSTRATIVO_PAGAMENTO", ans: ans, """
        <ans:demonstrativosRetorno><ans:demonstrativoPagamento>
        <ans:cabecalhoDemonstrativo><ans:registroANS>\(ans)</ans:registroANS><ans:numeroDemonstrativo>\(number)</ans:numeroDemonstrativo>
        <ans:nomeOperadora>OPERADORA SINTETICA</ans:nomeOperadora><ans:numeroCNPJ>00000000000191</ans:numeroCNPJ><ans:dataEmissao>2026-12-04</ans:dataEmissao></ans:cabecalhoDemonstrativo>
        <ans:dadosContratado><ans:dadosPrestador><ans:codigoPrestadorNaOperadora>HOSP0001</ans:codigoPrestadorNaOperadora></ans:dadosPrestador><ans:CNES>1234567</ans:CNES></ans:dadosContratado>
        <ans:pagamentos><ans:pagamentosPorData>
        <ans:dadosPagamento><ans:dataPagamento>\(paidOn)</ans:dataPagamento><ans:formaPagamento>1</ans:formaPagamento><ans:banco>001</ans:banco></ans:dadosPagamento>
        <ans:dadosResumo>\(rows)</ans:dadosResumo>
        <ans:totaisBrutosPorData><ans:totalInformadoPorData>\(text(informed))</ans:totalInformadoPorData><ans:totalProcessadoPorData>\(text(informed))</ans:totalProcessadoPorData>
        <ans:totaLiberadoPorData>\(releasedTotal)</ans:totaLiberadoPorData><ans:totalGlosaPorData>\(text(glosa))</ans:totalGlosaPorData></ans:totaisBrutosPorData>
        <ans:debitosCreditosPorData>
        <ans:debitosCreditos><ans:indicador>1</ans:indicador><ans:tipoDebitoCredito>02</ans:tipoDebitoCredito><ans:descricaoDbCr>ISS</ans:descricaoDbCr><ans:valorDbCr>21.24</ans:valorDbCr></ans:debitosCreditos>
        <ans:debitosCreditos><ans:indicador>2</ans:indicador><ans:tipoDebitoCredito>08</ans:tipoDebitoCredito><ans:descricaoDbCr>AJUSTE</ans:descricaoDbCr><ans:valorDbCr>10.00</ans:valorDbCr></ans:debitosCreditos>
        </ans:debitosCreditosPorData>
        <ans:totaisLiquidosPorData><ans:totalDebitosPorData>21.24</ans:totalDebitosPorData><ans:totalCreditosPorData>10.00</ans:totalCreditosPorData><ans:liquidoPorData>\(liquid)</ans:liquidoPorData></ans:totaisLiquidosPorData>
        </ans:pagamentosPorData></ans:pagamentos>
        <ans:totaisDemonstrativo><ans:totaisBrutosDemonstrativo><ans:valorInformadoBruto>\(text(informed))</ans:valorInformadoBruto><ans:valorProcessadoBruto>\(text(informed))</ans:valorProcessadoBruto>
        <ans:valorLiberadoBruto>\(statedGross ?? releasedTotal)</ans:valorLiberadoBruto><ans:valorGlosaBruto>\(text(glosa))</ans:valorGlosaBruto></ans:totaisBrutosDemonstrativo>
        <ans:totaisLiquidosDemonstrativo><ans:totalDebitosDemonstrativo>21.24</ans:totalDebitosDemonstrativo><ans:totalCreditosdemonstrativo>10.00</ans:totalCreditosdemonstrativo>
        <ans:valorLiberadoDemonstrativo>\(liquid)</ans:valorLiberadoDemonstrativo></ans:totaisLiquidosDemonstrativo></ans:totaisDemonstrativo>
        </ans:demonstrativoPagamento></ans:demonstrativosRetorno>
        """)
    }

    /// A `situacaoProtocolo` stating `status` (dm_statusProtocolo) of a protocol, or the payer's
    /// error message in its place.
    public static func situation(protocol number: String = "123456", status: String = "3", error: String? = nil, date: String = "2026-12-04",
                                 ans: String = "999999") -> [UInt8] {
        let lot = error.map { "<ans:mensagemErro><ans:codigoGlosa>5001</ans:codigoGlosa><ans:descricaoGlosa>\($0)</ans:descricaoGlosa></ans:mensagemErro>" } ?? """
        <ans:detalheLote><ans:statusProtocolo>\(status)</ans:statusProtocolo><ans:numeroProtocolo>\(number)</ans:numeroProtocolo><ans:numeroLote>1</ans:numeroLote>
        <ans:dataEnvioLote>2026-12-03</ans:dataEnvioLote><ans:valorTotalLote><ans:valorProcessadoGeral>1137.00</ans:valorProcessadoGeral></ans:valorTotalLote>
        <ans:guiasTISS/></ans:detalheLote>
        """
        return message("SITUACAO_PROTOCOLO", date: date, ans: ans, """
        <ans:situacaoProtocolo><ans:situacaoDoProtocolo><ans:identificacaoOperadora>\(ans)</ans:identificacaoOperadora>
        <ans:dadosPrestador><ans:codigoPrestadorNaOperadora>HOSP0001</ans:codigoPrestadorNaOperadora></ans:dadosPrestador>
        <ans:lote>\(lot)</ans:lote></ans:situacaoDoProtocolo></ans:situacaoProtocolo>
        """)
    }
}
