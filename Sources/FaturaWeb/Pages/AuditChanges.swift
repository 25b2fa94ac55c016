import FaturaDomain
import Foundation

/// The audit log's before and after as a person reads them: "campo: antes → depois" in Portuguese,
/// dates, money and percentages formatted, codes as their labels and ids as the names they stand
/// for (`names`, by field). What no rule knows is shown as stored, never hidden.
struct AuditChanges {
    /// Names of the records an id field points to: "sectorId" → [11: "Imagem"].
    let names: [String: [Int: String]]

    /// One line per changed field (update), per field set (create) or per field the record had (delete).
    func lines(before: String?, after: String?) -> [String] {
        let old = Self.flatten(before), new = Self.flatten(after)
        let keys = Set(old.keys).union(new.keys).filter { !Self.hidden.contains($0) }.sorted { label($0) < label($1) }
        return keys.compactMap { key in
            let a = old[key].map { format(key, $0) }, b = new[key].map { format(key, $0) }
            switch (a, b) {
            case let (a?, b?): return a == b ? nil : "\(label(key)): \(a) → \(b)"
            case let (nil, b?): return "\(label(key)): \(b)"
            case let (a?, nil): return "\(label(key)): \(a) → (removido)"
            case (nil, nil): return nil
            }
        }
    }

    /// Fields that say nothing to a person (the record's own id and version are in other columns).
    static let hidden: Set<String> = ["id", "version"]

    static let labels: [String: String] = [
        "name": "nome", "cnpj": "CNPJ", "cnes": "CNES", "active": "ativo", "ansRegistry": "registro ANS", "billingStandard": "padrão de faturamento",
        "contactEmail": "e-mail de contato", "contactName": "contato", "contactPhone": "telefone de contato", "requiresAuthorization": "exige autorização",
        "tissHashEncoding": "codificação do hash TISS", "tissVersion": "versão TISS", "code": "código", "kind": "tipo", "fullName": "nome completo",
        "role": "perfil", "username": "usuário", "sectorId": "setor", "payerId": "convênio", "companyId": "coligada", "typeId": "tipo",
        "partialId": "parcial", "note": "observação", "status": "situação", "dueOn": "prazo", "foundOn": "encontrada em", "deadlineBusinessDays": "prazo (dias úteis)",
        "validFrom": "início da vigência", "validTo": "fim da vigência", "porteAdjustment": "ajuste do porte", "ucoValue": "valor da UCO",
        "chValue": "valor do CH", "filmValue": "valor do filme", "urgencySurcharge": "acréscimo de urgência", "drugPercentage": "% medicamentos",
        "materialPercentage": "% materiais", "procedureTable": "tabela de procedimentos", "procedureTableId": "edição da tabela",
        "valueSeries": "série de valores", "ownTableId": "tabela própria", "drugTableId": "tabela de medicamentos", "materialTableId": "tabela de materiais",
        "bands": "faixas", "notes": "observações", "edition": "edição", "band": "faixa", "ambSecond": "AMB 2ª incidência", "ambThird": "AMB 3ª e demais",
        "cbhpmSecond": "CBHPM 2ª incidência", "cbhpmThird": "CBHPM 3ª e demais", "codeRanges": "códigos", "manual": "percentual manual",
        "percentage": "percentual", "quantity": "quantidade", "total": "total", "unitValue": "valor unitário", "previousId": "versão anterior",
        "encountersCreated": "atendimentos novos", "encountersUpdated": "atendimentos alterados", "partialsCreated": "parciais novas",
        "itemsCreated": "lançamentos novos", "itemsUpdated": "lançamentos alterados", "itemsUnchanged": "lançamentos sem mudança",
        "itemsKeptByBilling": "mantidos como o faturamento corrigiu", "conflicts": "conflitos", "itemsPriced": "precificados", "itemsUnpriced": "sem preço",
        "second": "2ª incidência", "third": "3ª e demais",
    ]

    func label(_ key: String) -> String {
        if let known = Self.labels[key] { return known }
        // A nested field ("bands.0.second"): the last known part, else the key as words.
        if let last = key.split(separator: ".").last.map(String.init), let known = Self.labels[last] { return key.split(separator: ".").dropLast().joined(separator: " ") + " " + known }
        return key.reduce(into: "") { text, c in text += c.isUppercase ? " " + c.lowercased() : String(c) }
    }

