import SQLKit
import FaturaDomain

/// A registry entity (company, payer, sector...) as the generic `Registry` store sees it: its table,
/// its columns and the uniqueness rules checked before saving.
public protocol RegistryRecord: Codable, Sendable, Equatable {
    static var table: String { get }
    /// The entity name in the audit log (`company`).
    static var auditEntity: String { get }
    /// The pt-BR noun for messages (`coligada`).
    static var noun: String { get }
    /// Columns the free-text filter searches (case-insensitive).
    static var searchColumns: [String] { get }
    static var orderColumn: String { get }

    var id: Int? { get set }
    var active: Bool { get set }

    /// The columns to write, with bound values; `id`, `active` and timestamps are handled by the store.
    var columnValues: [(String, any SQLExpression)] { get }
    /// Values that must be unique in the table, with the field they belong to and the message.
    var uniqueKeys: [UniqueKey] { get }

    mutating func normalize()
    func validate() -> [FieldError]
}

public struct UniqueKey: Sendable {
    public var field: String
    public var column: String
    public var value: String?
    public var message: String
}

extension Company: RegistryRecord {
    public static let table = "companies"
    public static let auditEntity = "company"
    public static let noun = "coligada"
    public static let searchColumns = ["name", "cnpj", "cnes"]
    public static let orderColumn = "name"

    public var columnValues: [(String, any SQLExpression)] {
        [("name", SQLBind(name)), ("cnpj", SQLBind(cnpj)), ("cnes", SQLBind(cnes))]
    }

    public var uniqueKeys: [UniqueKey] {
        [UniqueKey(field: "cnpj", column: "cnpj", value: cnpj, message: "Já existe uma coligada com este CNPJ.")]
    }
}

extension Payer: RegistryRecord {
    public static let table = "payers"
    public static let auditEntity = "payer"
    public static let noun = "convênio"
    public static let searchColumns = ["name", "ans_registry"]
    public static let orderColumn = "name"

    public var columnValues: [(String, any SQLExpression)] {
        [
            ("name", SQLBind(name)), ("ans_registry", SQLBind.optional(ansRegistry)),
            ("billing_standard", SQLBind(billingStandard.rawValue)), ("tiss_version", SQLBind(tissVersion.rawValue)),
            ("tiss_hash_encoding", SQLBind(tissHashEncoding.rawValue)), ("contact_name", SQLBind.optional(contactName)),
            ("contact_email", SQLBind.optional(contactEmail)), ("contact_phone", SQLBind.optional(contactPhone)),
            ("requires_authorization", SQLBind(requiresAuthorization)),
        ]
    }

    public var uniqueKeys: [UniqueKey] {
        [UniqueKey(field: "ansRegistry", column: "ans_registry", value: ansRegistry, message: "Já existe um convênio com este registro ANS.")]
    }
}

extension Sector: RegistryRecord {
    public static let table = "sectors"
    public static let auditEntity = "sector"
    public static let noun = "setor"
    public static let searchColumns = ["name", "code"]
    public static let orderColumn = "name"

    public var columnValues: [(String, any SQLExpression)] {
        [("code", SQLBind(code)), ("name", SQLBind(name)), ("kind", SQLBind(kind.rawValue))]
    }

    public var uniqueKeys: [UniqueKey] {
        [
            UniqueKey(field: "code", column: "code", value: code, message: "Já existe um setor com este código."),
            UniqueKey(field: "name", column: "name", value: name, message: "Já existe um setor com este nome."),
        ]
    }
}

extension NonConformityType: RegistryRecord {
    public static let table = "nonconformity_types"
    public static let auditEntity = "nonconformity_type"
    public static let noun = "tipo de não conformidade"
    public static let searchColumns = ["name", "code"]
    public static let orderColumn = "name"

    public var columnValues: [(String, any SQLExpression)] {
        [("code", SQLBind(code)), ("name", SQLBind(name)), ("default_sector_code", SQLBind.optional(defaultSectorCode)),
         ("deadline_business_days", SQLBind(deadlineBusinessDays))]
    }

    public var uniqueKeys: [UniqueKey] {
        [UniqueKey(field: "code", column: "code", value: code, message: "Já existe um tipo de não conformidade com este código.")]
    }
}

extension Professional: RegistryRecord {
    public static let table = "professionals"
    public static let auditEntity = "professional"
    public static let noun = "profissional"
    public static let searchColumns = ["name", "council_number", "provider_code"]
    public static let orderColumn = "name"

    public var columnValues: [(String, any SQLExpression)] {
        [("name", SQLBind(name)), ("council", SQLBind(council)), ("council_number", SQLBind(councilNumber)), ("uf", SQLBind(uf)),
         ("cbo", SQLBind(cbo)), ("cpf", SQLBind.optional(cpf)), ("provider_code", SQLBind.optional(providerCode))]
    }

    /// The council number alone identifies a professional to the HIS's free text (`Professional.matches`).
    public var uniqueKeys: [UniqueKey] {
        [UniqueKey(field: "councilNumber", column: "council_number", value: councilNumber,
                   message: "Já existe um profissional com este número de conselho.")]
    }
}
