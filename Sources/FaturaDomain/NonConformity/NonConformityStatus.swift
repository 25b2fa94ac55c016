/// Where a non-conformity stands. The sector corrects, billing checks the correction: only billing
/// closes one (accepted), and a correction billing does not accept goes back to the sector.
public enum NonConformityStatus: String, CaseIterable, Sendable, Codable {
    /// Aberta: the record is with its sector (devolvido ao setor) until it is corrected.
    case open
    /// Corrigida pelo setor, aguardando conferência do faturamento.
    case corrected
    /// Conferida e aceita: closed.
    case accepted
    /// Registered by mistake; kept for the trail, blocks nothing.
    case cancelled

    public var label: String {
        switch self {
        case .open: "Aberta (com o setor)"
        case .corrected: "Corrigida — aguardando conferência"
        case .accepted: "Aceita"
        case .cancelled: "Cancelada"
        }
    }

    /// Whether it still stops the partial from closing.
    public var blocksClosing: Bool { self == .open || self == .corrected }

    /// Those that still block: with the sector, or waiting for billing's check.
    public static let pending = allCases.filter(\.blocksClosing)
}

/// What a person does to a non-conformity, and which status it leads to.
public enum NonConformityAction: String, CaseIterable, Sendable, Codable {
    /// The sector says it fixed the record (with a note).
    case correct
    /// Billing checked the correction and closes the non-conformity.
    case accept
    /// Billing did not accept the correction: back to the sector, with a reason and a new deadline.
    case sendBack = "send_back"
    /// Billing withdraws one registered by mistake (with a reason).
    case cancel

    public var label: String {
        switch self {
        case .correct: "Corrigida pelo setor"
        case .accept: "Correção aceita"
        case .sendBack: "Devolvida novamente ao setor"
        case .cancel: "Cancelada"
        }
    }

    /// Whether the action needs a written note or reason.
    public var needsNote: Bool { self != .accept }

    /// The status after the action, or nil when the action does not apply to `status`.
    public func next(from status: NonConformityStatus) -> NonConformityStatus? {
        switch (self, status) {
        case (.correct, .open): .corrected
        case (.accept, .corrected): .accepted
        case (.sendBack, .corrected): .open
        case (.cancel, .open), (.cancel, .corrected): .cancelled
        default: nil
        }
    }

    /// The pt-BR sentence when the action does not apply.
    public func refusal(from status: NonConformityStatus) -> String {
        switch self {
        case .correct: "Só uma não conformidade aberta pode ser marcada como corrigida (situação atual: \(status.label))."
        case .accept: "Só uma não conformidade corrigida pelo setor pode ser aceita (situação atual: \(status.label))."
        case .sendBack: "Só uma não conformidade corrigida pelo setor pode ser devolvida de novo (situação atual: \(status.label))."
        case .cancel: "Esta não conformidade já está encerrada (situação atual: \(status.label))."
        }
    }
}
