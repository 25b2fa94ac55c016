/// What a payer agreed for its invoices, per company (issue 12): when it takes them, when it pays,
/// how long and how many times the hospital may appeal a glosa, and how the TISS header names the
/// hospital to it.
public struct PayerTerms: Hashable, Sendable {
    public enum Identification: String, Sendable, CaseIterable {
        /// `codigoPrestadorNaOperadora`, the hospital's code at the payer (the usual one).
        case providerCode = "provider_code"
        case cnpj
        case cpf
    }

    public var payerId: Int
    public var companyId: Int
    public var delivery: DeliveryRule
    public var payment: PaymentTerm
    /// Days after the statement the payer accepts an appeal.
    public var appealDays: Int
    public var appealRounds: Int
    public var providerCode: String?
    public var identification: Identification
    public var version: Int

    public init(payerId: Int, companyId: Int, delivery: DeliveryRule = .dayOfFollowingMonth(10), payment: PaymentTerm = .daysAfterDelivery(30),
                appealDays: Int = 30, appealRounds: Int = 2, providerCode: String? = nil, identification: Identification = .providerCode,
                version: Int = 1) {
        self.payerId = payerId
        self.companyId = companyId
        self.delivery = delivery
        self.payment = payment
        self.appealDays = appealDays
        self.appealRounds = appealRounds
        self.providerCode = providerCode
        self.identification = identification
        self.version = version
    }

    /// Every problem at once, by field.
    public var problems: [FieldError] {
        var errors = FieldErrors()
        for problem in delivery.problems + payment.problems { errors.add(problem.field, problem.message) }
        if !(1...365).contains(appealDays) { errors.add("appealDays", "O prazo de recurso deve estar entre 1 e 365 dias.") }
        if !(1...10).contains(appealRounds) { errors.add("appealRounds", "O número de recursos deve estar entre 1 e 10.") }
        errors.text("providerCode", providerCode, max: InputLimits.Length.code)
        if identification == .providerCode && (providerCode ?? "").isEmpty {
            errors.add("providerCode", "Informe o código do hospital no convênio (codigoPrestadorNaOperadora), ou escolha CNPJ.")
        }
        return errors.all
    }

    /// The next `count` deadlines from the competence of `today` back one (its invoices are the
    /// ones due now), each with the day the payer starts taking them.
    public func upcoming(from today: CalendarDay, count: Int = 3) -> [(competence: Competence, opens: CalendarDay, deadline: CalendarDay)] {
        guard var competence = Competence.of(today.adding(days: -40)) else { return [] }
        var found: [(Competence, CalendarDay, CalendarDay)] = []
        for _ in 0..<24 where found.count < count {
            if let deadline = delivery.deadline(for: competence), deadline >= today {
                found.append((competence, delivery.opens(for: competence), deadline))
            }
            competence = competence.next
        }
        return found
    }
}
