/// The notices list: for billing every notice with its progress; for a sector, its own notices.
struct NoticeListModel: Sendable {
    struct Row: Sendable {
        let href: String
        let received: String
        let payer: String
        let subject: String
        let kind: String
        /// Billing: "2 de 4 setores"; a sector: its own status.
        let progress: String
        let statusKey: String
        let due: String
        let late: Bool
    }
    let rows: [Row]
    let empty: Bool
    let forSector: Bool
    let canManage: Bool
    let fields: [FormFieldModel]
    let text: String
    let sectors: [Check]
    let refusal: RefusalModel?
    let attachmentLimit: Int
}

struct Check: Sendable {
    let name: String
    let value: String
    let label: String
    let checked: Bool
}

/// One notice: its text, attachments, each sector's acknowledgement, and billing's tools.
struct NoticeModel: Sendable {
    struct Sector: Sendable {
        let id: Int
        let distributionId: Int
        let name: String
        let due: String
        let status: String
        let statusKey: String
        let read: String
        let done: String
        let note: String
        let late: Bool
        let removable: Bool
    }
    struct Attachment: Sendable {
        let href: String
        let name: String
        let size: String
    }
    let id: Int
    let version: Int
    let subject: String
    let payer: String
    let kind: String
    let received: String
    let effective: String
    let registeredBy: String
    let text: String
    let attachments: [Attachment]
    let hasAttachments: Bool
    let sectors: [Sector]
    let pending: [String]
    let hasPending: Bool
    let pendingText: String
    /// The distribution the user answers for (their sector, or billing's own), if any.
    let hasOwn: Bool
    let ownSectorId: Int
    let ownSectorName: String
    let canRead: Bool
    let canFinish: Bool
    let ownStatus: String
    let canManage: Bool
    let otherSectors: [OptionModel]
    let hasOtherSectors: Bool
    let linkable: Bool
    let contract: String
    let contractHref: String
    let priceTable: String
    let contracts: [OptionModel]
    let priceTables: [OptionModel]
    let protocols: [ProtocolLink]
    let refusal: RefusalModel?
    let note: String
}

struct ProtocolLink: Sendable {
    let number: String
    let href: String
    let text: String
}

/// The protocol book with its filters and the form of a new line.
struct ProtocolBookModel: Sendable {
    struct Row: Sendable {
        let number: String
        let day: String
        let direction: String
        let directionKey: String
        let counterpart: String
        let subject: String
        let link: String
        let linkHref: String
        let receiptHref: String
        let registeredBy: String
    }
    let rows: [Row]
    let empty: Bool
    let total: String
    let year: String
    let text: String
    let directions: [OptionModel]
    let years: [OptionModel]
    let pager: PagerModel
    let canManage: Bool
    let fields: [FormFieldModel]
    let refusal: RefusalModel?
}

/// The printable receipt of a protocol line.
struct ProtocolReceiptModel: Sendable {
    let number: String
    let day: String
    let direction: String
    let counterpart: String
    let subject: String
    let company: String
    let registeredBy: String
    let outgoing: Bool
    let backHref: String
}

/// Record-copy requests: open first (overdue highlighted), then the closed.
struct RecordCopyListModel: Sendable {
    struct Row: Sendable {
        let href: String
        let number: Int
        let requested: String
        let requester: String
        let relation: String
        let patient: String
        let due: String
        let status: String
        let statusKey: String
        let overdue: Bool
    }
    let rows: [Row]
    let empty: Bool
    let overdue: Int
    let canRegister: Bool
    let fields: [FormFieldModel]
    let records: String
    let purpose: String
    let refusal: RefusalModel?
}

/// One request with its steps and its access log.
struct RecordCopyModel: Sendable {
    struct Access: Sendable {
        let at: String
        let username: String
        let action: String
    }
    let id: Int
    let version: Int
    let status: String
    let statusKey: String
    let overdue: Bool
    let requested: String
    let due: String
    let requester: String
    let relation: String
    let document: String
    let patient: String
    let recordNumber: String
    let records: String
    let purpose: String
    let pages: String
    let prepared: String
    let approved: String
    let delivered: String
    let receivedBy: String
    let refusal: String
    let canPrepare: Bool
    let canApprove: Bool
    let canDeliver: Bool
    let canRefuse: Bool
    let isDelivered: Bool
    let receiptHref: String
    let accesses: [Access]
    let protocols: [ProtocolLink]
    let formRefusal: RefusalModel?
    let company: String
    let printedOn: String
}

/// The department's hub: the modules the user may open, each with what waits there.
struct ManagementModel: Sendable {
    struct Card: Sendable {
        let href: String
        let title: String
        let text: String
        let count: String
    }
    let cards: [Card]
}

/// A plain table: headers and rows of cells, the first cell optionally a link; a late row in red.
struct SimpleTable: Sendable {
    /// The first cell and the rest kept apart (the template reads stored fields: a computed one is invisible to it).
    struct Row: Sendable {
        let first: String
        let rest: [String]
        let href: String
        let late: Bool

        init(cells: [String], href: String, late: Bool) {
            first = cells.first ?? ""
            rest = Array(cells.dropFirst())
            self.href = href
            self.late = late
        }
    }
    let id: String
    let title: String
    let headers: [String]
    let rows: [Row]
    let empty: Bool

    init(id: String, title: String = "", headers: [String], rows: [Row]) {
        self.id = id
        self.title = title
        self.headers = headers
        self.rows = rows
        empty = rows.isEmpty
    }
}

/// A team page: its tables and, for who may change them, its form.
struct TeamPageModel: Sendable {
    let heading: String
    let intro: String
    let tables: [SimpleTable]
    let canEdit: Bool
    let formTitle: String
    let formAction: String
    let fields: [FormFieldModel]
    let checks: [Check]
    let checksLegend: String
    let texts: [TextArea]
    let button: String
    let refusal: RefusalModel?
    let filters: [FormFieldModel]
    let filterAction: String
}

struct TextArea: Sendable {
    let name: String
    let label: String
    let value: String
    let rows: Int
    let maxLength: Int
}

/// One meeting, guideline or evaluation: facts, text blocks, a table, and actions.
struct TeamDetailModel: Sendable {
    struct Fact: Sendable { let label: String; let value: String; let id: String }
    struct Block: Sendable { let title: String; let text: String; let id: String }
    struct Action: Sendable { let href: String; let label: String }
    let heading: String
    let backHref: String
    let facts: [Fact]
    let blocks: [Block]
    let tables: [SimpleTable]
    let warning: String
    let canAcknowledge: Bool
    let acknowledgeAction: String
    let acknowledged: String
    let taskForm: Bool
    let taskAction: String
    let fields: [FormFieldModel]
    let completeActions: [Action]
    let refusal: RefusalModel?
}
