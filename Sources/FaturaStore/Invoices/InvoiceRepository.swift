import Foundation
import SQLKit
import FaturaDomain

/// Invoices as rows: the invoice, its partials, its batches (with the XML as sent) and its claims.
/// The service (`FaturaBilling.InvoiceService`) decides; these functions read and write inside the
/// transaction it opens.
public struct InvoiceRepository: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// One partial as an invoice lists it.
    public struct PartialLine: Sendable, Equatable {
        public var id: Int
        public var externalId: String
        public var patientName: String
        public var periodStart: CalendarDay
        public var periodEnd: CalendarDay
        public var status: PartialStatus
        public var total: Money
        public var items: Int
        public var unpriced: Int
    }

    public struct Filter: Sendable, Equatable {
        public var companyId: Int?
        public var payerId: Int?
        public var competence: Competence?
        public var status: InvoiceStatus?
        public var page = 1
        public var perPage = 50

        public init(companyId: Int? = nil, payerId: Int? = nil, competence: Competence? = nil, status: InvoiceStatus? = nil, page: Int = 1, perPage: Int = 50) {
            self.companyId = companyId
            self.payerId = payerId
            self.competence = competence
            self.status = status
            self.page = page
            self.perPage = perPage
        }
    }

    // MARK: - Reading

    public func find(_ id: ID<Invoice>) async throws -> Invoice? {
        try await database.read { try await Self.find(id, on: $0) }
    }

    public static func find(_ id: ID<Invoice>, on sql: any SQLDatabase) async throws -> Invoice? {
        try await sql.select().column("*").from("invoices").where("id", .equal, SQLBind(id)).first().map(InvoiceRow.invoice)
    }

    public static func require(_ id: ID<Invoice>, on sql: any SQLDatabase) async throws -> Invoice {
        guard let invoice = try await find(id, on: sql) else { throw FaturaError.notFound(entity: "fatura") }
        return invoice
    }

    public func list(_ filter: Filter) async throws -> Page<Invoice> {
        try await database.read { sql in
            func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                var select = select
                if let companyId = filter.companyId { select = select.where("company_id", .equal, SQLBind(companyId)) }
                if let payerId = filter.payerId { select = select.where("payer_id", .equal, SQLBind(payerId)) }
                if let competence = filter.competence { select = select.where("competence", .equal, SQLBind(competence.description)) }
                if let status = filter.status { select = select.where("status", .equal, SQLBind(status.rawValue)) }
                return select
            }
            let total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("invoices"))
                .first()?.decode(column: "n", as: Int.self) ?? 0
            let page = min(max(1, filter.page), Page<Invoice>.maxPage), perPage = min(max(1, filter.perPage), 200)
            let rows = try await filtered(sql.select().column("*").from("invoices"))
                .orderBy("competence", .descending).orderBy("number", .descending)
                .limit(perPage).offset((page - 1) * perPage).all()
            return Page(items: try rows.map(InvoiceRow.invoice), page: page, perPage: perPage, total: total)
        }
    }

    /// Invoices not sent yet (open or closed), for the deadlines on the home page.
    public func unsent(companyId: Int) async throws -> [Invoice] {
        try await database.read { sql in
            try await sql.select().column("*").from("invoices").where("company_id", .equal, SQLBind(companyId))
                .where("status", .in, SQLGroupExpression(SQLList([SQLBind(InvoiceStatus.open.rawValue), SQLBind(InvoiceStatus.closed.rawValue)])))
                .orderBy("deadline").limit(1_000).all().map(InvoiceRow.invoice)
        }
    }

    /// The invoice's partials with their totals, in the order of their period.
    public func partials(of invoiceId: ID<Invoice>) async throws -> [PartialLine] {
        try await database.read { sql in
            try await Self.partialLines(on: sql) { $0.join("invoice_partials", on: SQLColumn("partial_id", table: "invoice_partials"), .equal, SQLColumn("id", table: "partial_bills"))
                .where(SQLColumn("invoice_id", table: "invoice_partials"), .equal, SQLBind(invoiceId)) }
        }
    }

    /// Closed partials of the payer and company in no invoice: the ones whose period ends in the
    /// competence first (what `create` proposes), then the older ones still waiting.
    public func candidates(for invoice: Invoice, limit: Int = 500) async throws -> [PartialLine] {
        try await database.read { sql in
            try await Self.partialLines(on: sql, limit: limit) { Self.uninvoiced($0, companyId: invoice.companyId, payerId: invoice.payerId)
                .where(SQLColumn("period_end", table: "partial_bills"), .lessThanOrEqual, SQLBind(invoice.competence.lastDay.iso)) }
        }
    }

    static func uninvoiced(_ select: SQLSelectBuilder, companyId: Int, payerId: Int) -> SQLSelectBuilder {
        select.where(SQLColumn("company_id", table: "partial_bills"), .equal, SQLBind(companyId))
            .where(SQLColumn("payer_id", table: "partial_bills"), .equal, SQLBind(payerId))
            .where(SQLColumn("status", table: "partial_bills"), .equal, SQLBind(PartialStatus.closed.rawValue))
            .where(SQLRaw("NOT EXISTS (SELECT 1 FROM invoice_partials ip WHERE ip.partial_id = partial_bills.id)"))
    }

    static func partialLines(on sql: any SQLDatabase, limit: Int? = nil, _ configure: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [PartialLine] {
        var select = configure(sql.select()
            .column(SQLColumn("id", table: "partial_bills"), as: "id")
            .column(SQLColumn("external_id", table: "partial_bills"), as: "external_id")
            .column(SQLColumn("period_start", table: "partial_bills"), as: "period_start")
            .column(SQLColumn("period_end", table: "partial_bills"), as: "period_end")
            .column(SQLColumn("status", table: "partial_bills"), as: "status")
            .column(SQLColumn("name", table: "patients"), as: "patient_name")
            .column(SQLRaw("(SELECT CAST(COALESCE(SUM(ci.total), 0) AS BIGINT) FROM charge_items ci WHERE ci.partial_id = partial_bills.id)"), as: "total")
            .column(SQLRaw("(SELECT COUNT(*) FROM charge_items ci WHERE ci.partial_id = partial_bills.id)"), as: "items")
            .column(SQLRaw("(SELECT COUNT(*) FROM charge_items ci WHERE ci.partial_id = partial_bills.id AND ci.pricing_status <> 'priced')"), as: "unpriced")
            .from("partial_bills")
            .join("accounts", on: SQLColumn("account_id", table: "partial_bills"), .equal, SQLColumn("id", table: "accounts"))
            .join("encounters", on: SQLColumn("encounter_id", table: "accounts"), .equal, SQLColumn("id", table: "encounters"))
            .join("patients", on: SQLColumn("patient_id", table: "encounters"), .equal, SQLColumn("id", table: "patients")))
            .orderBy(SQLColumn("period_end", table: "partial_bills")).orderBy(SQLColumn("id", table: "partial_bills"))
        if let limit { select = select.limit(limit) }
        return try await select.all().map { row in
            let cells = StoredRow(row, table: "partial_bills")
            return PartialLine(id: try cells.value("id"), externalId: try cells.value("external_id"), patientName: try cells.value("patient_name"),
                               periodStart: try cells.day("period_start"), periodEnd: try cells.day("period_end"),
                               status: try cells.code("status", as: PartialStatus.self), total: Money(cents: try cells.value("total")),
                               items: try cells.value("items"), unpriced: try cells.value("unpriced"))
        }
    }

    public func batches(of invoiceId: ID<Invoice>) async throws -> [InvoiceBatch] {
        try await database.read { sql in
            try await sql.select().column("*").from("invoice_batches").where("invoice_id", .equal, SQLBind(invoiceId)).orderBy("number").all()
                .map(InvoiceRow.batch)
        }
    }

    /// A batch's file as generated (the bytes sent to the payer).
    public func batchFile(invoiceId: ID<Invoice>, number: Int) async throws -> (batch: InvoiceBatch, bytes: [UInt8]) {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("invoice_batches").where("invoice_id", .equal, SQLBind(invoiceId))
                .where("number", .equal, SQLBind(number)).first() else { throw FaturaError.notFound(entity: "lote") }
            let batch = try InvoiceRow.batch(row)
            let text: String = try row.decode(column: "xml_base64", as: String.self)
            guard let data = Data(base64Encoded: text) else { throw FaturaError.storedValueInvalid(table: "invoice_batches", column: "xml_base64", value: String(text.prefix(20))) }
            return (batch, Array(data))
        }
    }

    /// The claims of a closed invoice: number, type, batch, total and whether the payer refused it at receipt.
    public struct ClaimLine: Sendable, Equatable {
        public var number: String
        public var partialId: Int
        public var type: ClaimType
        public var batch: Int
        public var total: Money
        public var refusedAtReceipt: String?
    }

    public func claims(of invoiceId: ID<Invoice>) async throws -> [ClaimLine] {
        try await database.read { sql in
            try await sql.select().column(SQLColumn("number", table: "invoice_claims"), as: "number")
                .column(SQLColumn("partial_id", table: "invoice_claims"), as: "partial_id")
                .column(SQLColumn("claim_type", table: "invoice_claims"), as: "claim_type")
                .column(SQLColumn("number", table: "invoice_batches"), as: "batch")
                .column(SQLColumn("total", table: "invoice_claims"), as: "total")
                .column(SQLColumn("refused_at_receipt", table: "invoice_claims"), as: "refused_at_receipt")
                .from("invoice_claims")
                .join("invoice_batches", on: SQLColumn("batch_id", table: "invoice_claims"), .equal, SQLColumn("id", table: "invoice_batches"))
                .where(SQLColumn("invoice_id", table: "invoice_claims"), .equal, SQLBind(invoiceId))
                .orderBy(SQLColumn("number", table: "invoice_batches")).orderBy(SQLColumn("id", table: "invoice_claims")).all()
                .map { row in
                    let cells = StoredRow(row, table: "invoice_claims")
                    return ClaimLine(number: try cells.value("number"), partialId: try cells.value("partial_id"),
                                     type: try cells.code("claim_type", as: ClaimType.self), batch: try cells.value("batch"),
                                     total: Money(cents: try cells.value("total")), refusedAtReceipt: try cells.optional("refused_at_receipt"))
                }
        }
    }

    /// The invoice a partial is in, if any.
    public static func invoiceId(ofPartial partialId: Int, on sql: any SQLDatabase) async throws -> ID<Invoice>? {
        try await sql.select().column("invoice_id").from("invoice_partials").where("partial_id", .equal, SQLBind(partialId)).first()
            .map { ID(try $0.decode(column: "invoice_id", as: Int.self)) }
    }

    // MARK: - Writing (inside the service's transaction)

    public static func insert(companyId: Int, payerId: Int, competence: Competence, deadline: CalendarDay?, by actor: AuditActor, at now: String,
                              on sql: any SQLDatabase) async throws -> Invoice {
        // The next number of the company; the UNIQUE (company_id, number) refuses a concurrent twin.
        let last = try await sql.select().column(SQLFunction("MAX", args: SQLColumn("number")), as: "n").from("invoices")
            .where("company_id", .equal, SQLBind(companyId)).first()?.decode(column: "n", as: Int?.self) ?? 0
        let number = (last ?? 0) + 1
        guard let row = try await sql.insert(into: "invoices")
            .columns("company_id", "payer_id", "number", "competence", "status", "version", "deadline", "created_at", "created_by")
            .values(SQLBind(companyId), SQLBind(payerId), SQLBind(number), SQLBind(competence.description), SQLBind(InvoiceStatus.open.rawValue),
                    SQLBind(1), SQLBind.optional(deadline?.iso), SQLBind(now), SQLBind(actor.username))
            .returning("id").first() else { throw FaturaError.noIdReturned(table: "invoices") }
        let id: Int = try row.decode(column: "id", as: Int.self)
        let invoice = Invoice(id: ID(id), companyId: companyId, payerId: payerId, number: number, competence: competence, deadline: deadline,
                              createdAt: now, createdBy: actor.username)
        try await AuditLog.record(on: sql, actor: actor, action: .create, entity: "invoice", entityId: String(id),
                                  after: ["number": "\(number)", "competence": competence.description, "payer": "\(payerId)"])
        return invoice
    }

    /// The closed, uninvoiced partials of the payer and company whose period ends in the competence.
    public static func proposedPartials(for invoice: Invoice, on sql: any SQLDatabase) async throws -> [PartialBill] {
        try await uninvoiced(sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("partial_bills"))).from("partial_bills"),
                             companyId: invoice.companyId, payerId: invoice.payerId)
            .where(SQLColumn("period_end", table: "partial_bills"), .greaterThanOrEqual, SQLBind(invoice.competence.firstDay.iso))
            .where(SQLColumn("period_end", table: "partial_bills"), .lessThanOrEqual, SQLBind(invoice.competence.lastDay.iso))
            .orderBy(SQLColumn("period_end", table: "partial_bills")).orderBy(SQLColumn("id", table: "partial_bills")).all().map(PartialRow.partial)
    }

    public static func link(_ partialId: Int, to invoiceId: ID<Invoice>, by actor: AuditActor, at now: String, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "invoice_partials").columns("invoice_id", "partial_id", "added_at", "added_by")
            .values(SQLBind(invoiceId), SQLBind(partialId), SQLBind(now), SQLBind(actor.username)).run()
    }

    /// The partial into the invoice: faturada, linked, audited.
    public static func put(_ partial: PartialBill, in invoice: Invoice, by actor: AuditActor, at now: String, on sql: any SQLDatabase) async throws {
        _ = try await PartialRepository.transition(.invoice, of: partial, setting: .none, detail: "parcial \(partial.externalId) na fatura \(invoice.number)",
                                                   actor: actor, at: now, on: sql)
        try await link(try partial.storedId().rawValue, to: try invoice.storedId(), by: actor, at: now, on: sql)
    }

    /// The partial out of the invoice: closed again, unlinked, audited.
    public static func takeOut(_ partial: PartialBill, of invoice: Invoice, by actor: AuditActor, at now: String, on sql: any SQLDatabase) async throws {
        try await unlink(try partial.storedId().rawValue, from: try invoice.storedId(), on: sql)
        _ = try await PartialRepository.transition(.uninvoice, of: partial, setting: .none,
                                                   detail: "parcial \(partial.externalId) retirada da fatura \(invoice.number)", actor: actor, at: now, on: sql)
    }

    public static func unlink(_ partialId: Int, from invoiceId: ID<Invoice>, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "invoice_partials").where("invoice_id", .equal, SQLBind(invoiceId)).where("partial_id", .equal, SQLBind(partialId)).run()
    }

    public static func partialIds(of invoiceId: ID<Invoice>, on sql: any SQLDatabase) async throws -> [Int] {
        try await sql.select().column("partial_id").from("invoice_partials").where("invoice_id", .equal, SQLBind(invoiceId)).orderBy("partial_id").all()
            .map { try $0.decode(column: "partial_id", as: Int.self) }
    }

    /// Moves the invoice to `status` with `columns` set beside it, only from the version read;
    /// otherwise someone else changed it (`stale_version`).
    public static func update(_ invoice: Invoice, to status: InvoiceStatus, setting columns: InvoiceColumns = .none, detail: String,
                              by actor: AuditActor, at now: String, on sql: any SQLDatabase) async throws -> Invoice {
        let id = try invoice.storedId()
        var update = sql.update("invoices").set("status", to: SQLBind(status.rawValue)).set("version", to: SQLBind(invoice.version + 1))
        for (column, value) in columns.values { update = update.set(SQLColumn(column), to: value) }
        let saved = try await update.where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(invoice.version)).returning("id").first()
        if saved == nil { throw FaturaError.staleInvoice }
        try await AuditLog.record(on: sql, actor: actor, action: .update, entity: "invoice", entityId: String(id),
                                  before: ["status": invoice.status.rawValue], after: ["status": status.rawValue], detail: detail)
        return try await require(id, on: sql)
    }

    /// A batch and its claims, as generated at close.
    public static func insertBatch(_ batch: InvoiceBatch, payerId: Int, bytes: [UInt8], claims: [Claim], on sql: any SQLDatabase) async throws {
        guard let row = try await sql.insert(into: "invoice_batches")
            .columns("invoice_id", "payer_id", "number", "claim_type", "tiss_version", "hash_encoding", "claims", "total", "hash", "xml_base64", "generated_at")
            .values(SQLBind(batch.invoiceId), SQLBind(payerId), SQLBind(batch.number), SQLBind(batch.claimType.rawValue), SQLBind(batch.tissVersion.rawValue),
                    SQLBind(batch.hashEncoding.rawValue), SQLBind(batch.claims), SQLBind(batch.total.cents), SQLBind(batch.hash),
                    SQLBind(Data(bytes).base64EncodedString()), SQLBind(batch.generatedAt))
            .returning("id").first() else { throw FaturaError.noIdReturned(table: "invoice_batches") }
        let batchId: Int = try row.decode(column: "id", as: Int.self)
        for chunk in stride(from: 0, to: claims.count, by: 100) {
            let part = claims[chunk..<min(chunk + 100, claims.count)]
            var insert = sql.insert(into: "invoice_claims").columns("invoice_id", "batch_id", "partial_id", "number", "claim_type", "total")
            for claim in part {
                insert = insert.values(SQLBind(batch.invoiceId), SQLBind(batchId), SQLBind(claim.partialId), SQLBind(claim.number),
                                       SQLBind(claim.type.rawValue), SQLBind(claim.totals.total.cents))
            }
            try await insert.run()
        }
        // Each claim's lines, by the claim's id (claim numbers are unique in an invoice).
        let ids = try await sql.select().column("id").column("number").from("invoice_claims").where("batch_id", .equal, SQLBind(batchId)).all()
        var claimIds: [String: Int] = [:]
        for row in ids { claimIds[try row.decode(column: "number", as: String.self)] = try row.decode(column: "id", as: Int.self) }
        let lines = try claims.flatMap { claim in
            guard let id = claimIds[claim.number] else { throw FaturaError.noIdReturned(table: "invoice_claims") }
            return claim.lines.map { (id, $0) }
        }
        for chunk in stride(from: 0, to: lines.count, by: 200) {
            var insert = sql.insert(into: "invoice_claim_items")
                .columns("claim_id", "invoice_id", "sequence", "charge_item_id", "table_code", "code", "description", "performed_on", "total")
            for (claimId, line) in lines[chunk..<min(chunk + 200, lines.count)] {
                insert = insert.values(SQLBind(claimId), SQLBind(batch.invoiceId), SQLBind(line.sequence), SQLBind(line.itemId), SQLBind(line.table),
                                       SQLBind(line.code), SQLBind(line.description), SQLBind(line.day.iso), SQLBind(line.total.cents))
            }
            try await insert.run()
        }
        // The indicators' presented by sector and biller (`InvoiceMoney`), in the same transaction.
        try await InvoiceMoney.refresh([batch.invoiceId.rawValue], on: sql)
    }

    /// The payer's next batch number: one more than any batch it has received from this hospital.
    public static func nextBatchNumber(payerId: Int, on sql: any SQLDatabase) async throws -> Int {
        let last = try await sql.select().column(SQLFunction("MAX", args: SQLColumn("number")), as: "n").from("invoice_batches")
            .where("payer_id", .equal, SQLBind(payerId)).first()?.decode(column: "n", as: Int?.self) ?? 0
        return (last ?? 0) + 1
    }

    /// Reopening discards what close generated (nothing of it was sent).
    public static func deleteBatches(of invoiceId: ID<Invoice>, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "invoice_claim_items").where("invoice_id", .equal, SQLBind(invoiceId)).run()
        try await sql.delete(from: "invoice_claims").where("invoice_id", .equal, SQLBind(invoiceId)).run()
        try await sql.delete(from: "invoice_batches").where("invoice_id", .equal, SQLBind(invoiceId)).run()
        try await InvoiceMoney.refresh([invoiceId.rawValue], on: sql)
    }

    /// The payer's protocol for one batch (from its receipt).
    public static func setProtocol(_ number: String, on day: CalendarDay, batch: Int, invoiceId: ID<Invoice>, on sql: any SQLDatabase) async throws {
        try await sql.update("invoice_batches").set("protocol_number", to: SQLBind(number)).set("protocol_on", to: SQLBind(day.iso))
            .where("invoice_id", .equal, SQLBind(invoiceId)).where("number", .equal, SQLBind(batch)).run()
    }

    public static func markRefused(claimNumber: String, reason: String, invoiceId: ID<Invoice>, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.update("invoice_claims").set("refused_at_receipt", to: SQLBind(String(reason.prefix(500))))
            .where("invoice_id", .equal, SQLBind(invoiceId)).where("number", .equal, SQLBind(claimNumber)).returning("id").first() != nil
    }
}

