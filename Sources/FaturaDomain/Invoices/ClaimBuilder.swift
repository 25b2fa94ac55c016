/// Everything a closed partial's claim is made of, as the store loads it.
public struct ClaimSource: Sendable {
    public var partial: PartialBill
    public var encounter: Encounter
    public var patient: Patient
    public var company: Company
    public var payer: Payer
    public var terms: PayerTerms?
    public var items: [ChargeItem]
    public var professionals: [Professional]
    /// How many partials the account has and whether this one ends last (the inpatient billing type).
    public var partialsInAccount: Int
    public var isLastOfAccount: Bool

    public init(partial: PartialBill, encounter: Encounter, patient: Patient, company: Company, payer: Payer, terms: PayerTerms?,
                items: [ChargeItem], professionals: [Professional], partialsInAccount: Int = 1, isLastOfAccount: Bool = true) {
        self.partial = partial
        self.encounter = encounter
        self.patient = patient
        self.company = company
        self.payer = payer
        self.terms = terms
        self.items = items
        self.professionals = professionals
        self.partialsInAccount = partialsInAccount
        self.isLastOfAccount = isLastOfAccount
    }
}

/// What keeps a partial's claim from being sent: the field, in the person's words, and what to do.
public struct ClaimProblem: Hashable, Sendable {
    public var partial: String
    public var field: String
    public var message: String

    public init(partial: String, field: String, message: String) {
        self.partial = partial
        self.field = field
        self.message = message
    }
}

/// Turns a closed partial into its claim (issue 12). The choices a payer's manual leaves to the
/// hospital are made here, once, and named:
/// - type: an inpatient stay is a **Resumo de Internação**; an inpatient partial with procedures
///   only (no daily rates, fees, materials or drugs) is the professionals' **Honorários**; an
///   outpatient partial with a single consultation line (CBHPM 1.01.01.xx) is a **Consulta**;
///   everything else (exams, outpatient and emergency care) is **SP/SADT**.
/// - `tipoAtendimento`: 23 exam when every procedure line is an exam, 13 small care for the
///   emergency room, 04 when a consultation is among the lines, else 03 other therapies.
/// - the inpatient billing type is 4 (total) for an account's only partial, 2 (final) for its
///   last, 1 (partial) otherwise; the exit reason 12 (alta melhorado) on the last, 21 (continues
///   in hospital) on the others; the admission 2 (surgical) when a CBHPM surgical code (3.xx) is
///   billed, else 1 (clinical).
/// - the authorisation day is the encounter's start (the HIS does not send it apart).
public enum ClaimBuilder {
    public static func claimType(of source: ClaimSource) -> ClaimType {
        let lines = source.items.filter { $0.isPriced }
        switch source.encounter.type {
        case .inpatient:
            return lines.allSatisfy { $0.kind == .procedure } && !lines.isEmpty ? .fees : .inpatientSummary
        case .outpatient:
            if lines.count == 1, isConsultation(lines[0]) { return .consultation }
            return .spsadt
        case .emergency, .sadt:
            return .spsadt
        }
    }

    static func isConsultation(_ item: ChargeItem) -> Bool {
        (item.kind == .procedure || item.kind == .exam) && item.code.hasPrefix("101010") && item.quantity == .one
    }

    /// TUSS table of a line.
    public static func table(of item: ChargeItem) -> String {
        switch (item.kind, item.priceTable) {
        case (.package, _): "98"
        case (_, .own): "00"
        case (.drug, _): "20"
        case (.material, _): "19"
        case (.fee, _), (.dailyRate, _): "18"
        case (.procedure, _), (.exam, _): "22"
        }
    }

    static func expense(of kind: ChargeItemKind) -> ExpenseCode? {
        switch kind {
        case .procedure, .exam, .package: nil
        case .drug: .drugs
        case .material: .materials
        case .fee: .fees
        case .dailyRate: .dailyRates
        }
    }

