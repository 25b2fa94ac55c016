/// A payer's statement of what it paid (TISS `demonstrativoPagamento`, DOMAIN.md §6): per payment
/// date, the protocols paid with their gross amounts (down to the claim), the debits and credits
/// of that date (taxes withheld, financial discounts, adjustments of earlier payments, court
/// orders) and the net amount deposited. Kept as the payer stated it, its own totals beside the
/// rows, so that a statement that does not add up is flagged instead of trusted.
public struct PaymentStatement: Hashable, Sendable {
    public var number: String
    public var payerANS: String
    public var issuedOn: CalendarDay
    public var dates: [PaymentDate]
    /// `debitosCreditosDemonstrativo`: debits and credits of the statement as a whole.
    public var adjustments: [PaymentAdjustment]
    /// `totaisDemonstrativo`: gross released, debits, credits and the net, as stated.
    public var statedGross: Money
    public var statedDebits: Money
    public var statedCredits: Money
    public var statedNet: Money

    public init(number: String, payerANS: String, issuedOn: CalendarDay, dates: [PaymentDate], adjustments: [PaymentAdjustment] = [],
                statedGross: Money, statedDebits: Money, statedCredits: Money, statedNet: Money) {
        self.number = number
        self.payerANS = payerANS
        self.issuedOn = issuedOn
        self.dates = dates
        self.adjustments = adjustments
        self.statedGross = statedGross
        self.statedDebits = statedDebits
        self.statedCredits = statedCredits
        self.statedNet = statedNet
    }

    public var protocols: [PaidProtocol] { dates.flatMap(\.protocols) }
}

/// One `pagamentosPorData`: what was deposited on one day.
public struct PaymentDate: Hashable, Sendable {
    public var paidOn: CalendarDay
    /// `formaPagamento`: 1 transfer, 2 wallet, 3 bank slip, 4 cash or cheque.
    public var method: String
    public var protocols: [PaidProtocol]
    public var adjustments: [PaymentAdjustment]
    /// `totaLiberadoPorData` (the schema's spelling), `totalDebitosPorData`, `totalCreditosPorData`, `liquidoPorData`.
    public var statedReleased: Money
    public var statedDebits: Money
    public var statedCredits: Money
    public var statedNet: Money

    public init(paidOn: CalendarDay, method: String, protocols: [PaidProtocol], adjustments: [PaymentAdjustment], statedReleased: Money,
                statedDebits: Money, statedCredits: Money, statedNet: Money) {
        self.paidOn = paidOn
        self.method = method
        self.protocols = protocols
        self.adjustments = adjustments
        self.statedReleased = statedReleased
        self.statedDebits = statedDebits
        self.statedCredits = statedCredits
        self.statedNet = statedNet
    }

    public var debits: Money { adjustments.filter { $0.isDebit }.reduce(.zero) { $0 + $1.amount } }
    public var credits: Money { adjustments.filter { !$0.isDebit }.reduce(.zero) { $0 + $1.amount } }

    public var methodLabel: String { Self.methodLabel(method) }

    public static func methodLabel(_ method: String) -> String {
        switch method {
        case "1": "Depósito/transferência bancária"
        case "2": "Carteira"
        case "3": "Boleto/DDA"
        case "4": "Dinheiro/cheque"
        default: method
        }
    }
}

/// One protocol (`relacaoProtocolos`) paid on a date: its gross amounts and its claims' released values.
public struct PaidProtocol: Hashable, Sendable {
    public var protocolNumber: String
    public var batchNumber: String
    public var protocolDate: CalendarDay?
    public var informed: Money
    public var processed: Money
    public var released: Money
    public var glosa: Money?
    public var claims: [PaidClaim]
    /// The line of the file where the protocol starts, for messages.
    public var line: Int