/// The columns a transition sets beside the status, named by the transition.
public struct InvoiceColumns: Sendable {
    let values: [(String, any SQLExpression & Sendable)]

    public static let none = InvoiceColumns(values: [])

    public static func closed(claims: Int, total: Money, at now: String, by username: String) -> InvoiceColumns {
        .init(values: [("claims", SQLBind(claims)), ("total", SQLBind(total.cents)), ("closed_at", SQLBind(now)), ("closed_by", SQLBind(username))])
    }

    public static let reopened = InvoiceColumns(values: [("claims", SQLBind(0)), ("total", SQLBind(0)), ("closed_at", SQLLiteral.null), ("closed_by", SQLLiteral.null)])

    public static func sent(_ s: InvoiceSending) -> InvoiceColumns {
        .init(values: [("sent_on", SQLBind(s.on.iso)), ("sent_channel", SQLBind(s.channel.rawValue)), ("sent_by", SQLBind(s.by)),
                       ("protocol_number", SQLBind.optional(s.protocolNumber)), ("protocol_on", SQLBind.optional(s.protocolOn?.iso))])
    }

    public static func protocolReceived(_ number: String, on day: CalendarDay) -> InvoiceColumns {
        .init(values: [("protocol_number", SQLBind(number)), ("protocol_on", SQLBind(day.iso))])
    }
}

extension Invoice {
    func storedId() throws -> FaturaDomain.ID<Invoice> {
        guard let id else { throw FaturaError.storedValueInvalid(table: "invoices", column: "id", value: "ausente") }
        return id
    }
}
