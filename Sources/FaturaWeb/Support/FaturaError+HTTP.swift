import FaturaDomain

extension FaturaError {
    /// The HTTP status of each refusal, for the API's problem documents and the pages. Kept here so
    /// the domain knows nothing of HTTP; every case is listed (no default) so a new case must be
    /// placed on purpose.
    var httpStatus: Int {
        switch self {
        case .validation: 422
        case .notFound: 404
        case .unauthenticated, .invalidCredentials: 401
        case .forbidden, .csrfRejected: 403
        case .accountLocked: 423
        case .conflict, .notClosable, .partialClosed, .partialAlreadyClosed, .partialNotClosed, .stalePartial,
             .documentAlreadySent, .batchRunning, .concurrentChange, .nonConformityActionRefused, .staleNonConformity, .ownUserDeactivation,
             .partialInvoiced, .partialNotInvoiced, .invoicePartialRefused, .invoiceStateRefused, .invoiceClaimsInvalid, .invoiceEmpty, .invoiceClosing, .glosaRefused,
             .staleInvoice, .protocolRefused, .statementConflict, .appealRefused, .proposalRefused, .noticeRefused, .recordCopyRefused: 409
        case .statementUnreadable: 422
        case .invoiceBatchInvalid: 500
        case .tissSchemaMissing: 503
        case .payloadTooLarge: 413
        case .badRequest: 400
        case .amountOutOfRange: 422
        case .unavailable: 503
        case .storedValueInvalid, .noIdReturned, .jobInvalid: 500
        }
    }
}