    /// The claim, or every problem at once (`invoice_claims_invalid`).
    public static func build(_ source: ClaimSource) throws(FaturaError) -> Claim {
        let partial = source.partial.externalId
        var problems: [ClaimProblem] = []
        func problem(_ field: String, _ message: String) { problems.append(ClaimProblem(partial: partial, field: field, message: message)) }
        let type = claimType(of: source)
        let version = source.payer.tissVersion
        // 4.01.00 writes money as st_decimal8-2 (up to 999.999,99); the later ones st_decimal10-2.
        let moneyLimit = version == .v4_01_00 ? Money(cents: 99_999_999) : Money(cents: 9_999_999_999)

        if partial.count > 20 { problem("numeroGuiaPrestador", "O número da parcial (\(partial)) passa de 20 caracteres, o limite do TISS.") }
        if source.partial.status != .closed && source.partial.status != .invoiced {
            problem("status", "A parcial não está encerrada.")
        }
        let ans = source.payer.ansRegistry ?? ""
        if ans.count != 6 { problem("registroANS", "O convênio não tem registro ANS de 6 dígitos.") }
        let card = source.patient.cardNumber ?? ""
        if card.isEmpty { problem("numeroCarteira", "Falta o número da carteira do paciente.") }
        if card.count > 20 { problem("numeroCarteira", "O número da carteira passa de 20 caracteres.") }

        let hospital: ProviderIdentification
        switch source.terms?.identification ?? .cnpj {
        case .providerCode:
            let code = source.terms?.providerCode ?? ""
            if code.isEmpty || code.count > 14 { problem("codigoPrestadorNaOperadora", "Falta o código do hospital no convênio (prazos e condições do convênio).") }
            hospital = .code(code)
        case .cnpj: hospital = .cnpj(source.company.cnpj)
        case .cpf:
            let cpf = (source.terms?.providerCode ?? "").digitsOnly
            if !Identifiers.isValidCPF(cpf) { problem("CPF", "O convênio identifica o prestador por CPF, e o CPF informado nas condições do convênio é inválido.") }
            hospital = .cpf(cpf)
        }

        let authorization = source.encounter.authorizationNumber?.trimmingSpaces().nilIfEmpty
        let password = source.encounter.authorizationPassword?.trimmingSpaces().nilIfEmpty
        if let authorization, authorization.count > 20 { problem("numeroGuiaOperadora", "O número da autorização passa de 20 caracteres.") }
        if let password, password.count > 20 { problem("senha", "A senha da autorização passa de 20 caracteres.") }
        if source.payer.requiresAuthorization && authorization == nil { problem("numeroGuiaOperadora", "O convênio exige autorização e o atendimento não tem número de guia.") }
        switch type {
        case .inpatientSummary:
            if authorization == nil { problem("numeroGuiaSolicitacaoInternacao", "Falta o número da guia de solicitação de internação (autorização do atendimento).") }
            if password == nil { problem("senha", "Falta a senha da autorização da internação.") }
        case .fees:
            if authorization == nil { problem("guiaSolicInternacao", "Falta o número da guia de solicitação de internação (autorização do atendimento).") }
        case .consultation, .spsadt: break
        }

        let priced = source.items.filter { $0.isPriced }
        if priced.isEmpty { problem("itens", "A parcial não tem nenhum lançamento com preço.") }
        if priced.count < source.items.count {
            problem("itens", "\(source.items.count - priced.count) lançamento(s) sem preço: precifique ou retire antes de faturar.")
        }

        var lines: [ClaimLine] = []
        for (index, item) in priced.sorted(by: { ($0.performedAt, $0.id?.rawValue ?? 0) < ($1.performedAt, $1.id?.rawValue ?? 0) }).enumerated() {
            let where_ = "lançamento \(index + 1) (\(item.code))"
            let expense = expense(of: item.kind)
            if expense == nil && !item.quantity.isWhole { problem("quantidadeExecutada", "\(where_): a quantidade de um procedimento deve ser inteira no TISS.") }
            if expense == nil && item.quantity.wholePart > 999 { problem("quantidadeExecutada", "\(where_): quantidade acima de 999.") }
            if item.code.count > 10 { problem("codigoProcedimento", "\(where_): o código passa de 10 caracteres.") }
            if item.total > moneyLimit || item.baseUnitValue > moneyLimit {
                problem("valorTotal", "\(where_): valor acima do limite do TISS \(version.rawValue).")
            }
            let percentage = item.examPercentage ?? .hundred
            // st_decimal3-2: a factor of at most 9,99.
            if percentage.basisPoints > 99_900 { problem("reducaoAcrescimo", "\(where_): percentual acima de 999%.") }
            let professional = source.professionals.named(item.executingProfessional).map(ClaimProfessional.init)
            if type == .fees && professional == nil {
                problem("profissionais", "\(where_): o profissional executante (\(item.executingProfessional ?? "não informado")) não está no cadastro de profissionais.")
            }
            let minute = item.performedAt.minuteOfDay
            lines.append(ClaimLine(
                sequence: index + 1, day: item.performedAt.day, startMinute: minute == 0 ? nil : minute, table: table(of: item), code: item.code,
                description: String(item.description.prefix(150)), quantity: item.quantity, reduction: percentage,
                unitValue: item.baseUnitValue == .zero ? item.unitValue : item.baseUnitValue, total: item.total, expense: expense,
                professional: professional, itemId: item.id?.rawValue))
        }
        if lines.count > 9999 { problem("sequencialItem", "A parcial tem mais de 9.999 lançamentos, o limite de uma guia.") }

        let requesting = source.professionals.named(source.encounter.requestingProfessional).map(ClaimProfessional.init)
            ?? lines.lazy.compactMap(\.professional).first
        var executing: ClaimProfessional?
        switch type {
        case .spsadt:
            if requesting == nil {
                problem("profissionalSolicitante", "O profissional solicitante (\(source.encounter.requestingProfessional ?? "não informado")) não está no cadastro de profissionais.")
            }
        case .consultation:
            executing = lines.first?.professional ?? requesting
            if executing == nil { problem("profissionalExecutante", "O médico da consulta não está no cadastro de profissionais.") }
        case .fees:
            executing = lines.first?.professional
            if let executing, executing.providerCode == nil {
                problem("codigonaOperadora", "O profissional \(executing.name) não tem código no convênio (cadastro de profissionais).")
            }
        case .inpatientSummary: break
        }
        if source.company.cnes.count != 7 { problem("CNES", "O CNES da empresa deve ter 7 dígitos.") }

        var totals = ClaimTotals()
        for line in lines { totals.add(line) }
        if totals.total > moneyLimit { problem("valorTotalGeral", "O total da guia passa do limite do TISS \(version.rawValue).") }
        // A Particular bill is printed for the patient, never sent as TISS: only a partial that is
        // not closed or not priced keeps it from the invoice.
        if source.payer.billingStandard != .convenio { problems.removeAll { !["status", "itens"].contains($0.field) } }
        guard problems.isEmpty else { throw .invoiceClaimsInvalid(problems) }

        let procedures = source.items.filter { $0.kind == .procedure || $0.kind == .exam }
        let serviceType: String
        if !procedures.isEmpty && procedures.allSatisfy({ $0.kind == .exam }) { serviceType = "23" }
        else if source.encounter.type == .emergency { serviceType = "13" }
        else if procedures.contains(where: isConsultation) { serviceType = "04" }
        else { serviceType = "03" }
        let last = source.isLastOfAccount
        return Claim(
            type: type, partialId: source.partial.id?.rawValue ?? 0, number: partial, ansRegistry: ans, hospital: hospital,
            hospitalName: String(source.company.name.prefix(70)), cnes: source.company.cnes, cardNumber: card,
            authorizationNumber: authorization, authorizationPassword: password, authorizationDay: source.encounter.startedAt.day,
            requesting: requesting, executing: executing, character: source.encounter.type == .emergency ? "2" : "1",
            serviceType: serviceType, regime: source.encounter.type == .emergency ? "02" : "01",
            start: source.partial.periodStart, end: source.partial.periodEnd,
            billingType: source.partialsInAccount <= 1 ? "4" : (last ? "2" : "1"),
            admissionType: procedures.contains { $0.code.hasPrefix("3") && $0.priceTable != .own } ? "2" : "1",
            exitReason: last ? "12" : "21", lines: lines)
    }
}
