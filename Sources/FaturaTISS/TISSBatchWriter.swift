import FaturaDomain

/// One claim batch (`loteGuias`) to write: claims of one type, at most 100 (`ClaimBatches`).
public struct TISSBatch: Sendable {
    public var version: TISSVersion
    public var encoding: TISSHashEncoding
    /// `numeroLote` and `sequencialTransacao`: the batch's sequential number at the payer.
    public var number: Int
    /// When it was generated (the only part of the bytes that changes from one run to the next).
    public var generatedOn: CalendarDay
    public var generatedSecond: Int
    public var hospital: ProviderIdentification
    public var ansRegistry: String
    public var claims: [Claim]

    public init(version: TISSVersion, encoding: TISSHashEncoding, number: Int, generatedOn: CalendarDay, generatedSecond: Int,
                hospital: ProviderIdentification, ansRegistry: String, claims: [Claim]) {
        self.version = version
        self.encoding = encoding
        self.number = number
        self.generatedOn = generatedOn
        self.generatedSecond = generatedSecond
        self.hospital = hospital
        self.ansRegistry = ansRegistry
        self.claims = claims
    }
}

public struct TISSBatchFile: Sendable {
    public var bytes: [UInt8]
    public var hash: String
    /// The line each claim starts on, in the batch's order (a schema message's line finds its claim).
    public var claimLines: [Int]

    /// The claim (index into the batch's claims) a line of the file belongs to.
    public func claimIndex(atLine line: Int) -> Int? {
        claimLines.lastIndex { $0 <= line }
    }
}

/// Writes a batch as the ANS `mensagemTISS` of `ENVIO_LOTE_GUIAS`, element by element in the order
/// of the official schema of its version (validated by `TISSSchema` before the invoice closes).
public enum TISSBatchWriter {
    public static func write(_ batch: TISSBatch) -> TISSBatchFile {
        let encoding: TISSHash.Encoding = batch.encoding == .utf8 ? .utf8 : .iso88591
        var w = TISSXMLWriter(encoding: encoding)
        w.providerMessageHeader(transaction: "ENVIO_LOTE_GUIAS", sequence: batch.number, on: batch.generatedOn, second: batch.generatedSecond,
                                hospital: batch.hospital, ansRegistry: batch.ansRegistry, version: batch.version)
        w.open("prestadorParaOperadora")
        w.open("loteGuias")
        w.leaf("numeroLote", String(batch.number))
        w.open("guiasTISS")
        var claimLines: [Int] = []
        for claim in batch.claims {
            claimLines.append(w.line)
            switch claim.type {
            case .spsadt: spsadt(claim, &w)
            case .inpatientSummary: inpatient(claim, &w)
            case .fees: fees(claim, version: batch.version, issuedOn: batch.generatedOn, &w)
            case .consultation: consultation(claim, &w)
            }
        }
        w.close("guiasTISS")
        w.close("loteGuias")
        w.close("prestadorParaOperadora")
        let hash = w.finishMessage()
        return TISSBatchFile(bytes: w.bytes, hash: hash, claimLines: claimLines)
    }

    // MARK: - Parts shared by the claim types

    private static func header(_ claim: Claim, _ w: inout TISSXMLWriter, _ name: String = "cabecalhoGuia") {
        w.open(name)
        w.leaf("registroANS", claim.ansRegistry)
        w.leaf("numeroGuiaPrestador", claim.number)
        w.close(name)
    }

    private static func beneficiary(_ claim: Claim, _ w: inout TISSXMLWriter, _ name: String = "dadosBeneficiario") {
        w.open(name)
        w.leaf("numeroCarteira", claim.cardNumber)
        w.leaf("atendimentoRN", "N")
        w.close(name)
    }

    static func contractor(_ id: ProviderIdentification, _ name: String, _ w: inout TISSXMLWriter) {
        w.open(name)
        switch id {
        case .code(let code): w.leaf("codigoPrestadorNaOperadora", code)
        case .cpf(let cpf): w.leaf("cpfContratado", cpf)
        case .cnpj(let cnpj): w.leaf("cnpjContratado", cnpj)
        }
        w.close(name)
    }

