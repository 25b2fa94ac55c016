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

    /// The dictionary the Mustache template reads.
    var context: [String: Any] {
        var c: [String: Any] = [
            "name": name, "id": "f-" + name, "label": label, "value": value, "required": required,
            "isSelect": kind == .select, "isCheckbox": kind == .checkbox,
            "isInput": kind != .select && kind != .checkbox,
            "inputType": Self.inputType(kind), "checked": value == "true",
        ]
        if let hint { c["hint"] = hint }
        if let error { c["error"] = error }
        if let autocomplete { c["autocomplete"] = autocomplete }
        if kind == .select {
            c["options"] = options.map { ["value": $0.value, "label": $0.label, "selected": $0.value == value] as [String: Any] }
        }
        return c
    }

    static func inputType(_ kind: Kind) -> String {
        switch kind {
        case .email: "email"
        case .password: "password"
        case .number: "number"
        default: "text"
        }
    }
}

extension Array where Element == FormField {
    /// Puts each field's first error beside it.
    func withErrors(_ errors: [FieldError]) -> [FormField] {
        map { field in
            var field = field
            field.error = errors.first { $0.field == field.name }?.message
            return field
        }
    }
}
