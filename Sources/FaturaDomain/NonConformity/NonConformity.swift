/// A defect a biller found in a partial's medical record (optionally on one item), with the sector
/// that must correct it and the day it is due.
public struct NonConformity: Hashable, Sendable, Codable, Identifiable {
    public var id: Int?
    public var partialId: FaturaDomain.ID<PartialBill>
    public var itemId: FaturaDomain.ID<ChargeItem>?
    public var typeId: Int
    public var sectorId: Int
    public var note: String
    public var status: NonConformityStatus
    /// The day it was found (or last sent back): the deadline counts from here.
    public var foundOn: CalendarDay
    public var dueOn: CalendarDay
    /// Optimistic version: a second person's action on a stale copy is refused.
    public var version: Int

    public init(id: Int? = nil, partialId: FaturaDomain.ID<PartialBill>, itemId: FaturaDomain.ID<ChargeItem>? = nil, typeId: Int, sectorId: Int, note: String,
                status: NonConformityStatus = .open, foundOn: CalendarDay, dueOn: CalendarDay, version: Int = 1) {
        self.id = id
        self.partialId = partialId
        self.itemId = itemId
        self.typeId = typeId
        self.sectorId = sectorId
        self.note = note
        self.status = status
        self.foundOn = foundOn
        self.dueOn = dueOn
        self.version = version
    }

    /// Late when the sector still has it after its due day (a correction waiting for billing is not the sector's delay).
    public func isOverdue(today: CalendarDay) -> Bool { status == .open && today > dueOn }

    /// The longest note kept; a note is a sentence or two for the sector, not a document.
    public static let maxNoteLength = 1_000

    /// Checks a note typed for an action or a registration; `required` for corrections and reasons.
    public static func validateNote(_ note: String, field: String = "note", required: Bool) -> [FieldError] {
        let trimmed = note.trimmingSpaces()
        if required && trimmed.isEmpty { return [FieldError(field, "Escreva a observação (o que foi feito ou o motivo).")] }
        if trimmed.count > maxNoteLength { return [FieldError(field, "A observação deve ter no máximo \(maxNoteLength) caracteres.")] }
        return []
    }
}
