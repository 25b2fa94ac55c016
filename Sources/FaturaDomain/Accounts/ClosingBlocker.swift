/// One reason a partial cannot be closed (encerrada). "Encerrar parcial" lists all of them at once,
/// so the biller fixes everything in one pass instead of discovering the reasons one by one.
public enum ClosingBlocker: Hashable, Sendable {
    case alreadyClosed
    /// Non-conformities still with the sector or waiting for billing to check the correction.
    case openNonConformities(Int)
    case unpricedItems(Int)
    /// The payer applies the exam billing rule and its exams changed after the rule last ran (or it never ran).
    case examRuleNotRun
    case missingAuthorization
    case zeroTotal

    /// A stable code for API clients.
    public var code: String {
        switch self {
        case .alreadyClosed: "already_closed"
        case .openNonConformities: "open_nonconformities"
        case .unpricedItems: "unpriced_items"
        case .examRuleNotRun: "exam_rule_not_run"
        case .missingAuthorization: "missing_authorization"
        case .zeroTotal: "zero_total"
        }
    }

    public var message: String {
        switch self {
        case .alreadyClosed: "A parcial já está encerrada."
        case .openNonConformities(let n):
            n == 1 ? "Há 1 não conformidade pendente (com o setor ou aguardando conferência)."
                : "Há \(n) não conformidades pendentes (com o setor ou aguardando conferência)."
        case .unpricedItems(let n): n == 1 ? "Há 1 item sem preço." : "Há \(n) itens sem preço."
        case .examRuleNotRun: "A Regra de Cobrança de Exames não foi aplicada depois da última alteração dos exames."
        case .missingAuthorization: "O convênio exige autorização e o atendimento não tem número de autorização."
        case .zeroTotal: "O total da parcial é zero."
        }
    }
}
