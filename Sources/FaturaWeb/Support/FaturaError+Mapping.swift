import FaturaDomain
import Foundation
import Hummingbird
import OpenAPIRuntime

extension FaturaError {
    /// What an arbitrary thrown error means to the user, or nil for a real internal error.
    /// The OpenAPI runtime wraps handler errors in `ServerError`; the original is inside.
    static func from(_ error: any Error) -> FaturaError? {
        switch error {
        case let error as FaturaError:
            return error
        case let error as ServerError:
            if let inner = from(error.underlyingError) { return inner }
            // Errors the generated code raises while reading the request: the body or a parameter is malformed.
            return .badRequest("Requisição inválida: \(Self.describe(error.underlyingError)).")
        case let error as HTTPError:
            switch error.status {
            case .notFound: return .notFound(entity: "página")
            case .contentTooLarge: return .payloadTooLarge
            case .unauthorized: return .unauthenticated
            case .forbidden: return .forbidden
            case .badRequest, .unsupportedMediaType, .methodNotAllowed: return .badRequest(error.body ?? "Requisição inválida.")
            default: return nil
            }
        case is DecodingError:
            return .badRequest("Requisição inválida: \(Self.describe(error)).")
        default:
            return nil
        }
    }

    /// A short, safe description of a decoding problem, naming the field.
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "falta o campo '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "valor inválido em '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let context):
            context.codingPath.isEmpty ? "o corpo não é um JSON válido" : "valor inválido em '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: "conteúdo mal formado"
        }
    }
}