    private static func executor(_ claim: Claim, _ w: inout TISSXMLWriter) {
        w.open("dadosExecutante")
        contractor(claim.hospital, "contratadoExecutante", &w)
        w.leaf("CNES", claim.cnes)
        w.close("dadosExecutante")
    }

    private static func professionalData(_ p: ClaimProfessional, _ name: String, _ w: inout TISSXMLWriter) {
        w.open(name)
        w.leaf("nomeProfissional", p.name)
        w.leaf("conselhoProfissional", p.council)
        w.leaf("numeroConselhoProfissional", p.councilNumber)
        w.leaf("UF", p.uf)
        w.leaf("CBOS", p.cbo)
        w.close(name)
    }

    private static func professionalCode(_ p: ClaimProfessional, _ w: inout TISSXMLWriter) {
        w.open("codProfissional")
        if let code = p.providerCode { w.leaf("codigoPrestadorNaOperadora", code) } else { w.leaf("cpfContratado", p.cpf ?? "") }
        w.close("codProfissional")
    }

    /// A team member of a procedure line (SP/SADT `equipeSadt`, internação `identificacaoEquipe`).
    private static func team(_ line: ClaimLine, _ p: ClaimProfessional, _ w: inout TISSXMLWriter) {
        w.leaf("grauPart", line.participation)
        professionalCode(p, &w)
        w.leaf("nomeProf", p.name)
        w.leaf("conselho", p.council)
        w.leaf("numeroConselhoProfissional", p.councilNumber)
        w.leaf("UF", p.uf)
        w.leaf("CBOS", p.cbo)
    }

    /// Who can be named in a team: a code at the payer or a CPF (the schema's choice).
    private static func identifiable(_ p: ClaimProfessional?) -> ClaimProfessional? {
        guard let p, p.providerCode != nil || p.cpf != nil else { return nil }
        return p
    }

    private static func procedureStart(_ line: ClaimLine, _ w: inout TISSXMLWriter) {
        w.leaf("sequencialItem", String(line.sequence))
        w.leaf("dataExecucao", line.day.iso)
        if let minute = line.startMinute { w.leaf("horaInicial", TISSFormat.time(minuteOfDay: minute)) }
        w.open("procedimento")
        w.leaf("codigoTabela", line.table)
        w.leaf("codigoProcedimento", line.code)
        w.leaf("descricaoProcedimento", line.description)
        w.close("procedimento")
        w.leaf("quantidadeExecutada", String(line.quantity.wholePart))
        w.leaf("reducaoAcrescimo", TISSFormat.factor(line.reduction))
        w.leaf("valorUnitario", TISSFormat.money(line.unitValue))
        w.leaf("valorTotal", TISSFormat.money(line.total))
    }

    /// `procedimentosExecutados` of SP/SADT and internação: the same lines, the team member wrapped
    /// in the elements each claim type names it with.
    private static func executedProcedures(_ claim: Claim, team wrappers: [String], _ w: inout TISSXMLWriter) {
        let procedures = claim.procedureLines
        guard !procedures.isEmpty else { return }
        w.open("procedimentosExecutados")
        for line in procedures {
            w.open("procedimentoExecutado")
            procedureStart(line, &w)
            if let p = identifiable(line.professional) {
                for name in wrappers { w.open(name) }
                team(line, p, &w)
                for name in wrappers.reversed() { w.close(name) }
            }
            w.close("procedimentoExecutado")
        }
        w.close("procedimentosExecutados")
    }

    private static func otherExpenses(_ claim: Claim, _ w: inout TISSXMLWriter) {
        let lines = claim.expenseLines
        guard !lines.isEmpty else { return }
        w.open("outrasDespesas")
        for line in lines {
            w.open("despesa")
            w.leaf("sequencialItem", String(line.sequence))
            w.leaf("codigoDespesa", line.expense!.rawValue)
            w.open("servicosExecutados")
            w.leaf("dataExecucao", line.day.iso)
            if let minute = line.startMinute { w.leaf("horaInicial", TISSFormat.time(minuteOfDay: minute)) }
            w.leaf("codigoTabela", line.table)
            w.leaf("codigoProcedimento", line.code)
            w.leaf("quantidadeExecutada", TISSFormat.quantity(line.quantity))
            // 036 = unidade (TUSS 60): the HIS sends quantities in units.
            w.leaf("unidadeMedida", "036")
            w.leaf("reducaoAcrescimo", TISSFormat.factor(line.reduction))
            w.leaf("valorUnitario", TISSFormat.money(line.unitValue))
            w.leaf("valorTotal", TISSFormat.money(line.total))
            w.leaf("descricaoProcedimento", line.description)
            w.close("servicosExecutados")
            w.close("despesa")
        }
        w.close("outrasDespesas")
    }

