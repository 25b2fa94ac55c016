/// A TISS claim (guia) as the invoice sends it: everything the XML needs, already in the TISS
/// domain tables' codes, so the writer decides nothing. Built from a closed partial by `ClaimBuilder`.
public enum ClaimType: String, Sendable, CaseIterable, Codable {
    case consultation
    case spsadt = "sp_sadt"
    case inpatientSummary = "inpatient_summary"
    case fees

    public var label: String {
        switch self {
        case .consultation: "Consulta"
        case .spsadt: "SP/SADT"
        case .inpatientSummary: "Resumo de Internação"
        case .fees: "Honorários"
        }
    }
}

/// How the TISS header and the claims name the hospital to the payer.
public enum ProviderIdentification: Hashable, Sendable {
    case code(String)
    case cnpj(String)
    case cpf(String)
}

/// What a claim says about a professional (TISS `ct_contratadoProfissionalDados` and the teams).
public struct ClaimProfessional: Hashable, Sendable {
    public var name: String
    public var council: String
    public var councilNumber: String
    public var uf: String
    public var cbo: String
    /// `codProfissional`: the code at the payer, or else the CPF.
    public var providerCode: String?
    public var cpf: String?

    public init(_ professional: Professional) {
        name = professional.name
        council = professional.council
        councilNumber = professional.councilNumber
        uf = professional.uf
        cbo = professional.cbo
        providerCode = professional.providerCode
        cpf = professional.cpf
    }
}

/// `dm_outrasDespesas`: the kind of an "other expense" line.
public enum ExpenseCode: String, Sendable, CaseIterable {
    case gases = "01"
    case drugs = "02"
    case materials = "03"
    case dailyRates = "05"
    case fees = "07"
    case opme = "08"
}

public struct ClaimLine: Hashable, Sendable {
    public var sequence: Int
    public var day: CalendarDay
    /// Minutes of the day the line was performed, when the HIS sent a time other than midnight.
    public var startMinute: Int?
    /// TUSS table: 22 procedures, 18 fees and daily rates, 19 materials, 20 drugs, 98 packages, 00 own codes.
    public var table: String
    public var code: String
    public var description: String
    public var quantity: Quantity
    /// The exam rule's percentage as `reducaoAcrescimo` (1.00 when none).
    public var reduction: Percentage
    public var unitValue: Money
    public var total: Money
    /// nil for a procedure line; the kind for an "other expense".
    public var expense: ExpenseCode?
    public var professional: ClaimProfessional?
    /// TUSS table 35: "00" surgeon, "06" anaesthetist…
    public var participation: String
    /// The charge item the line bills (what a payer's statement line is matched back to).
    public var itemId: Int?

    public init(sequence: Int, day: CalendarDay, startMinute: Int? = nil, table: String, code: String, description: String, quantity: Quantity,
                reduction: Percentage = .hundred, unitValue: Money, total: Money, expense: ExpenseCode? = nil,
                professional: ClaimProfessional? = nil, participation: String = "00", itemId: Int? = nil) {
        self.itemId = itemId
        self.sequence = sequence
        self.day = day
        self.startMinute = startMinute
        self.table = table
        self.code = code
        self.description = description
        self.quantity = quantity
        self.reduction = reduction
        self.unitValue = unitValue
        self.total = total
        self.expense = expense
        self.professional = professional
        self.participation = participation
    }
}

/// The claim's `valorTotal` block, by kind, to the centavo.
public struct ClaimTotals: Hashable, Sendable {
    public var procedures = Money.zero
    public var dailyRates = Money.zero
    public var fees = Money.zero
    public var materials = Money.zero
    public var drugs = Money.zero
    public var opme = Money.zero
    public var gases = Money.zero

    public init() {}

    public var total: Money { procedures + dailyRates + fees + materials + drugs + opme + gases }

    public mutating func add(_ line: ClaimLine) {
        switch line.expense {
        case nil: procedures = procedures + line.total
        case .dailyRates: dailyRates = dailyRates + line.total
        case .fees: fees = fees + line.total
        case .materials: materials = materials + line.total
        case .drugs: drugs = drugs + line.total
        case .opme: opme = opme + line.total
        case .gases: gases = gases + line.total
        }
    }
}

public struct Claim: Hashable, Sendable {
    public var type: ClaimType
    public var partialId: Int
    /// `numeroGuiaPrestador`: the partial's number, unique at the hospital.
    public var number: String
    public var ansRegistry: String
    public var hospital: ProviderIdentification
    public var hospitalName: String
    public var cnes: String
    public var cardNumber: String
    public var authorizationNumber: String?
    public var authorizationPassword: String?
    public var authorizationDay: CalendarDay?
    public var requesting: ClaimProfessional?
    /// The professional of a consultation or, for fees, the one being paid.
    public var executing: ClaimProfessional?
    /// `dm_caraterAtendimento`: 1 elective, 2 urgency.
    public var character: String
    /// `dm_tipoAtendimento` (SP/SADT): 04 consultation, 13 small emergency care, 23 exam…
    public var serviceType: String
    /// `dm_regimeAtendimento`: 01 outpatient, 02 emergency.
    public var regime: String
    public var start: CalendarDay
    public var end: CalendarDay
    /// Inpatient summary: `dm_tipoFaturamento` (1 partial, 2 final, 4 total), `dm_tipoInternacao`,
    /// and the exit reason (`dm_motivoSaida`).
    public var billingType: String
    public var admissionType: String
    public var exitReason: String
    public var lines: [ClaimLine]

    public init(type: ClaimType, partialId: Int, number: String, ansRegistry: String, hospital: ProviderIdentification, hospitalName: String,
                cnes: String, cardNumber: String, authorizationNumber: String? = nil, authorizationPassword: String? = nil,
                authorizationDay: CalendarDay? = nil, requesting: ClaimProfessional? = nil, executing: ClaimProfessional? = nil,
                character: String = "1", serviceType: String = "23", regime: String = "01", start: CalendarDay, end: CalendarDay,
                billingType: String = "4", admissionType: String = "1", exitReason: String = "12", lines: [ClaimLine]) {
        self.type = type
        self.partialId = partialId
        self.number = number
        self.ansRegistry = ansRegistry
        self.hospital = hospital
        self.hospitalName = hospitalName
        self.cnes = cnes
        self.cardNumber = cardNumber
        self.authorizationNumber = authorizationNumber
        self.authorizationPassword = authorizationPassword
        self.authorizationDay = authorizationDay
        self.requesting = requesting
        self.executing = executing
        self.character = character
        self.serviceType = serviceType
        self.regime = regime
        self.start = start
        self.end = end
        self.billingType = billingType
        self.admissionType = admissionType
        self.exitReason = exitReason
        self.lines = lines
    }

    public var totals: ClaimTotals {
        var totals = ClaimTotals()
        for line in lines { totals.add(line) }
        return totals
    }

    public var procedureLines: [ClaimLine] { lines.filter { $0.expense == nil } }
    public var expenseLines: [ClaimLine] { lines.filter { $0.expense != nil } }
}
