/// What a charge line says, apart from its price: the fields the HIS sends and billing may
/// correct. Stored as the HIS last sent it beside a corrected item, so a resend that repeats it
/// is recognised as nothing new and one that differs is shown as a conflict.
public struct ChargeLine: Hashable, Sendable {
    public var kind: ChargeItemKind
    public var table: PriceTableKind
    public var code: String
    public var description: String
    public var performedAt: LocalDateTime
    public var quantity: Quantity
    public var professional: String?

    public init(kind: ChargeItemKind, table: PriceTableKind, code: String, description: String, performedAt: LocalDateTime,
                quantity: Quantity, professional: String?) {
        self.kind = kind
        self.table = table
        self.code = code
        self.description = description
        self.performedAt = performedAt
        self.quantity = quantity
        self.professional = professional
    }

    /// Every problem at once, by field; `period` is the partial's (a line outside it belongs to another bill).
    public func problems(period: ClosedRange<CalendarDay>) -> [FieldError] {
        typealias L = InputLimits.Length
        var errors = FieldErrors()
        if code.trimmingSpaces().isEmpty { errors.add("code", "Informe o código.") }
        errors.text("code", code, max: L.code)
        if description.trimmingSpaces().isEmpty { errors.add("description", "Informe a descrição.") }
        errors.text("description", description, max: L.description)
        errors.text("professional", professional, max: L.name)
        if !period.contains(performedAt.day) {
            errors.add("performedDay", "Realizado em \(BrazilianFormat.date(performedAt.day)), fora do período da parcial "
                + "(\(BrazilianFormat.date(period.lowerBound)) a \(BrazilianFormat.date(period.upperBound))).")
        }
        if quantity <= .zero { errors.add("quantity", "A quantidade deve ser maior que zero.") }
        else if quantity > Quantity.lineLimit { errors.add("quantity", "Quantidade acima do limite de 99.999,9999 (TISS): \(quantity).") }
        return errors.all
    }

    /// The same line as sent, where the table counts as sent: once priced, an AMB/CBHPM line
    /// carries the contract's table, so either of the two names the same line.
    public func isSameSending(_ other: ChargeLine) -> Bool {
        var a = self, b = other
        if [.amb, .cbhpm].contains(a.table) && [.amb, .cbhpm].contains(b.table) { a.table = .cbhpm; b.table = .cbhpm }
        return a == b
    }

    /// The fields that differ, named as the page names them ("quantidade: 3 → 2").
    public func differences(from other: ChargeLine) -> [String] {
        var changes: [String] = []
        func note(_ label: String, _ a: String, _ b: String) { if a != b { changes.append("\(label): \(a) → \(b)") } }
        note("tipo", other.kind.singular, kind.singular)
        note("tabela", other.table.label, table.label)
        note("código", other.code, code)
        note("descrição", other.description, description)
        note("realizado em", other.performedAt.brazilian, performedAt.brazilian)
        note("quantidade", other.quantity.description, quantity.description)
        note("profissional", other.professional ?? "—", professional ?? "—")
        return changes
    }
}

extension ChargeLine {
    /// The line as the audit log shows it: formatted values under the field's name.
    public var auditFields: [String: String] {
        ["tipo": kind.singular, "tabela": table.label, "código": code, "descrição": description, "realizado em": performedAt.brazilian,
         "quantidade": quantity.description, "profissional": professional ?? "—"]
    }
}

extension ChargeLine: Codable {
    enum CodingKeys: String, CodingKey { case kind, table, code, description, performedAt, quantity, professional }

    /// Plain values (the ISO time, the quantity in ten-thousandths), so the stored text reads well and stays stable.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(ChargeItemKind.self, forKey: .kind)
        table = try c.decode(PriceTableKind.self, forKey: .table)
        code = try c.decode(String.self, forKey: .code)
        description = try c.decode(String.self, forKey: .description)
        let time = try c.decode(String.self, forKey: .performedAt)
        guard let performed = LocalDateTime(iso: time) else {
            throw DecodingError.dataCorruptedError(forKey: .performedAt, in: c, debugDescription: "data e hora inválidas: \(time)")
        }
        performedAt = performed
        quantity = Quantity(tenThousandths: try c.decode(Int64.self, forKey: .quantity))
        professional = try c.decodeIfPresent(String.self, forKey: .professional)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(table, forKey: .table)
        try c.encode(code, forKey: .code)
        try c.encode(description, forKey: .description)
        try c.encode(performedAt.iso, forKey: .performedAt)
        try c.encode(quantity.tenThousandths, forKey: .quantity)
        try c.encodeIfPresent(professional, forKey: .professional)
    }
}

extension ChargeItem {
    /// The line as stored (a split line's quantity is its own).
    public var line: ChargeLine {
        ChargeLine(kind: kind, table: priceTable, code: code, description: description, performedAt: performedAt, quantity: quantity,
                   professional: executingProfessional)
    }

    public mutating func take(_ line: ChargeLine) {
        kind = line.kind
        priceTable = line.table
        code = line.code
        description = line.description
        performedAt = line.performedAt
        quantity = line.quantity
        executingProfessional = line.professional
    }
}

/// Billing's correction of a line on a draft partial: always with a written reason.
public enum ItemCorrection {
    public static let reasonLength = 10...500

    /// `removal`: the reason asked for by the removal form (its own field and words).
    public static func reasonProblem(_ reason: String, removal: Bool = false) -> FieldError? {
        let text = reason.trimmingSpaces()
        let field = removal ? "removeReason" : "reason"
        if text.count < reasonLength.lowerBound {
            return FieldError(field, "Escreva o motivo da \(removal ? "remoção" : "correção") (pelo menos \(reasonLength.lowerBound) caracteres): ele fica na auditoria.")
        }
        guard let problem = InputLimits.problem(in: text, max: reasonLength.upperBound) else { return nil }
        return FieldError(field, "Motivo: " + problem + ".")
    }
}
