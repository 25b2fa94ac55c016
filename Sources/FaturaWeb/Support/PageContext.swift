import FaturaDomain
import Mustache

/// What a page renders: its own model inside the layout's. Templates name fields of both without
/// a prefix (`{{title}}`, `{{rows}}`), so the renderer asks this value for each root name: the page
/// model first (a page may override a layout field, e.g. its own `notice`), then the layout.
/// A nil optional counts as absent, as a missing dictionary key did, so lookup goes on to the layout.
///
/// The two models' fields are read once, into a dictionary: a page names its model's fields from
/// inside every section (`{{#rows}}…{{canEdit}}…{{/rows}}` looks up the stack), and finding each
/// by `Mirror` again was most of a kept map page's time (`perf`, issue 14).
struct PageContext<Model: Sendable>: MustacheParent, @unchecked Sendable {
    let page: Model
    let layout: LayoutModel
    // Values of the two Sendable models above, read once; never mutated.
    private let fields: [String: Any]

    init(page: Model, layout: LayoutModel) {
        self.page = page
        self.layout = layout
        var fields = ModelLookup.fields(of: layout)
        fields.merge(ModelLookup.fields(of: page)) { _, page in page }
        self.fields = fields
    }

    func child(named name: String) -> Any? {
        // A page model that answers by name itself (`MustacheParent`) has no fields to list.
        if let parent = page as? MustacheParent, let value = parent.child(named: name) { return value }
        return fields[name]
    }
}

/// A stored property of a model by name, as swift-mustache reads structs (through `Mirror`); an
/// optional is unwrapped and `nil` is no value at all (swift-mustache does the same for nested
/// structs, see `Mirror.getValue(forKey:)`).
enum ModelLookup {
    /// Every stored property with a value (a nil optional left out, so lookup goes on); none for a
    /// model that answers by name (`MustacheParent`).
    static func fields(of model: Any) -> [String: Any] {
        guard !(model is MustacheParent) else { return [:] }
        var fields: [String: Any] = [:]
        for child in Mirror(reflecting: model).children {
            guard let label = child.label else { continue }
            let mirror = Mirror(reflecting: child.value)
            if mirror.displayStyle == .optional {
                if let wrapped = mirror.children.first?.value { fields[label] = wrapped }
            } else {
                fields[label] = child.value
            }
        }
        return fields
    }

    static func value(named name: String, in model: Any) -> Any? {
        if let parent = model as? MustacheParent { return parent.child(named: name) }
        guard let value = Mirror(reflecting: model).children.first(where: { $0.label == name })?.value else { return nil }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

/// Two models read as one, the first before the second: a page whose fields come from two
/// sources (the partial and its closing box) keeps each in its own type.
struct Merged<First: Sendable, Second: Sendable>: MustacheParent, Sendable {
    let first: First
    let second: Second

    init(_ first: First, _ second: Second) {
        self.first = first
        self.second = second
    }

    func child(named name: String) -> Any? {
        ModelLookup.value(named: name, in: first) ?? ModelLookup.value(named: name, in: second)
    }
}

/// A page with nothing of its own beyond the layout.
struct EmptyModel: Sendable {}

/// One `<option>` of a `<select>`: its value, its text, whether it is the chosen one.
struct OptionModel: Sendable, Equatable {
    let value: String
    let label: String
    let selected: Bool

    init(value: String, label: String, selected: Bool) {
        self.value = value
        self.label = label
        self.selected = selected
    }

    /// Options from `(id, name)` pairs, `selected` marked.
    static func list(_ pairs: [(Int, String)], selected: Int?) -> [OptionModel] {
        pairs.map { OptionModel(value: String($0.0), label: $0.1, selected: $0.0 == selected) }
    }

    /// Options from `(value, label)` pairs, `selected` marked.
    static func list(_ pairs: [(String, String)], selected: String?) -> [OptionModel] {
        pairs.map { OptionModel(value: $0.0, label: $0.1, selected: $0.0 == selected) }
    }
}

/// A line of text in a list (`{{#errors}}{{message}}{{/errors}}`).
struct MessageModel: Sendable, Equatable {
    let message: String
}

extension Array where Element == FieldError {
    var messages: [MessageModel] { map { MessageModel(message: $0.message) } }
}
