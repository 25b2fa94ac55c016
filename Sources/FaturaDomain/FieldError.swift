/// One problem with one field of what a user sent, with the message shown beside the field (pt-BR).
public struct FieldError: Hashable, Sendable, Codable {
    /// The field's name as the form and the API call it (`cnpj`, `ansRegistry`).
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// Collects field errors while a form or a document is checked, so every problem is reported at once.
public struct FieldErrors: Sendable {
    public private(set) var all: [FieldError] = []

    public init() {}

    public var isEmpty: Bool { all.isEmpty }

    public mutating func add(_ field: String, _ message: String) { all.append(FieldError(field, message)) }

    /// Adds the problems another check found.
    public mutating func append(_ errors: [FieldError]) { all += errors }

    /// Records a "required" error when the value is blank; returns the trimmed value otherwise.
    public mutating func required(_ field: String, _ value: String?, label: String) -> String? {
        let trimmed = value?.trimmingSpaces() ?? ""
        if trimmed.isEmpty {
            add(field, "\(label) é obrigatório.")
            return nil
        }
        return trimmed
    }

    public func message(for field: String) -> String? { all.first { $0.field == field }?.message }
}

extension String {
    /// Trims spaces, tabs and line breaks at both ends (no Foundation in the domain).
    public func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }

    /// Only the ASCII digits of the text: `12.345.678/0001-95` → `12345678000195`.
    public var digitsOnly: String { String(filter { $0.isASCII && $0.isNumber }) }
}
