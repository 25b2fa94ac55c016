/// Every error the product reports to a person or a client: a stable code for programs, an HTTP status
/// for the API, and a pt-BR message for people.
///
/// The status is a plain number so the domain keeps no dependency on an HTTP library.
public enum FaturaError: Error, Sendable, Equatable {
    /// What was sent is wrong; every field problem is listed.
    case validation([FieldError])
    /// `entity` is the pt-BR noun ("convênio"), used in the message.
    case notFound(entity: String)
    case unauthenticated
    case forbidden
    /// Login refused: wrong user or password (never says which).
    case invalidCredentials
    /// Too many failed logins; the account waits until the lock expires.
    case accountLocked
    /// A write that lost a race or hits a state that forbids it (closed partial, stale version).
    case conflict(String)
    /// The form's anti-forgery token did not match the session's.
    case csrfRejected
    case payloadTooLarge
    /// A malformed body: not JSON, not a form, wrong types.
    case badRequest(String)
    /// "Encerrar parcial" refused: every reason at once.
    case notClosable([ClosingBlocker])
    /// A computed amount does not fit (stored values beyond every plausible bound): reported, never a crash.
    case amountOutOfRange
    /// The database is busy (another process holds the write lock) or unreachable: try again shortly.
    case unavailable
    /// A stored value that does not decode (unknown code, malformed date): the work stops instead of
    /// reading it as a plausible default. Needs a correction of the data, not a retry.
    case storedValueInvalid(table: String, column: String, value: String)
    public var code: String {
        switch self {
        case .validation: "validation_failed"
        case .notFound: "not_found"
        case .unauthenticated: "unauthenticated"
        case .forbidden: "forbidden"
        case .invalidCredentials: "invalid_credentials"
        case .accountLocked: "account_locked"
        case .conflict: "conflict"
        case .csrfRejected: "csrf_rejected"
        case .payloadTooLarge: "payload_too_large"
        case .badRequest: "bad_request"
        case .notClosable: "partial_not_closable"
        case .amountOutOfRange: "amount_out_of_range"
        case .unavailable: "service_unavailable"
        case .storedValueInvalid: "stored_value_invalid"
        }
    }

    public var httpStatus: Int {
        switch self {
        case .validation: 422
        case .notFound: 404
        case .unauthenticated, .invalidCredentials: 401
        case .forbidden, .csrfRejected: 403
        case .accountLocked: 423
        case .conflict, .notClosable: 409
        case .payloadTooLarge: 413
        case .badRequest: 400
        case .amountOutOfRange: 422
        case .unavailable: 503
        case .storedValueInvalid: 500
        }
    }

    /// The sentence shown to a person.
    public var message: String {
        switch self {
        case .validation(let errors):
            errors.count == 1 ? "Há 1 campo com erro." : "Há \(errors.count) campos com erro."
        case .notFound(let entity): "Não encontrado: \(entity)."
        case .unauthenticated: "É preciso entrar no sistema."
        case .forbidden: "Seu perfil não tem permissão para esta operação."
        case .invalidCredentials: "Usuário ou senha incorretos."
        case .accountLocked: "Conta bloqueada temporariamente após várias tentativas de acesso sem sucesso. Tente novamente mais tarde ou procure o administrador."
        case .conflict(let message): message
        case .csrfRejected: "O formulário expirou ou não veio desta aplicação. Recarregue a página e tente de novo."
        case .payloadTooLarge: "O conteúdo enviado é grande demais."
        case .badRequest(let message): message
        case .notClosable(let blockers): "A parcial não pode ser encerrada: " + blockers.map(\.message).joined(separator: " ")
        case .amountOutOfRange: "Um valor calculado excede o limite possível (R$ 99.999.999,99 por linha): verifique quantidades e valores dos lançamentos."
        case .unavailable: "O banco de dados está ocupado ou indisponível no momento. Tente novamente em alguns segundos."
        case .storedValueInvalid(let table, let column, let value):
            "Há um valor gravado inválido (\(table).\(column) = “\(value)”): nada foi alterado. Avise a TI para corrigir o registro."
        }
    }

    public var fieldErrors: [FieldError] {
        switch self {
        case .validation(let errors): errors
        // The API lists each reason with its stable code in the field slot.
        case .notClosable(let blockers): blockers.map { FieldError($0.code, $0.message) }
        default: []
        }
    }
}