    private static func totals(_ claim: Claim, _ w: inout TISSXMLWriter) {
        let t = claim.totals
        w.open("valorTotal")
        w.leaf("valorProcedimentos", TISSFormat.money(t.procedures))
        w.leaf("valorDiarias", TISSFormat.money(t.dailyRates))
        w.leaf("valorTaxasAlugueis", TISSFormat.money(t.fees))
        w.leaf("valorMateriais", TISSFormat.money(t.materials))
        w.leaf("valorMedicamentos", TISSFormat.money(t.drugs))
        w.leaf("valorOPME", TISSFormat.money(t.opme))
        w.leaf("valorGasesMedicinais", TISSFormat.money(t.gases))
        w.leaf("valorTotalGeral", TISSFormat.money(t.total))
        w.close("valorTotal")
    }

    // MARK: - The four claim types

    private static func spsadt(_ claim: Claim, _ w: inout TISSXMLWriter) {
        w.open("guiaSP-SADT")
        header(claim, &w)
        if let number = claim.authorizationNumber, let day = claim.authorizationDay {
            w.open("dadosAutorizacao")
            w.leaf("numeroGuiaOperadora", number)
            w.leaf("dataAutorizacao", day.iso)
            w.leaf("senha", claim.authorizationPassword)
            w.close("dadosAutorizacao")
        }
        beneficiary(claim, &w)
        w.open("dadosSolicitante")
        contractor(claim.hospital, "contratadoSolicitante", &w)
        w.leaf("nomeContratadoSolicitante", claim.hospitalName)
        if let requesting = claim.requesting { professionalData(requesting, "profissionalSolicitante", &w) }
        w.close("dadosSolicitante")
        w.open("dadosSolicitacao")
        w.leaf("dataSolicitacao", claim.start.iso)
        w.leaf("caraterAtendimento", claim.character)
        w.close("dadosSolicitacao")
        executor(claim, &w)
        w.open("dadosAtendimento")
        w.leaf("tipoAtendimento", claim.serviceType)
        // 9 = não acidente (TUSS 36): the HIS does not send accidents yet.
        w.leaf("indicacaoAcidente", "9")
        if claim.serviceType == "04" { w.leaf("tipoConsulta", "1") }
        w.leaf("regimeAtendimento", claim.regime)
        w.close("dadosAtendimento")
        executedProcedures(claim, team: ["equipeSadt"], &w)
        otherExpenses(claim, &w)
        totals(claim, &w)
        w.close("guiaSP-SADT")
    }

    private static func inpatient(_ claim: Claim, _ w: inout TISSXMLWriter) {
        w.open("guiaResumoInternacao")
        header(claim, &w)
        w.leaf("numeroGuiaSolicitacaoInternacao", claim.authorizationNumber ?? "")
        w.open("dadosAutorizacao")
        w.leaf("numeroGuiaOperadora", claim.authorizationNumber)
        w.leaf("dataAutorizacao", (claim.authorizationDay ?? claim.start).iso)
        w.leaf("senha", claim.authorizationPassword ?? "")
        w.close("dadosAutorizacao")
        beneficiary(claim, &w)
        executor(claim, &w)
        w.open("dadosInternacao")
        w.leaf("caraterAtendimento", claim.character)
        w.leaf("tipoFaturamento", claim.billingType)
        w.leaf("dataInicioFaturamento", claim.start.iso)
        w.leaf("horaInicioFaturamento", "00:00:00")
        w.leaf("dataFinalFaturamento", claim.end.iso)
        w.leaf("horaFinalFaturamento", "23:59:00")
        w.leaf("tipoInternacao", claim.admissionType)
        w.leaf("regimeInternacao", "1")
        w.close("dadosInternacao")
        w.open("dadosSaidaInternacao")
        w.leaf("indicadorAcidente", "9")
        w.leaf("motivoEncerramento", claim.exitReason)
        w.close("dadosSaidaInternacao")
        executedProcedures(claim, team: ["identEquipe", "identificacaoEquipe"], &w)
        totals(claim, &w)
        otherExpenses(claim, &w)
        w.close("guiaResumoInternacao")
    }

