import SQLKit
import FaturaDomain

extension PriceTable: RegistryRecord {
    public static let table = "price_tables"
    public static let auditEntity = "price_table"
    public static let noun = "tabela de preços"
    public static let searchColumns = ["name", "edition"]
    public static let orderColumn = "name"

    public var columnValues: [(String, any SQLExpression)] {
        [("kind", SQLBind(kind.rawValue)), ("name", SQLBind(name)), ("edition", SQLBind.optional(edition))]
    }

    public var uniqueKeys: [UniqueKey] {
        [UniqueKey(field: "name", column: "name", value: name, message: "Já existe uma tabela com este nome.")]
    }
}
