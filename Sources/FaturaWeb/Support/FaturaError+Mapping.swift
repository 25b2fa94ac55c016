import FaturaDomain
import Foundation
import Hummingbird
import OpenAPIRuntime

extension FaturaError {
    /// What an arbitrary thrown error means to the user, or nil for a real internal error (500,
    /// logged with its cause under the request id).
    ///
    /// The OpenAPI runtime wraps every error in `ServerError`. Only an error raised while the
    /// request was read (no `operationInput` yet) is the client's fault; anything else a handler
    /// throws that is not a `FaturaError` is the server's, never "conteúdo mal formado".
    static func from(_ error: any Error) -> FaturaError? {
        switch error {
        case let error as FaturaError:
            return error
        case let error as ServerError:
            if let inner = error.underlyingError as? FaturaError { return inner }
            if error.operationInput != nil { return error.underlyingError is HTTPError ? from(error.underlyingError) : nil }
            // A field of the JSON body is named in a 422; a parameter (path, query) or a body that is
            // not JSON at all is a 400 that says what could not be read.
            if case .validation(let errors)? = fromDecoding(error.underlyingError), errors.allSatisfy({ $0.field != "corpo" }) {
                return .validation(errors)
            }
            if case .dataCorrupted(let context)? = error.underlyingError as? DecodingError, context.debugDescription.contains("not valid JSON") {
                return .badRequest("Requisição inválida: o corpo não é um JSON válido.")
            }
            return .badRequest("Requisição inválida: um parâmetro da rota ou da consulta (ou o corpo) tem valor de tipo errado ou fora da lista permitida.")
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
            return fromDecoding(error)
        default:
            return nil
        }
    }

    /// A decoding problem as the 422 every other validation gives, naming the field in the same
    /// form (`encounters[0].partials[1].items[2].kind`); a body that is not JSON at all is a 400.
    static func fromDecoding(_ error: any Error) -> FaturaError? {
        guard let error = error as? DecodingError else { return nil }
        switch error {
        case .keyNotFound(let key, let context):
            return .validation([FieldError(fieldPath(context.codingPath + [key]), "Campo obrigatório.")])
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return .validation([FieldError(fieldPath(context.codingPath), "Valor de tipo inválido.")])
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return .badRequest("Requisição inválida: o corpo não é um JSON válido.") }
            // `additionalProperties: false`: a field the API does not have is refused, never ignored
            // (a misspelt `expectedVersion` would otherwise leave the write unprotected).
            if context.debugDescription.hasPrefix("Additional properties are disabled") {
                return .validation([FieldError(fieldPath(context.codingPath), "Campo desconhecido: a API não tem este campo (confira o nome em openapi.yaml).")])
            }
            return .validation([FieldError(fieldPath(context.codingPath), "Valor inválido.")])
        @unknown default:
            return .badRequest("Requisição inválida: conteúdo mal formado.")
        }
    }

    /// `encounters[0].partials[1].kind` from a coding path. JSONDecoder names array positions
    /// "Index 0"; empty keys (a value decoded in place) are dropped.
    static func fieldPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue ?? (key.stringValue.hasPrefix("Index ") ? Int(key.stringValue.dropFirst(6)) : nil) {
                text += "[\(index)]"
            } else if !key.stringValue.isEmpty {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text.isEmpty ? "corpo" : text
    }
}
