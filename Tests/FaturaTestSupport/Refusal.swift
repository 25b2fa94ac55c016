import FaturaDomain
import Testing

/// Expects `body` to be refused with the error of this stable `code` (`FaturaError.code`), so a test
/// fails for the wrong refusal while the message stays free to be reworded.
public func expectRefusal(_ code: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
    let error = await #expect(throws: FaturaError.self, sourceLocation: sourceLocation) { try await body() }
    #expect(error?.code == code, "refused with \(error.map { String(describing: $0) } ?? "nothing")", sourceLocation: sourceLocation)
}
