import FaturaDomain
import Foundation
import HTTPTypes

/// Why a form was not accepted, as the form shows it when it draws itself again with what was
/// typed: each field's message beside its field, a refusal that names no field above the form and,
/// after someone else changed the record, a link to reload the current version.
struct FormRefusal: Sendable, Error {
    let fieldErrors: [FieldError]
    /// Above the form.
    let message: String
    /// Someone else changed the record since the page was opened: the person reloads it to see the
    /// current version (what was typed stays on the page until then).
    let isStale: Bool
    let status: HTTPResponse.Status

    /// nil for what a form cannot answer by drawing itself again (not found, forbidden, an expired
    /// form, the server's trouble): those go to the error page.
    init?(_ error: FaturaError) {
        switch error {
        case .validation(let errors):
            fieldErrors = errors
            message = errors.count == 1 ? "Não foi salvo: 1 campo com erro. Corrija o campo indicado e envie de novo."
                : "Não foi salvo: \(errors.count) campos com erro. Corrija os campos indicados e envie de novo."
            isStale = false
        case .stalePartial, .staleNonConformity, .concurrentChange, .staleInvoice:
            fieldErrors = []
            message = "Não foi salvo: " + error.message
            isStale = true
        case .conflict, .notClosable, .partialClosed, .partialAlreadyClosed, .partialNotClosed, .documentAlreadySent, .batchRunning,
             .nonConformityActionRefused, .ownUserDeactivation, .amountOutOfRange, .badRequest,
             .partialInvoiced, .partialNotInvoiced, .invoicePartialRefused, .invoiceStateRefused, .invoiceClaimsInvalid, .invoiceEmpty, .invoiceClosing, .glosaRefused,
             .protocolRefused, .statementUnreadable, .statementConflict, .appealRefused, .proposalRefused, .noticeRefused, .recordCopyRefused:
            fieldErrors = []
            message = "Não foi possível concluir: " + error.message
            isStale = false
        case .notFound, .unauthenticated, .forbidden, .invalidCredentials, .accountLocked, .csrfRejected, .payloadTooLarge, .unavailable,
             .storedValueInvalid, .noIdReturned, .jobInvalid, .invoiceBatchInvalid, .tissSchemaMissing:
            return nil
        }
        status = HTTPResponse.Status(code: error.httpStatus)
    }

    /// A refusal the page itself decides (a field it reads and finds wrong).
    init(fields: [FieldError]) {
        self.init(FaturaError.validation(fields))!
    }
}

/// `refusal.mustache`: the box above a form that was sent back.
struct RefusalModel: Sendable {
    let message: String
    /// The page as it is now; only after a concurrent change.
    let reloadHref: String?
    /// Each field's message, for pages whose forms are too many to mark field by field.
    let fields: [String]
    let hasFields: Bool

    init(_ refusal: FormRefusal, reload: String, listingFields: Bool = false) {
        message = refusal.message
        reloadHref = refusal.isStale ? reload : nil
        fields = listingFields ? refusal.fieldErrors.map(\.message) : []
        hasFields = !fields.isEmpty
    }
}
