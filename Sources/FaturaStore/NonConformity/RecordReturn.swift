import FaturaDomain

/// A record-return document's header.
public struct RecordReturn: Sendable, Equatable, Decodable {
    public var id: Int
    public var number: String?
    public var companyId: Int
    public var sectorId: Int
    public var sectorName: String
    public var dueOn: String
    public var createdAt: String
    public var createdBy: String
    public var sentAt: String?
    public var sentBy: String?
    public var lineCount: Int

    public init(id: Int, number: String?, companyId: Int, sectorId: Int, sectorName: String, dueOn: String, createdAt: String,
                createdBy: String, sentAt: String?, sentBy: String?, lineCount: Int) {
        self.id = id
        self.number = number
        self.companyId = companyId
        self.sectorId = sectorId
        self.sectorName = sectorName
        self.dueOn = dueOn
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.sentAt = sentAt
        self.sentBy = sentBy
        self.lineCount = lineCount
    }

    /// `DEV-2026-00042`: the year it was issued and its sequence, readable over the phone.
    public static func number(id: Int, year: Int) -> String {
        let digits = String(id)
        return "DEV-\(year)-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}
