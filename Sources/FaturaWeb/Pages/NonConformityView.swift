import FaturaDomain
import FaturaStore

/// How a non-conformity shows on the pages (worklist, partial, queue, return document). The page's
/// own actions (`canCheck`, `canCorrect`…) stay nil where the page has none, as the keys were absent.
struct NonConformityRowModel: Sendable {
    struct Event: Sendable {
        let at: String
        let who: String
        let label: String
        let note: String
    }

    let id: Int
    let version: Int
    let partialId: Int
    let partial: String
    let partialHref: String
    let patient: String
    let record: String
    let encounter: String
    let payer: String
    let item: String
    let hasItem: Bool
    let type: String
    let sector: String
    let sectorId: Int
    let note: String
    let status: String
    let isOpen: Bool
    let isCorrected: Bool
    let isPending: Bool
    let foundOn: String
    let registeredOn: String
    let registeredBy: String
    let dueOn: String
    let overdue: Bool
    let correctedAt: String
    let correctedBy: String
    let correctionNote: String
    let checkNote: String
    let checkedBy: String
    let timesSentBack: Int
    let wasSentBack: Bool
    let returnNumber: String

    var canCheck: Bool? = nil
    var canCancel: Bool? = nil
    var canCorrect: Bool? = nil
    var back: String? = nil
    var history: [Event]? = nil
    var error: String? = nil

    init(_ entry: NonConformityQueries.Entry, today: CalendarDay) {
        let status = entry.status
        var item = ""
        if let code = entry.itemCode { item = code + (entry.itemDescription.map { " — \($0)" } ?? " (linha removida)") }
        id = entry.id
        version = entry.version
        partialId = entry.partialId
        partial = entry.partialExternalId
        partialHref = SiteURL.partial(entry.partialId).path
        patient = entry.patientName
        record = entry.medicalRecordNumber ?? "—"
        encounter = entry.encounterExternalId
        payer = entry.payerName
        self.item = item
        hasItem = !item.isEmpty
        type = entry.typeName
        sector = entry.sectorName
        sectorId = entry.sectorId
        note = entry.note
        self.status = status.label
        isOpen = status == .open
        isCorrected = status == .corrected
        isPending = status.blocksClosing
        foundOn = NonConformityView.day(entry.foundOn)
        registeredOn = NonConformityView.day(entry.registeredOn)
        registeredBy = entry.registeredBy
        dueOn = NonConformityView.day(entry.dueOn)
        overdue = entry.isOverdue(today: today)
        correctedAt = HospitalClock.display(entry.correctedAt)
        correctedBy = entry.correctedBy ?? ""
        correctionNote = entry.correctionNote ?? ""
        checkNote = entry.checkNote ?? ""
        checkedBy = entry.checkedBy ?? ""
        timesSentBack = entry.timesSentBack
        wasSentBack = entry.timesSentBack > 0
        returnNumber = entry.returnNumber ?? ""
    }
}

enum NonConformityView {
    /// A document's deadline as issued: one already past on the day it was issued says so
    /// (its lines were late before the document), never a bare date before the issue date.
    static func due(_ dueOn: String, issuedAt: String) -> String {
        let text = day(dueOn)
        return dueOn < String(issuedAt.prefix(10)) ? text + " (já vencido na emissão)" : text
    }

    static func day(_ iso: String) -> String { CalendarDay(iso: iso).map(BrazilianFormat.date) ?? iso }
}
