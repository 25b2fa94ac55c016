/// `registry_list.mustache`: one registry's records, filters and pager.
struct RegistryListModel: Sendable {
    struct Cell: Sendable {
        let text: String
        let first: Bool
    }

    struct Row: Sendable {
        let cells: [Cell]
        let editHref: String
        let toggleHref: String
        let toggleLabel: String
        let active: Bool

        init(cells: [String], editHref: String, toggle: SiteURL, active: Bool) {
            self.cells = cells.enumerated().map { Cell(text: $0.element, first: $0.offset == 0) }
            self.editHref = editHref
            self.toggleHref = toggle.path
            self.toggleLabel = active ? "Desativar" : "Reativar"
            self.active = active
        }
    }

    let heading: String
    let path: String
    let columns: [String]
    let rows: [Row]
    let empty: Bool
    let canManage: Bool
    let newHref: String
    let q: String
    let states: [OptionModel]
    let pager: PagerModel
}

/// `registry_form.mustache` (registries and exam groups): the fields, the errors, (de)activation.
struct RegistryFormModel: Sendable {
    /// The user page's password reset under the form.
    struct Extra: Sendable {
        let passwordAction: String
        let minimumLength: Int
    }

    let heading: String
    let action: String
    let fields: [FormFieldModel]
    let cancelHref: String
    let refusal: RefusalModel?
    /// Only for a stored record.
    var toggleHref: String? = nil
    var toggleLabel: String? = nil
    var inactive: Bool? = nil
    var extra: Extra? = nil
}

/// `message.mustache`: a heading, a text, an optional note and way back.
struct MessagePageModel: Sendable {
    let heading: String
    let text: String
    var note: String? = nil
    var backHref: String? = nil
}

/// `confirm.mustache`: one question before an action that is easy to regret, answered by a post.
struct ConfirmModel: Sendable {
    let heading: String
    let text: String
    /// Where the confirmed post goes (with `confirmar=1`).
    let action: String
    let button: String
    let cancelHref: String
}
