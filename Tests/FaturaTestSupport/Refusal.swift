import FaturaDomain
import Testing

/// Expects `body` to be refused with the error of this stable `code` (`FaturaError.code`), so a test
/// fails for the wrong refusal while the message stays free to be reworded.
@discardableResult
public func expectRefusal(_ code: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async -> FaturaError? {
    let error = await #expect(throws: FaturaError.self, sourceLocation: sourceLocation) { try await body() }
    #expect(error?.code == code, "refused with \(error.map { String(describing: $0) } ?? "nothing")", sourceLocation: sourceLocation)
    return error
}

/// Expects `body` to be refused as `validation` (not any other refusal) and returns its field errors.
@discardableResult
public func expectValidation(sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async -> [FieldError] {
    do {
        try await body()
        Issue.record("aceito, mas devia ser recusado por validação", sourceLocation: sourceLocation)
    } catch FaturaError.validation(let errors) {
        return errors
    } catch {
        Issue.record("recusado com \(error), não por validação", sourceLocation: sourceLocation)
    }
    return []
}
