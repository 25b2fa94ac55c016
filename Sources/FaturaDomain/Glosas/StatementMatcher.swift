/// An item the hospital billed, as a statement line is matched against it.
public struct BilledItem: Hashable, Sendable {
    public var itemId: Int
    /// `numeroGuiaPrestador` (the partial's number).
    public var claimNumber: String
    /// The batch's protocol at the payer, once known.
    public var protocolNumber: String?
    /// `sequencialItem` in the claim as sent.
    public var sequence: Int
    public var code: String
    public var day: CalendarDay
    public var total: Money
    /// The invoice the claim went in.
    public var invoiceId: Int?

    public init(itemId: Int, claimNumber: String, protocolNumber: String?, sequence: Int, code: String, day: CalendarDay, total: Money,
                invoiceId: Int? = nil) {
        self.invoiceId = invoiceId
        self.itemId = itemId
        self.claimNumber = claimNumber
        self.protocolNumber = protocolNumber
        self.sequence = sequence
        self.code = code
        self.day = day
        self.total = total
    }
}

/// Where a statement line landed.
public enum LineMatch: Hashable, Sendable {
    case matched(itemId: Int)
    /// Several billed items fit a line without sequence: a person chooses (never guessed).
    case ambiguous(candidates: [Int])
    case unmatched(UnmatchedLine)
}

public enum UnmatchedLine: Hashable, Sendable {
    case unknownClaim
    case otherProtocol(expected: String)
    case unknownSequence
    case noItemLikeIt
    /// Another line of the same statement already took this item.
    case alreadyMatched

    public var message: String {
        switch self {
        case .unknownClaim: "a guia não está em nenhuma fatura enviada a este convênio."
        case .otherProtocol(let expected): "o protocolo da linha não é o do lote desta guia (\(expected))."
        case .unknownSequence: "a guia não tem item com esta sequência."
        case .noItemLikeIt: "nenhum item da guia tem este código, dia e valor."
        case .alreadyMatched: "o item já foi associado a outra linha deste demonstrativo."
        }
    }
}

/// Finds each statement line's billed item (DOMAIN.md §6): by protocol + claim number + item
/// sequence; a line without sequence by claim + code + day + value — and when that fits more than
/// one item, or none, the line is left for a person. Lines with a sequence are placed first, so a
/// line without one never takes an item another line names.
public enum StatementMatcher {
    public static func match(_ lines: [StatementLine], against items: [BilledItem]) -> [LineMatch] {
        let byClaim = Dictionary(grouping: items, by: \.claimNumber)
        var used: Set<Int> = []
        var result = [LineMatch?](repeating: nil, count: lines.count)
        let order = lines.indices.filter { lines[$0].sequence != nil } + lines.indices.filter { lines[$0].sequence == nil }
        for index in order {
            let line = lines[index]
            guard let claim = byClaim[line.claimNumber] else { result[index] = .unmatched(.unknownClaim); continue }
            if let stated = line.protocolNumber, let known = claim.lazy.compactMap(\.protocolNumber).first, stated != known {
                result[index] = .unmatched(.otherProtocol(expected: known))
                continue
            }
            if let sequence = line.sequence {
                guard let item = claim.first(where: { $0.sequence == sequence }) else { result[index] = .unmatched(.unknownSequence); continue }
                guard used.insert(item.itemId).inserted else { result[index] = .unmatched(.alreadyMatched); continue }
                result[index] = .matched(itemId: item.itemId)
                continue
            }
            let candidates = claim.filter { item in
                !used.contains(item.itemId) && item.code == line.code && (line.day == nil || item.day == line.day) && item.total == line.informed
            }
            switch candidates.count {
            case 0: result[index] = .unmatched(.noItemLikeIt)
            case 1:
                used.insert(candidates[0].itemId)
                result[index] = .matched(itemId: candidates[0].itemId)
            default: result[index] = .ambiguous(candidates: candidates.map(\.itemId).sorted())
            }
        }
        return result.map { $0 ?? .unmatched(.noItemLikeIt) }
    }
}
