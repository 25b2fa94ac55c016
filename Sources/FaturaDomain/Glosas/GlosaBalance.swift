/// Where the money of one glosa is, to the centavo (DOMAIN.md §5: glosa = accepted + under appeal +
/// recovered + lost, plus what nobody has decided yet). Every step keeps the identity; a step the
/// glosa's state does not allow is refused with its own code.
///
/// - accepting before any appeal writes the amount off ("aceita"); after a denied appeal it is lost;
/// - an appeal takes some or all of what is undecided; what it leaves out is accepted at once;
/// - the payer's answer recovers what it accepted; the rest is undecided again (a further round)
///   or, when the contract's last round is spent, lost.
public struct GlosaBalance: Hashable, Sendable {
    public let value: Money
    public private(set) var undecided: Money
    public private(set) var writtenOff = Money.zero
    public private(set) var underAppeal = Money.zero
    public private(set) var recovered = Money.zero
    public private(set) var lost = Money.zero
    /// Appeal rounds sent so far.
    public private(set) var rounds = 0
    /// The contract's maximum number of rounds.
    public let maxRounds: Int

    public init(value: Money, maxRounds: Int) {
        self.value = value
        self.undecided = value
        self.maxRounds = max(1, maxRounds)
    }

    /// The identity every step keeps.
    public var balances: Bool { writtenOff + underAppeal + recovered + lost + undecided == value }

    public var status: GlosaStatus {
        if underAppeal > .zero { return .underAppeal }
        if undecided > .zero { return rounds == 0 ? .open : .appealDenied }
        if recovered == value { return .recovered }
        if recovered > .zero { return .partiallyRecovered }
        if lost > .zero { return .lost }
        return .writtenOff
    }

    /// Accepts what is undecided: written off, or lost after an appeal.
    public mutating func accept() throws(FaturaError) {
        guard undecided > .zero else { throw .glosaRefused(.nothingToDecide) }
        if rounds == 0 { writtenOff = writtenOff + undecided } else { lost = lost + undecided }
        undecided = .zero
    }

    /// Appeals `amount` of what is undecided (the rest is accepted with it).
    public mutating func appeal(_ amount: Money) throws(FaturaError) {
        guard undecided > .zero else { throw .glosaRefused(.nothingToDecide) }
        guard rounds < maxRounds else { throw .glosaRefused(.roundsExhausted(max: maxRounds)) }
        guard amount > .zero, amount <= undecided else { throw .glosaRefused(.amountOutOfRange(max: undecided)) }
        let rest = undecided - amount
        if rest > .zero { if rounds == 0 { writtenOff = writtenOff + rest } else { lost = lost + rest } }
        underAppeal = amount
        undecided = .zero
        rounds += 1
    }

    /// The payer's answer to the round under appeal: `accepted` of it comes back.
    public mutating func answer(accepted: Money) throws(FaturaError) {
        guard underAppeal > .zero else { throw .glosaRefused(.notUnderAppeal) }
        guard accepted >= .zero, accepted <= underAppeal else { throw .glosaRefused(.amountOutOfRange(max: underAppeal)) }
        recovered = recovered + accepted
        let denied = underAppeal - accepted
        underAppeal = .zero
        if rounds >= maxRounds { lost = lost + denied } else { undecided = denied }
    }
}

public enum GlosaStatus: String, Sendable, CaseIterable, Codable {
    case open
    case underAppeal = "under_appeal"
    case appealDenied = "appeal_denied"
    case writtenOff = "written_off"
    case recovered
    case partiallyRecovered = "partially_recovered"
    case lost

    public var label: String {
        switch self {
        case .open: "A decidir"
        case .underAppeal: "Em recurso"
        case .appealDenied: "Recurso negado: decidir"
        case .writtenOff: "Aceita"
        case .recovered: "Recuperada"
        case .partiallyRecovered: "Recuperada em parte"
        case .lost: "Perdida"
        }
    }
}

/// A glosa step its state does not allow (`FaturaError.glosaRefused`).
public enum GlosaRefusal: Hashable, Sendable {
    case nothingToDecide
    case roundsExhausted(max: Int)
    case amountOutOfRange(max: Money)
    case notUnderAppeal
    /// A technical glosa is decided only after the audit sector's opinion.
    case awaitsOpinion
    /// Only a technical glosa takes the audit sector's opinion.
    case notTechnical

    public var code: String {
        switch self {
        case .nothingToDecide: "glosa_decided"
        case .roundsExhausted: "glosa_rounds_exhausted"
        case .amountOutOfRange: "glosa_amount"
        case .notUnderAppeal: "glosa_not_under_appeal"
        case .awaitsOpinion: "glosa_awaits_opinion"
        case .notTechnical: "glosa_not_technical"
        }
    }

    public var message: String {
        switch self {
        case .nothingToDecide: "Não há valor a decidir nesta glosa."
        case .roundsExhausted(let max): "O contrato permite \(max) rodada(s) de recurso, todas já usadas."
        case .amountOutOfRange(let max): "O valor deve ser maior que zero e no máximo \(BrazilianFormat.currency(max))."
        case .notUnderAppeal: "A glosa não está em recurso."
        case .awaitsOpinion: "Glosa técnica: aguarde o parecer da auditoria antes de aceitar ou recorrer."
        case .notTechnical: "Só glosas técnicas recebem parecer da auditoria."
        }
    }
}

extension GlosaBalance {
    /// A balance as stored: refused unless its parts add up to its value (a row that does not
    /// balance is an error, never repaired in passing).
    public init?(value: Money, undecided: Money, writtenOff: Money, underAppeal: Money, recovered: Money, lost: Money, rounds: Int, maxRounds: Int) {
        self.init(value: value, maxRounds: maxRounds)
        self.undecided = undecided
        self.writtenOff = writtenOff
        self.underAppeal = underAppeal
        self.recovered = recovered
        self.lost = lost
        self.rounds = rounds
        guard balances, [undecided, writtenOff, underAppeal, recovered, lost].allSatisfy({ $0 >= .zero }), rounds >= 0 else { return nil }
    }
}
