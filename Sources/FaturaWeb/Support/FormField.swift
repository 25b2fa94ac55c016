import FaturaDomain

/// One field of a generated form, as the `form` template draws it: label, input, error beside it.
struct FormField {
    enum Kind { case text, email, password, select, checkbox, number }

    var name: String
    var label: String
    var kind: Kind = .text
    var value: String = ""
    var options: [(value: String, label: String)] = []
    var required = false
    var hint: String?
    var error: String?
    var autocomplete: String?

    /// What the `fields` template reads.
    var context: FormFieldModel { FormFieldModel(self) }

    static func inputType(_ kind: Kind) -> String {
        switch kind {
        case .email: "email"
        case .password: "password"
        case .number: "number"
        default: "text"
        }
    }
}

/// One field as `fields.mustache` draws it. Absent hint, error and autocomplete are nil, so the
/// template's sections skip them.
struct FormFieldModel: Sendable {
    let name: String
    let id: String
    let label: String
    let value: String
    let required: Bool
    let isSelect: Bool
    let isCheckbox: Bool
    let isInput: Bool
    let inputType: String
    let checked: Bool
    let hint: String?
    let error: String?
    let autocomplete: String?
    let options: [OptionModel]?

    init(_ field: FormField) {
        name = field.name
        id = "f-" + field.name
        label = field.label
        value = field.value
        required = field.required
        isSelect = field.kind == .select
        isCheckbox = field.kind == .checkbox
        isInput = field.kind != .select && field.kind != .checkbox
        inputType = FormField.inputType(field.kind)
        checked = field.value == "true"
        hint = field.hint
        error = field.error
        autocomplete = field.autocomplete
        options = field.kind == .select ? OptionModel.list(field.options.map { ($0.value, $0.label) }, selected: field.value) : nil
    }
}

extension Array where Element == FormField {
    /// The values as the person typed them (a refused form draws itself with those, not with what
    /// could be read of them); a password is never sent back.
    func keeping(_ typed: FormData?) -> [FormField] {
        guard let typed else { return self }
        return map { field in
            var field = field
            switch field.kind {
            case .checkbox: field.value = typed[field.name] == "true" ? "true" : "false"
            case .password: field.value = ""
            default: field.value = typed[field.name]
            }
            return field
        }
    }

    /// The fields with what was typed and each field's message beside it.
    func refused(_ refusal: FormRefusal?, typed: FormData?) -> [FormField] {
        guard let refusal else { return self }
        return keeping(typed).withErrors(refusal.fieldErrors)
    }

    /// Puts each field's first error beside it.
    func withErrors(_ errors: [FieldError]) -> [FormField] {
        map { field in
            var field = field
            field.error = errors.first { $0.field == field.name }?.message
            return field
        }
    }
}