    public init(protocolNumber: String, batchNumber: String, protocolDate: CalendarDay? = nil, informed: Money, processed: Money, released: Money,
                glosa: Money? = nil, claims: [PaidClaim], line: Int) {
        self.protocolNumber = protocolNumber
        self.batchNumber = batchNumber
        self.protocolDate = protocolDate
        self.informed = informed
        self.processed = processed
        self.released = released
        self.glosa = glosa
        self.claims = claims
        self.line = line
    }
}

public struct PaidClaim: Hashable, Sendable {
    public var claimNumber: String
    public var processed: Money
    public var released: Money
    public var glosa: Money?

    public init(claimNumber: String, processed: Money, released: Money, glosa: Money? = nil) {
        self.claimNumber = claimNumber
        self.processed = processed
        self.released = released
        self.glosa = glosa
    }
}

/// A debit or credit of a payment date (`ct_descontos`).
public struct PaymentAdjustment: Hashable, Sendable {
    public var isDebit: Bool
    /// `dm_debitoCreditoTipo`: 01 IR, 02 ISS, 03 INSS, 04 PIS, 05 COFINS, 06 CSLL, 07 financial
    /// discount, 08 adjustment of an earlier payment, 09 court order.
    public var type: String
    public var description: String
    public var amount: Money

    public init(isDebit: Bool, type: String, description: String, amount: Money) {
        self.isDebit = isDebit
        self.type = type
        self.description = description
        self.amount = amount
    }

    public var typeLabel: String {
        switch type {
        case "01": "IRRF"
        case "02": "ISS"
        case "03": "INSS"
        case "04": "PIS"
        case "05": "COFINS"
        case "06": "CSLL"
        case "07": "Descontos financeiros"
        case "08": "Ajuste de pagamento anterior"
        case "09": "Determinação judicial"
        default: type
        }
    }
}

/// What does not add up in a payment statement, to the centavo: each date's released is the sum of
/// its protocols, its debits and credits the sum of its rows, its net = released − debits +
/// credits; each protocol's released is the sum of its claims; the statement's gross and net the
/// sums of its dates. Flags for a person; the payments are still recorded as the payer stated them.
public enum PaymentStatementCheck {
    public static func problems(_ statement: PaymentStatement) -> [String] {
        var problems: [String] = []
        func money(_ value: Money) -> String { BrazilianFormat.currency(value) }
        func compare(_ level: String, _ field: String, stated: Money, sum: Money) {
            if stated != sum { problems.append("\(level): \(field) declarado \(money(stated)), mas a soma do que ele traz é \(money(sum)).") }
        }
        var gross = Money.zero
        for date in statement.dates {
            let day = "Pagamento de \(BrazilianFormat.date(date.paidOn))"
            for proto in date.protocols {
                let level = "Protocolo \(proto.protocolNumber) (linha \(proto.line))"
                if !proto.claims.isEmpty { compare(level, "valor liberado", stated: proto.released, sum: proto.claims.reduce(.zero) { $0 + $1.released }) }
                if proto.released > proto.processed {
                    problems.append("\(level): liberado (\(money(proto.released))) acima do processado (\(money(proto.processed))).")
                }
                for value in [proto.informed, proto.processed, proto.released] where value < .zero {
                    problems.append("\(level): valor negativo (\(money(value)))."); break
                }
            }
            let released = date.protocols.reduce(.zero) { $0 + $1.released }
            compare(day, "total liberado", stated: date.statedReleased, sum: released)
            compare(day, "total de débitos", stated: date.statedDebits, sum: date.debits)
            compare(day, "total de créditos", stated: date.statedCredits, sum: date.credits)
            compare(day, "líquido", stated: date.statedNet, sum: date.statedReleased - date.statedDebits + date.statedCredits)
            gross = gross + date.statedReleased
        }
        compare("Demonstrativo", "valor liberado bruto", stated: statement.statedGross, sum: gross)
        compare("Demonstrativo", "valor líquido", stated: statement.statedNet, sum: statement.statedGross - statement.statedDebits + statement.statedCredits)
        return problems
    }
}
