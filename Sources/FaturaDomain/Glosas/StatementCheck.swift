/// What is wrong with a statement on its own, before it is matched to anything (DOMAIN.md §5:
/// presented = released + glosa + pending, to the centavo). The statement is still imported; these
/// are flags for a person.
///
/// Payers detail in a claim only some of its items (the sample statement lists three of the five
/// items of its claim, and its claim totals carry all five): the claim's stated amounts may exceed
/// its lines, the difference being the items released without detail. So a claim is flagged when
/// its lines exceed its totals, when its glosa is not its lines' glosas, or when it releases and
/// denies more than was informed; a protocol and the statement must be the exact sum of the claims
/// (or protocols) they carry.
public enum StatementProblem: Hashable, Sendable {
    case releasesMoreThanInformed(line: String, informed: Money, releasedAndGlosa: Money)
    case negativeAmount(line: String, field: String)
    case totalDoesNotAddUp(level: String, field: String, stated: Money, sum: Money)
    /// A claim whose detailed lines add up to more than the claim's own total.
    case linesAboveClaim(claim: String, field: String, stated: Money, lines: Money)

    /// A stable code, as the API shows it.
    public var code: String {
        switch self {
        case .releasesMoreThanInformed: "released_above_informed"
        case .negativeAmount: "negative_amount"
        case .totalDoesNotAddUp: "total_mismatch"
        case .linesAboveClaim: "lines_above_claim"
        }
    }

    public var message: String {
        switch self {
        case .releasesMoreThanInformed(let line, let informed, let both):
            "\(line): liberado + glosado (\(BrazilianFormat.currency(both))) passa do valor informado (\(BrazilianFormat.currency(informed)))."
        case .negativeAmount(let line, let field):
            "\(line): \(field) negativo."
        case .totalDoesNotAddUp(let level, let field, let stated, let sum):
            "\(level): \(field) declarado \(BrazilianFormat.currency(stated)), mas a soma do que ele traz é \(BrazilianFormat.currency(sum))."
        case .linesAboveClaim(let claim, let field, let stated, let lines):
            "Guia \(claim): os itens detalhados somam \(BrazilianFormat.currency(lines)) em \(field), mais que o total da guia (\(BrazilianFormat.currency(stated)))."
        }
    }
}

public enum StatementCheck {
    public static func problems(_ statement: Statement) -> [StatementProblem] {
        var problems: [StatementProblem] = []
        var statementSum = Sum()
        for proto in statement.protocols {
            var protocolSum = Sum()
            for claim in proto.claims {
                var lines = Sum()
                for line in claim.lines {
                    for (field, value) in [("valorInformado", line.informed), ("valorLiberado", line.released), ("valorGlosa", line.glosa)]
                    where value < .zero {
                        problems.append(.negativeAmount(line: line.label, field: field))
                    }
                    if line.released + line.glosa > line.informed {
                        problems.append(.releasesMoreThanInformed(line: line.label, informed: line.informed, releasedAndGlosa: line.released + line.glosa))
                    }
                    lines.add(line.totals)
                }
                if let stated = claim.stated {
                    problems += claimProblems(claim.claimNumber, stated: stated, lines: lines)
                    protocolSum.add(stated)
                } else {
                    protocolSum.add(lines)
                }
            }
            if let stated = proto.stated {
                problems += protocolSum.compare(stated, level: "Protocolo \(proto.protocolNumber ?? "sem número")", suffix: "Protocolo")
                statementSum.add(stated)
            } else {
                statementSum.add(protocolSum)
            }
        }
        if let stated = statement.stated {
            problems += statementSum.compare(stated, level: "Demonstrativo \(statement.number ?? "")".trimmingSpaces(), suffix: "Geral")
        }
        return problems
    }

    static func claimProblems(_ claim: String, stated: StatementTotals, lines: Sum) -> [StatementProblem] {
        var found: [StatementProblem] = []
        if lines.informed > stated.informed { found.append(.linesAboveClaim(claim: claim, field: "valorInformadoGuia", stated: stated.informed, lines: lines.informed)) }
        if lines.released > stated.released { found.append(.linesAboveClaim(claim: claim, field: "valorLiberadoGuia", stated: stated.released, lines: lines.released)) }
        if lines.glosa != stated.glosa {
            found.append(.totalDoesNotAddUp(level: "Guia \(claim)", field: "valorGlosaGuia", stated: stated.glosa, sum: lines.glosa))
        }
        if stated.released + stated.glosa > stated.informed {
            found.append(.releasesMoreThanInformed(line: "guia \(claim)", informed: stated.informed, releasedAndGlosa: stated.released + stated.glosa))
        }
        return found
    }

    /// The four amounts added up.
    struct Sum {
        var informed = Money.zero, processed = Money.zero, released = Money.zero, glosa = Money.zero
        var hasProcessed = false

        mutating func add(_ totals: StatementTotals) {
            informed = informed + totals.informed
            released = released + totals.released
            glosa = glosa + totals.glosa
            if let value = totals.processed { processed = processed + value; hasProcessed = true }
        }

        mutating func add(_ other: Sum) {
            informed = informed + other.informed
            released = released + other.released
            glosa = glosa + other.glosa
            processed = processed + other.processed
            hasProcessed = hasProcessed || other.hasProcessed
        }

        func compare(_ stated: StatementTotals, level: String, suffix: String) -> [StatementProblem] {
            var found: [StatementProblem] = []
            if stated.informed != informed { found.append(.totalDoesNotAddUp(level: level, field: "valorInformado\(suffix)", stated: stated.informed, sum: informed)) }
            if let value = stated.processed, hasProcessed, value != processed {
                found.append(.totalDoesNotAddUp(level: level, field: "valorProcessado\(suffix)", stated: value, sum: processed))
            }
            if stated.released != released { found.append(.totalDoesNotAddUp(level: level, field: "valorLiberado\(suffix)", stated: stated.released, sum: released)) }
            if stated.glosa != glosa { found.append(.totalDoesNotAddUp(level: level, field: "valorGlosa\(suffix)", stated: stated.glosa, sum: glosa)) }
            return found
        }
    }
}
