import FaturaDomain
@testable import FaturaWeb
import Testing

/// Every refusal's stable code and its HTTP status (the mapping lives in the web module).
@Suite struct ErrorStatusTests {
    @Test func eachCaseHasItsCodeAndStatus() {
        let cases: [(FaturaError, String, Int)] = [
            (.validation([]), "validation_failed", 422),
            (.notFound(entity: "parcial"), "not_found", 404),
            (.unauthenticated, "unauthenticated", 401),
            (.invalidCredentials, "invalid_credentials", 401),
            (.forbidden, "forbidden", 403),
            (.csrfRejected, "csrf_rejected", 403),
            (.accountLocked, "account_locked", 423),
            (.conflict("x"), "conflict", 409),
            (.notClosable([.zeroTotal]), "partial_not_closable", 409),
            (.partialClosed(externalId: "P-1", change: .items), "partial_closed", 409),
            (.partialAlreadyClosed(externalId: "P-1"), "partial_closed", 409),
            (.partialNotClosed(externalId: "P-1"), "partial_not_closed", 409),
            (.stalePartial, "stale_version", 409),
            (.documentAlreadySent("x"), "document_already_sent", 409),
            (.batchRunning("x"), "batch_running", 409),
            (.nonConformityActionRefused("x"), "nonconformity_action_refused", 409),
            (.staleNonConformity("x"), "stale_version", 409),
            (.ownUserDeactivation, "own_user_deactivation", 409),
            (.payloadTooLarge, "payload_too_large", 413),
            (.badRequest("x"), "bad_request", 400),
            (.amountOutOfRange, "amount_out_of_range", 422),
            (.unavailable, "service_unavailable", 503),
            (.storedValueInvalid(table: "t", column: "c", value: "v"), "stored_value_invalid", 500),
            (.concurrentChange("x"), "concurrent_change", 409),
            (.noIdReturned(table: "t"), "internal_error", 500),
            (.jobInvalid("x"), "job_invalid", 500),
        ]
        for (error, code, status) in cases {
            #expect(error.code == code, "\(error)")
            #expect(error.httpStatus == status, "\(error)")
        }
    }
}
