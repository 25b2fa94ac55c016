import SQLKit
import FaturaDomain

extension User: RegistryRecord {
    public static let table = "users"
    public static let auditEntity = "user"
    public static let noun = "usuário"
    public static let searchColumns = ["username", "full_name", "email"]
    public static let orderColumn = "username"

    /// The password hash is written only by `UserStore`; it is never part of `User`.
    public var columnValues: [(String, any SQLExpression)] {
        [
            ("username", SQLBind(username)), ("full_name", SQLBind(fullName)), ("email", SQLBind.optional(email)),
            ("role", SQLBind(role.rawValue)), ("sector_id", SQLBind.optional(sectorId)),
        ]
    }

    public var uniqueKeys: [UniqueKey] {
        [UniqueKey(field: "username", column: "username", value: username, message: "Este nome de usuário já está em uso.")]
    }
}