    private static func fees(_ claim: Claim, version: TISSVersion, issuedOn: CalendarDay, _ w: inout TISSXMLWriter) {
        w.open("guiaHonorarios")
        header(claim, &w)
        w.leaf("guiaSolicInternacao", claim.authorizationNumber ?? "")
        w.leaf("senha", claim.authorizationPassword)
        w.open("beneficiario")
        w.leaf("numeroCarteira", claim.cardNumber)
        w.leaf("atendimentoRN", "N")
        w.close("beneficiario")
        w.open("localContratado")
        w.open("codigoContratado")
        switch claim.hospital {
        case .code(let code): w.leaf("codigoNaOperadora", code)
        case .cnpj(let cnpj): w.leaf("cnpjLocalExecutante", cnpj)
        // The schema has no CPF for the place of care: a CPF-identified provider gives its code slot.
        case .cpf(let cpf): w.leaf("codigoNaOperadora", cpf)
        }
        w.close("codigoContratado")
        w.leaf("nomeContratado", claim.hospitalName)
        w.leaf("cnes", claim.cnes)
        w.close("localContratado")
        w.open("dadosContratadoExecutante")
        w.leaf("codigonaOperadora", claim.executing?.providerCode ?? "")
        w.leaf("cnesContratadoExecutante", claim.cnes)
        w.close("dadosContratadoExecutante")
        w.open("dadosInternacao")
        w.leaf("dataInicioFaturamento", claim.start.iso)
        w.leaf("dataFimFaturamento", claim.end.iso)
        if version == .v4_03_00 { w.leaf("caraterAtendimento", claim.character) }
        w.close("dadosInternacao")
        w.open("procedimentosRealizados")
        for line in claim.procedureLines {
            w.open("procedimentoRealizado")
            procedureStart(line, &w)
            let p = line.professional ?? claim.executing!
            w.open("profissionais")
            w.leaf("grauParticipacao", line.participation)
            professionalCode(p, &w)
            w.leaf("nomeProfissional", p.name)
            w.leaf("conselhoProfissional", p.council)
            w.leaf("numeroConselhoProfissional", p.councilNumber)
            w.leaf("UF", p.uf)
            w.leaf("CBO", p.cbo)
            w.close("profissionais")
            w.close("procedimentoRealizado")
        }
        w.close("procedimentosRealizados")
        w.leaf("valorTotalHonorarios", TISSFormat.money(claim.totals.total))
        w.leaf("dataEmissaoGuia", issuedOn.iso)
        w.close("guiaHonorarios")
    }

    private static func consultation(_ claim: Claim, _ w: inout TISSXMLWriter) {
        w.open("guiaConsulta")
        header(claim, &w, "cabecalhoConsulta")
        w.leaf("numeroGuiaOperadora", claim.authorizationNumber)
        beneficiary(claim, &w)
        w.open("contratadoExecutante")
        switch claim.hospital {
        case .code(let code): w.leaf("codigoPrestadorNaOperadora", code)
        case .cpf(let cpf): w.leaf("cpfContratado", cpf)
        case .cnpj(let cnpj): w.leaf("cnpjContratado", cnpj)
        }
        w.leaf("CNES", claim.cnes)
        w.close("contratadoExecutante")
        if let executing = claim.executing { professionalData(executing, "profissionalExecutante", &w) }
        w.leaf("indicacaoAcidente", "9")
        let line = claim.lines[0]
        w.open("dadosAtendimento")
        w.leaf("regimeAtendimento", claim.regime)
        w.leaf("dataAtendimento", line.day.iso)
        w.leaf("tipoConsulta", "1")
        w.open("procedimento")
        w.leaf("codigoTabela", line.table)
        w.leaf("codigoProcedimento", line.code)
        w.leaf("valorProcedimento", TISSFormat.money(line.total))
        w.close("procedimento")
        w.close("dadosAtendimento")
        w.close("guiaConsulta")
    }
}