    /// Codes of the fields that hold one, as the screens label them.
    static let codes: [String: [String: String]] = [
        "status": Self.table(PartialStatus.allCases.map { ($0.rawValue, $0.label) }
            + NonConformityStatus.allCases.map { ($0.rawValue, $0.label) }),
        "role": Self.table(Role.allCases.map { ($0.rawValue, $0.label) }),
        "billingStandard": Self.table(BillingStandard.allCases.map { ($0.rawValue, $0.label) }),
        "procedureTable": Self.table(PriceTableKind.allCases.map { ($0.rawValue, $0.label) }),
        "kind": Self.table(SectorKind.allCases.map { ($0.rawValue, $0.label) } + PriceTableKind.allCases.map { ($0.rawValue, $0.label) }),
    ]

    /// Code → label; a code two enums share keeps the first label (no crash on a duplicate).
    static func table(_ pairs: [(String, String)]) -> [String: String] {
        Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    func format(_ key: String, _ value: JSONValue) -> String {
        switch value {
        case .null: return "—"
        case .bool(let flag): return flag ? "sim" : "não"
        case .integer(let number): return names[key]?[Int(number)] ?? String(number)
        case .number(let number): return "\(number)"
        case .text(let text): return Self.codes[key]?[text] ?? (text.isEmpty ? "(vazio)" : text)
        case .object(let object):
            // A known value type, else its fields in words ("faixa 1, 2ª incidência 75,00%").
            return Self.formatted(object) ?? object.sorted { $0.key < $1.key }.map { "\(label($0.key)) \(format($0.key, $0.value))" }
                .joined(separator: ", ")
        case .list(let list): return list.isEmpty ? "(nenhum)" : list.map { format(key, $0) }.joined(separator: ", ")
        }
    }

    /// The domain's value types as they are stored (`{"basisPoints": -2000}`…), formatted.
    static func formatted(_ object: [String: JSONValue]) -> String? {
        func int(_ key: String) -> Int64? { if case .integer(let n)? = object[key] { n } else { nil } }
        func text(_ key: String) -> String? { if case .text(let t)? = object[key] { t } else { nil } }
        if object.count == 1, let bp = int("basisPoints") { return BrazilianFormat.percentage(Percentage(basisPoints: Int(bp))) }
        if object.count == 1, let cents = int("cents") { return BrazilianFormat.currency(Money(cents: cents)) }
        if object.count == 1, let t = int("tenThousandths") { return Quantity(tenThousandths: t).description }
        if object.count == 1, let days = int("daysSinceEpoch") { return BrazilianFormat.date(CalendarDay(daysSinceEpoch: Int(days))) }
        if object.count == 3, let d = int("day"), let m = int("month"), let y = int("year"),
           let day = CalendarDay(year: Int(y), month: Int(m), day: Int(d)) { return BrazilianFormat.date(day) }
        if object.count == 2, let from = text("from"), let to = text("to") { return from == to ? from : "\(from)–\(to)" }
        return nil
    }

    /// The stored JSON as top-level fields; a value that is not an object is one field, "valor".
    static func flatten(_ text: String?) -> [String: JSONValue] {
        guard let text, let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { return [:] }
        if case .object(let object) = value { return object }
        return ["valor": value]
    }

}

/// A JSON value that keeps `true` apart from `1` (Foundation's `JSONSerialization` does not on Linux).
enum JSONValue: Codable, Equatable {
    case null, bool(Bool), integer(Int64), number(Decimal), text(String), list([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Int64.self) { self = .integer(v) }
        else if let v = try? c.decode(Decimal.self) { self = .number(v) }
        else if let v = try? c.decode(String.self) { self = .text(v) }
        else if let v = try? c.decode([JSONValue].self) { self = .list(v) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let v): try c.encode(v)
        case .integer(let v): try c.encode(v)
        case .number(let v): try c.encode(v)
        case .text(let v): try c.encode(v)
        case .list(let v): try c.encode(v)
        case .object(let v): try c.encode(v)
        }
    }
}
