/// `contracts.mustache`: the contracts of the current company, by payer.
struct ContractListModel: Sendable {
    struct Row: Sendable {
        let href: String
        let name: String
        let payer: String
        let company: String
        let version: Int
        let validity: String
        let table: String
        let adjustment: String
        let current: Bool
        let compareHref: String
    }

    let rows: [Row]
    let empty: Bool
    let payers: [OptionModel]
    let canManage: Bool
}

/// `contract_form.mustache`.
struct ContractFormModel: Sendable {
    let heading: String
    let action: String
    let fields: [FormFieldModel]
    let refusal: RefusalModel?
    /// Without the permission the form is shown disabled (read-only), with no buttons.
    let canManage: Bool
    let existing: Bool
    let id: Int
    let version: Int
    let nextVersion: Int
    let compareHref: String
    /// The new version's date as typed, and why it was refused.
    let newFrom: String
    let newFromError: String?
}

/// `contract_compare.mustache`: either the choice of two versions or the two side by side.
struct ContractCompareModel: Sendable {
    struct Row: Sendable {
        let label: String
        let left: String
        let right: String
        let diff: Bool
    }

    var choose: Bool? = nil
    var choices: [OptionModel]? = nil
    var hasChoices: Bool? = nil
    var leftTitle: String? = nil
    var rightTitle: String? = nil
    var rows: [Row]? = nil
}
