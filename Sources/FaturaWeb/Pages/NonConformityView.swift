import FaturaDomain
import FaturaStore

/// How a non-conformity shows on the pages (worklist, partial, queue, return document).
enum NonConformityView {
    static func values(_ entry: NonConformityQueries.Entry, today: CalendarDay) -> [String: Any] {
        let status = entry.status
        var item = ""
        if let code = entry.itemCode { item = code + (entry.itemDescription.map { " — \($0)" } ?? " (linha removida)") }
        return [
            "id": entry.id, "version": entry.version, "partialId": entry.partialId, "partial": entry.partialExternalId,
            "partialHref": "/accounts/partials/\(entry.partialId)", "patient": entry.patientName, "record": entry.medicalRecordNumber ?? "—",
            "encounter": entry.encounterExternalId, "payer": entry.payerName, "item": item, "hasItem": !item.isEmpty,
            "type": entry.typeName, "sector": entry.sectorName, "sectorId": entry.sectorId, "note": entry.note,
            "status": status.label, "isOpen": status == .open, "isCorrected": status == .corrected,
            "isPending": status.blocksClosing, "foundOn": day(entry.foundOn), "registeredOn": day(entry.registeredOn),
            "registeredBy": entry.registeredBy, "dueOn": day(entry.dueOn), "overdue": entry.isOverdue(today: today),
            "correctedAt": HospitalClock.display(entry.correctedAt), "correctedBy": entry.correctedBy ?? "",
            "correctionNote": entry.correctionNote ?? "", "checkNote": entry.checkNote ?? "", "checkedBy": entry.checkedBy ?? "",
            "timesSentBack": entry.timesSentBack, "wasSentBack": entry.timesSentBack > 0, "returnNumber": entry.returnNumber ?? "",
        ]
    }

    static func day(_ iso: String) -> String { CalendarDay(iso: iso).map(BrazilianFormat.date) ?? iso }
}
