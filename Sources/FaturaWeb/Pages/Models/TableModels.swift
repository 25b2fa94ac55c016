/// A field's error in an import, named by the field (`linha 3`, `file`).
struct FieldErrorModel: Sendable {
    let field: String
    let message: String
}

/// `tables.mustache`: the price tables and the value tables.
struct TableListModel: Sendable {
    struct Table: Sendable {
        let href: String
        let name: String
        let kind: String
        let edition: String
    }

    struct ValueTable: Sendable {
        let series: String
        let validity: String
        let portes: Int
        let uco: String
        let ch: String
        let film: String
    }

    let tables: [Table]
    let values: [ValueTable]
    let kinds: [OptionModel]
    let canManage: Bool
    let errors: [FieldErrorModel]
    let hasErrors: Bool
}

/// `table.mustache`: one table's entries, a page at a time.
struct TableModel: Sendable {
    /// A procedure table's entries have porte, UCO, film and CH; a priced table's a value and validity.
    struct Row: Sendable {
        let code: String
        let description: String
        let porte: String?
        let uco: String?
        let film: String?
        let ch: String?
        let value: String?
        let validity: String?
    }

    let id: Int
    let name: String
    let kind: String
    let edition: String
    let procedure: Bool
    let cbhpm: Bool
    let rows: [Row]
    let empty: Bool
    let total: Int
    let q: String
    let header: String
    let canManage: Bool
    let errors: [FieldErrorModel]
    let hasErrors: Bool
    let pager: PagerModel
    /// After an import; nil leaves the layout's notice.
    let notice: String?
}
