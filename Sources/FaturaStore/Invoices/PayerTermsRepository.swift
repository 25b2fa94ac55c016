import SQLKit
import FaturaDomain

/// Payers' terms as rows: one per payer and company; a row that does not decode stops with
/// `storedValueInvalid`, never a plausible default.
public struct PayerTermsRepository: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func find(payerId: Int, companyId: Int) async throws -> PayerTerms? {
        try await database.read { sql in
            try await sql.select().column("*").from("payer_terms").where("payer_id", .equal, SQLBind(payerId))
                .where("company_id", .equal, SQLBind(companyId)).first().map(Self.terms)
        }
    }

    public func all(companyId: Int) async throws -> [PayerTerms] {
        try await database.read { sql in
            try await sql.select().column("*").from("payer_terms").where("company_id", .equal, SQLBind(companyId)).orderBy("payer_id").all()
                .map(Self.terms)
        }
    }

    /// Creates or replaces the terms; `expectedVersion` refuses a write over someone else's change.
    public func save(_ input: PayerTerms, expectedVersion: Int?, by actor: AuditActor) async throws -> PayerTerms {
        var terms = input
        terms.providerCode = terms.providerCode?.trimmingSpaces()
        if terms.providerCode?.isEmpty == true { terms.providerCode = nil }
        let problems = terms.problems
        if !problems.isEmpty { throw FaturaError.validation(problems) }
        let candidate = terms
        return try await database.transaction { sql in
            let now = Timestamp.now()
            let stored = try await sql.select().column("*").from("payer_terms").where("payer_id", .equal, SQLBind(candidate.payerId))
                .where("company_id", .equal, SQLBind(candidate.companyId)).first().map(Self.terms)
            if let stored, let expectedVersion, stored.version != expectedVersion {
                throw FaturaError.concurrentChange("Os termos deste convênio foram alterados por outra pessoa enquanto você os via. Recarregue a página.")
            }
            var saved = candidate
            saved.version = (stored?.version ?? 0) + 1
            let d = Self.columns(candidate.delivery), p = Self.columns(candidate.payment)
            let values: [(String, any SQLExpression)] = [
                ("delivery_kind", SQLBind(d.kind)), ("delivery_day", SQLBind.optional(d.day)), ("delivery_to", SQLBind.optional(d.to)),
                ("delivery_dates", SQLBind.optional(d.dates)), ("payment_kind", SQLBind(p.kind)), ("payment_days", SQLBind(p.days)),
                ("appeal_days", SQLBind(candidate.appealDays)), ("appeal_rounds", SQLBind(candidate.appealRounds)),
                ("provider_code", SQLBind.optional(candidate.providerCode)), ("identification", SQLBind(candidate.identification.rawValue)),
                ("version", SQLBind(saved.version)), ("updated_at", SQLBind(now)), ("updated_by", SQLBind(actor.username)),
            ]
            if stored == nil {
                let all = [("payer_id", SQLBind(candidate.payerId) as any SQLExpression), ("company_id", SQLBind(candidate.companyId))] + values
                try await sql.insert(into: "payer_terms").columns(all.map(\.0)).values(all.map(\.1)).run()
            } else {
                var update = sql.update("payer_terms")
                for (column, value) in values { update = update.set(SQLColumn(column), to: value) }
                try await update.where("payer_id", .equal, SQLBind(candidate.payerId)).where("company_id", .equal, SQLBind(candidate.companyId)).run()
            }
            try await AuditLog.record(on: sql, actor: actor, action: stored == nil ? .create : .update, entity: "payer_terms",
                                      entityId: "\(candidate.payerId)/\(candidate.companyId)",
                                      before: stored.map(Self.auditFields), after: Self.auditFields(saved))
            return saved
        }
    }

    /// The terms as the form's fields hold them.
    public static func describe(_ t: PayerTerms) -> (kind: String, day: Int?, to: Int?, dates: String?, paymentKind: String, paymentDays: Int) {
        let d = columns(t.delivery), p = columns(t.payment)
        let dates: String? = if case .published(let list) = t.delivery {
            list.sorted { $0.key < $1.key }.map { "\($0.key.label)=\(BrazilianFormat.date($0.value))" }.joined(separator: "; ")
        } else { nil }
        return (d.kind, d.day, d.to, dates, p.kind, p.days)
    }

    static func columns(_ rule: DeliveryRule) -> (kind: String, day: Int?, to: Int?, dates: String?) {
        switch rule {
        case .dayOfFollowingMonth(let n): ("day", n, nil, nil)
        case .nthBusinessDay(let n): ("business_day", n, nil, nil)
        case .window(let from, let to): ("window", from, to, nil)
        case .published(let dates): ("published", nil, nil, dates.sorted { $0.key < $1.key }.map { "\($0.key.description)=\($0.value.iso)" }.joined(separator: ";"))
        }
    }

    static func columns(_ term: PaymentTerm) -> (kind: String, days: Int) {
        switch term {
        case .daysAfterDelivery(let n): ("days_after", n)
        case .fixedDay(let n): ("fixed_day", n)
        }
    }

    static func terms(_ row: any SQLRow) throws -> PayerTerms {
        let cells = StoredRow(row, table: "payer_terms")
        let kind: String = try cells.value("delivery_kind")
        let day: Int? = try cells.optional("delivery_day")
        let delivery: DeliveryRule
        switch kind {
        case "day": delivery = .dayOfFollowingMonth(try day.stored(cells, "delivery_day"))
        case "business_day": delivery = .nthBusinessDay(try day.stored(cells, "delivery_day"))
        case "window": delivery = .window(from: try day.stored(cells, "delivery_day"), to: try (try cells.optional("delivery_to", as: Int.self)).stored(cells, "delivery_to"))
        case "published":
            let text: String = try cells.optional("delivery_dates") ?? ""
            var dates: [Competence: CalendarDay] = [:]
            for pair in text.split(separator: ";") {
                let parts = pair.split(separator: "=")
                guard parts.count == 2, let competence = Competence(String(parts[0])), let date = CalendarDay(iso: String(parts[1])) else {
                    throw cells.invalid("delivery_dates", String(pair.prefix(40)))
                }
                dates[competence] = date
            }
            delivery = .published(dates)
        default: throw cells.invalid("delivery_kind", kind)
        }
        let paymentKind: String = try cells.value("payment_kind")
        let paymentDays: Int = try cells.value("payment_days")
        let payment: PaymentTerm
        switch paymentKind {
        case "days_after": payment = .daysAfterDelivery(paymentDays)
        case "fixed_day": payment = .fixedDay(paymentDays)
        default: throw cells.invalid("payment_kind", paymentKind)
        }
        return PayerTerms(payerId: try cells.value("payer_id"), companyId: try cells.value("company_id"), delivery: delivery, payment: payment,
                          appealDays: try cells.value("appeal_days"), appealRounds: try cells.value("appeal_rounds"),
                          providerCode: try cells.optional("provider_code"),
                          identification: try cells.code("identification", as: PayerTerms.Identification.self), version: try cells.value("version"))
    }

    static func auditFields(_ t: PayerTerms) -> [String: String] {
        let d = columns(t.delivery), p = columns(t.payment)
        return ["entrega": d.kind + (d.day.map { " \($0)" } ?? "") + (d.to.map { "–\($0)" } ?? "") + (d.dates.map { " " + $0 } ?? ""),
                "pagamento": "\(p.kind) \(p.days)", "prazo de recurso (dias)": String(t.appealDays), "recursos": String(t.appealRounds),
                "código no convênio": t.providerCode ?? "—", "identificação TISS": t.identification.rawValue]
    }
}

private extension Optional where Wrapped == Int {
    /// A column its kind requires, or the row is invalid.
    func stored(_ cells: StoredRow, _ column: String) throws -> Int {
        guard let self else { throw cells.invalid(column, "ausente") }
        return self
    }
}
