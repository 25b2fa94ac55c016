import FaturaDomain
import Foundation
import Hummingbird

/// RFC 9457 problem details, the body of every API error.
struct Problem: Encodable {
    var type: String
    var title: String
    var status: Int
    var detail: String?
    var code: String
    var errors: [FieldError]?

    init(_ error: FaturaError) {
        type = "https://fatura.local/problems/" + error.code
        title = error.message
        status = error.httpStatus
        code = error.code
        errors = error.fieldErrors.isEmpty ? nil : error.fieldErrors
        if case .validation(let list) = error {
            detail = list.map { "\($0.field): \($0.message)" }.joined(separator: " ")
        }
    }

    static func internalError(requestId: String) -> Problem {
        var problem = Problem(.badRequest(""))
        problem.type = "https://fatura.local/problems/internal_error"
        problem.title = "Erro interno. Informe ao suporte o código da requisição \(requestId)."
        problem.status = 500
        problem.code = "internal_error"
        problem.detail = nil
        return problem
    }

    func response() -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json; charset=utf-8"]
        // A busy database clears in seconds: tell clients when to try again.
        if status == 503 { headers[.retryAfter] = "5" }
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
