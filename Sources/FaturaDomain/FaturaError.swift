/// Every error the product reports to a person or a client: a stable code for programs and a pt-BR
/// message for people. The HTTP status of each is the web module's (`FaturaError.httpStatus` there).
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
    /// A write that lost a race or hits a state that forbids it, with no more specific case below.
    case conflict(String)
    /// A change to a partial that is not a draft (`PartialBill.check`).
    case partialClosed(externalId: String, change: PartialChange)
    /// Closing a partial that is already closed.
    case partialAlreadyClosed(externalId: String)
    /// Reopening a partial that is not closed.
    case partialNotClosed(externalId: String)
    /// Reopening (or invoicing again) a partial that is in an invoice.
    case partialInvoiced(externalId: String)
    /// Taking out of an invoice a partial that is not in one.
    case partialNotInvoiced(externalId: String)
    /// The partial changed since the version the person (or the batch) read.
    case stalePartial
    /// A partial an invoice does not take: another payer or company, not closed, already invoiced.
    case invoicePartialRefused(externalId: String, reason: InvoicePartialRefusal)
    /// An invoice action its status does not allow (`InvoiceStatus.next`, `acceptsPartials`).
    case invoiceStateRefused(number: Int, status: InvoiceStatus, action: String)
    /// Closing an invoice whose claims lack fields their type requires: every problem at once.
    case invoiceClaimsInvalid([ClaimProblem])
    /// A generated batch the official schema refuses (a fault of the writer, never sent).
    case invoiceBatchInvalid(batch: Int, problems: [String])
    case invoiceEmpty(number: Int)
    /// A glosa step its state does not allow (`GlosaBalance`).
    case glosaRefused(GlosaRefusal)
    /// A statement file that cannot be read (broken, hostile, not a statement), with its line.
    case statementUnreadable(String)
    /// A corrected statement that would undo work done on the glosas it replaces.
    case statementConflict(String)
    /// An appeal its glosas or state do not allow (another protocol, already under appeal, sent…).
    case appealRefused(String)
    /// A close asked while this invoice's close job is queued or running.
    case invoiceClosing(number: Int, job: Int)
    /// The invoice changed since the version the person saw.
    case staleInvoice
    /// The official TISS schemas are not where the deployment says (`FATURA_REFERENCE_DATA`).
    case tissSchemaMissing(String)
    /// A payer's receipt (protocolo) that is not this invoice's or not a TISS receipt.
    case protocolRefused(String)
    /// A record-return document already marked as sent.
    case documentAlreadySent(String)
    /// A second exam-rule batch for a company while one is alive.
    case batchRunning(String)
    /// A non-conformity action its status does not allow (`NonConformityAction.next`).
    case nonConformityActionRefused(String)
    /// The non-conformity changed since the version the person saw.
    case staleNonConformity(String)
    /// A user deactivating their own account (it would lock them out mid-session).
    case ownUserDeactivation
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
    /// Two people changed the same thing at once and this write lost (e.g. two record-return
    /// documents for one sector): nothing was saved; reloading shows the other's result.
    case concurrentChange(String)
    /// An INSERT that should return the new row's id returned none: a fault of the database or of
    /// the code, never of the input.
    case noIdReturned(table: String)
    /// A background job whose kind or arguments this version does not know (stored by another version).
    case jobInvalid(String)
    /// A contract proposal's step its state does not allow (`ContractProposal.next`).
    case proposalRefused(String)
    /// A notice's acknowledgement out of order (done before read, done twice).
    case noticeRefused(String)
    /// A record-copy request's step out of order.
    case recordCopyRefused(String)

    public var code: String {
        switch self {
        case .validation: "validation_failed"
        case .notFound: "not_found"
        case .unauthenticated: "unauthenticated"
        case .forbidden: "forbidden"
        case .invalidCredentials: "invalid_credentials"
        case .accountLocked: "account_locked"
        case .conflict: "conflict"
        case .partialClosed, .partialAlreadyClosed: "partial_closed"
        case .partialNotClosed: "partial_not_closed"
        case .partialInvoiced: "partial_invoiced"
        case .partialNotInvoiced: "partial_not_invoiced"
        case .invoicePartialRefused(_, let reason): reason.code
        case .invoiceStateRefused: "invoice_state"
        case .invoiceClaimsInvalid: "invoice_claims_invalid"
        case .invoiceBatchInvalid: "invoice_batch_invalid"
        case .invoiceEmpty: "invoice_empty"
        case .invoiceClosing: "invoice_closing"
        case .glosaRefused(let refusal): refusal.code
        case .statementUnreadable: "statement_unreadable"
        case .statementConflict: "statement_conflict"
        case .appealRefused: "appeal_refused"
        case .staleInvoice: "stale_version"
        case .protocolRefused: "protocol_refused"
        case .tissSchemaMissing: "tiss_schema_missing"
        case .stalePartial: "stale_version"
        case .documentAlreadySent: "document_already_sent"
        case .batchRunning: "batch_running"
        case .nonConformityActionRefused: "nonconformity_action_refused"
        case .staleNonConformity: "stale_version"
        case .ownUserDeactivation: "own_user_deactivation"
        case .csrfRejected: "csrf_rejected"
        case .payloadTooLarge: "payload_too_large"
        case .badRequest: "bad_request"
        case .notClosable: "partial_not_closable"
        case .amountOutOfRange: "amount_out_of_range"
        case .unavailable: "service_unavailable"
        case .storedValueInvalid: "stored_value_invalid"
        case .concurrentChange: "concurrent_change"
        case .noIdReturned: "internal_error"
        case .jobInvalid: "job_invalid"
        case .proposalRefused: "proposal_refused"
        case .noticeRefused: "notice_refused"
        case .recordCopyRefused: "record_copy_refused"
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
        case .partialClosed(let externalId, let change): "A parcial \(externalId) está encerrada: \(change.refusal)"
        case .partialAlreadyClosed(let externalId): "A parcial \(externalId) já está encerrada."
        case .partialNotClosed(let externalId): "A parcial \(externalId) não está encerrada."
        case .partialInvoiced(let externalId): "A parcial \(externalId) está em uma fatura: para reabri-la, retire-a da fatura enquanto ela estiver aberta."
        case .partialNotInvoiced(let externalId): "A parcial \(externalId) não está em nenhuma fatura."
        case .invoicePartialRefused(let externalId, let reason): "A parcial \(externalId) não pode entrar nesta fatura: \(reason.message)"
        case .invoiceStateRefused(let number, let status, let action): "A fatura \(number) está \(status.label.lowercased()): não é possível \(action)."
        case .invoiceClaimsInvalid(let problems):
            problems.count == 1 ? "A fatura não pode ser fechada: 1 guia tem problema." : "A fatura não pode ser fechada: \(problems.count) problemas nas guias."
        case .invoiceBatchInvalid(let batch, let problems):
            "O lote \(batch) gerado não passou na validação do esquema TISS (\(problems.first ?? "")): nada foi fechado. Avise a TI."
        case .invoiceEmpty(let number): "A fatura \(number) não tem nenhuma parcial."
        case .glosaRefused(let refusal): refusal.message
        case .statementUnreadable(let message): "O demonstrativo não foi importado: \(message)"
        case .statementConflict(let message), .appealRefused(let message): message
        case .invoiceClosing(let number, let job): "A fatura \(number) já está sendo fechada (tarefa \(job)): aguarde o fim na página da fatura."
        case .staleInvoice: "A fatura foi alterada por outra pessoa enquanto você a via. Recarregue a página e confira antes de repetir a operação."
        case .protocolRefused(let message): message
        case .tissSchemaMissing(let version):
            "Os esquemas oficiais do TISS \(version) não foram encontrados (pasta de referência ou FATURA_REFERENCE_DATA): a fatura não foi fechada sem validar os lotes. Avise a TI."
        case .stalePartial: "A parcial foi alterada por outra pessoa enquanto você a via. Recarregue a página e confira antes de repetir a operação."
        case .documentAlreadySent(let message), .batchRunning(let message), .nonConformityActionRefused(let message),
             .staleNonConformity(let message): message
        case .ownUserDeactivation: "Você não pode desativar o seu próprio usuário."
        case .csrfRejected: "O formulário expirou ou não veio desta aplicação. Recarregue a página e tente de novo."
        case .payloadTooLarge: "O conteúdo enviado é grande demais."
        case .badRequest(let message): message
        case .notClosable(let blockers): "A parcial não pode ser encerrada: " + blockers.map(\.message).joined(separator: " ")
        case .amountOutOfRange: "Um valor calculado excede o limite possível (R$ 99.999.999,99 por linha): verifique quantidades e valores dos lançamentos."
        case .unavailable: "O banco de dados está ocupado ou indisponível no momento. Tente novamente em alguns segundos."
        case .storedValueInvalid(let table, let column, let value):
            "Há um valor gravado inválido (\(table).\(column) = “\(value)”): nada foi alterado. Avise a TI para corrigir o registro."
        case .concurrentChange(let message): message
        case .noIdReturned(let table): "O banco de dados não devolveu o identificador do novo registro (\(table)): nada foi gravado. Avise a TI."
        case .jobInvalid(let message), .proposalRefused(let message), .noticeRefused(let message), .recordCopyRefused(let message): message
        }
    }

    public var fieldErrors: [FieldError] {
        switch self {
        case .validation(let errors): errors
        // The API lists each reason with its stable code in the field slot.
        case .notClosable(let blockers): blockers.map { FieldError($0.code, $0.message) }
        case .invoiceClaimsInvalid(let problems): problems.map { FieldError($0.field, "Parcial \($0.partial): \($0.message)") }
        default: []
        }
    }
}

/// Why an invoice does not take a partial.
public enum InvoicePartialRefusal: String, Sendable, Equatable {
    case otherPayer = "partial_other_payer"
    case otherCompany = "partial_other_company"
    case notClosed = "partial_not_closed"
    case alreadyInvoiced = "partial_invoiced"

    public var code: String { rawValue }

    public var message: String {
        switch self {
        case .otherPayer: "ela é de outro convênio."
        case .otherCompany: "ela é de outra empresa."
        case .notClosed: "ela não está encerrada."
        case .alreadyInvoiced: "ela já está em outra fatura."
        }
    }
}
