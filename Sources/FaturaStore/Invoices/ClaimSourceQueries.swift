import SQLKit
import FaturaDomain

/// What the claims of an invoice are built from, read in chunks (an invoice of 5 000 partials reads
/// 50 chunks, not 5 000 round trips): each partial with its encounter, patient and lines, and how
/// many partials its account has.
public enum ClaimSourceQueries {
    public struct Part: Sendable {
        public var partial: PartialBill
        public var encounter: Encounter
        public var patient: Patient
        public var items: [ChargeItem]
        public var partialsInAccount: Int
        public var isLastOfAccount: Bool
    }

    public static func parts(partialIds: [Int], on sql: any SQLDatabase) async throws -> [Part] {
        var parts: [Part] = []
        parts.reserveCapacity(partialIds.count)
        for start in stride(from: 0, to: partialIds.count, by: 100) {
            let ids = Array(partialIds[start..<min(start + 100, partialIds.count)])
            let list = SQLGroupExpression(SQLList(ids.map { SQLBind($0) }))
            let rows = try await sql.select()
                .column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("partial_bills")))
                .column(SQLColumn("id", table: "encounters"), as: "e_id")
                .column(SQLColumn("external_id", table: "encounters"), as: "e_external_id")
                .column(SQLColumn("type", table: "encounters"), as: "e_type")
                .column(SQLColumn("origin_sector_id", table: "encounters"), as: "e_sector")
                .column(SQLColumn("authorization_number", table: "encounters"), as: "e_authorization")
                .column(SQLColumn("authorization_password", table: "encounters"), as: "e_password")
                .column(SQLColumn("requesting_professional", table: "encounters"), as: "e_requesting")
                .column(SQLColumn("started_at", table: "encounters"), as: "e_started")
                .column(SQLColumn("id", table: "patients"), as: "p_id")
                .column(SQLColumn("name", table: "patients"), as: "p_name")
                .column(SQLColumn("card_number", table: "patients"), as: "p_card")
                .column(SQLColumn("cpf", table: "patients"), as: "p_cpf")
                .column(SQLRaw("(SELECT COUNT(*) FROM partial_bills s WHERE s.account_id = partial_bills.account_id)"), as: "siblings")
                .column(SQLRaw("(SELECT COUNT(*) FROM partial_bills s WHERE s.account_id = partial_bills.account_id AND s.period_end > partial_bills.period_end)"), as: "later")
                .from("partial_bills")
                .join("accounts", on: SQLColumn("account_id", table: "partial_bills"), .equal, SQLColumn("id", table: "accounts"))
                .join("encounters", on: SQLColumn("encounter_id", table: "accounts"), .equal, SQLColumn("id", table: "encounters"))
                .join("patients", on: SQLColumn("patient_id", table: "encounters"), .equal, SQLColumn("id", table: "patients"))
                .where(SQLColumn("id", table: "partial_bills"), .in, list)
                .all()
            let items = try await ChargeItemRow.load(on: sql) { $0.where("partial_id", .in, list).orderBy("performed_at").orderBy("id") }
            let itemsByPartial = Dictionary(grouping: items, by: { $0.partialId.rawValue })
            var byId: [Int: Part] = [:]
            for row in rows {
                let partial = try PartialRow.partial(row)
                let cells = StoredRow(row, table: "encounters")
                let encounter = Encounter(
                    id: try cells.value("e_id"), externalId: try cells.value("e_external_id"), companyId: partial.companyId,
                    patientId: try cells.value("p_id"), payerId: partial.payerId, type: try cells.code("e_type", as: EncounterType.self),
                    originSectorId: try cells.optional("e_sector"), authorizationNumber: try cells.optional("e_authorization"),
                    authorizationPassword: try cells.optional("e_password"), requestingProfessional: try cells.optional("e_requesting"),
                    startedAt: try cells.dateTime("e_started"))
                let patient = Patient(id: try cells.value("p_id"), name: try cells.value("p_name"), cpf: try cells.optional("p_cpf"),
                                      cardNumber: try cells.optional("p_card"))
                let id = try partial.storedId().rawValue
                byId[id] = Part(partial: partial, encounter: encounter, patient: patient, items: itemsByPartial[id] ?? [],
                                partialsInAccount: try cells.value("siblings"), isLastOfAccount: try cells.value("later", as: Int.self) == 0)
            }
            parts.append(contentsOf: ids.compactMap { byId[$0] })
        }
        return parts
    }
}
