import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird

/// *Cópia de prontuário*: a patient's request registered, the copy prepared by SAME, approved by
/// the supervisor, delivered against a signed receipt. Every page that shows a request logs the access.
enum RecordCopyPages {
    static let routes: [PageRoute] = [
        PageRoute(.get, "/record-copies", .viewRecordCopies) { try await list($0) },
        PageRoute(.post, "/record-copies", .prepareRecordCopies) { request in
            let created = try await request.billing.recordCopies.create(try newRequest(request), by: request.actor)
            return request.redirect(.recordCopy(created.id ?? 0), notice: .created)
        }.redisplaying { request, refusal in try await list(request, refusal: refusal) },
        PageRoute(.get, "/record-copies/:id", .viewRecordCopies) { try await detail($0) },
        PageRoute(.get, "/record-copies/:id/receipt", .viewRecordCopies) { request in
            let found = try await request.billing.recordCopies.open(try request.id(), companyId: request.session.companyId ?? -1,
                                                                    purpose: "imprimiu o recibo de entrega", by: request.actor)
            return request.environment.renderer.html("record_copy_receipt", try await model(request, found, refusal: nil))
        },
        step("prepare", .prepareRecordCopies) { request in
            guard let pages = Int(request.form["pages"].trimmingCharacters(in: .whitespaces)) else {
                throw FaturaError.validation([FieldError("pages", "Informe o número de páginas da cópia.")])
            }
            return .prepare(pages: pages)
        },
        step("approve", .approveRecordCopies) { _ in .approve },
        step("deliver", .prepareRecordCopies) { request in .deliver(receivedBy: request.form["receivedBy"], document: request.form["receivedDocument"]) },
        step("refuse", .approveRecordCopies) { request in .refuse(reason: request.form["refusalReason"]) },
    ]

    static func step(_ name: String, _ permission: Permission, _ read: @escaping @Sendable (PageRequest) throws -> RecordCopyService.Step) -> PageRoute {
        PageRoute(.post, "/record-copies/:id/\(name)", permission) { request in
            let id = try request.id()
            guard let version = Int(request.form["version"]) else { throw FaturaError.badRequest("Versão do pedido ausente: recarregue a página.") }
            _ = try await request.billing.recordCopies.advance(id, try read(request), companyId: request.session.companyId ?? -1,
                                                               expectedVersion: version, by: request.actor)
            return request.redirect(.recordCopy(id), notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) }
    }

    static func newRequest(_ request: PageRequest) throws -> RecordCopyRequest {
        var problems: [FieldError] = []
        let requested = CalendarDay(typed: request.form["requestedOn"])
        if requested == nil { problems.append(FieldError("requestedOn", "Data do pedido inválida: use dd/mm/aaaa.")) }
        let relation = RequesterRelation(rawValue: request.form["relation"])
        if relation == nil { problems.append(FieldError("relation", "Escolha a relação do solicitante com o paciente.")) }
        var due: CalendarDay?
        if let typed = request.form.optional("dueOn") {
            due = CalendarDay(typed: typed)
            if due == nil { problems.append(FieldError("dueOn", "Prazo inválido: use dd/mm/aaaa.")) }
        }
        if !problems.isEmpty { throw FaturaError.validation(problems) }
        return RecordCopyRequest(companyId: request.session.companyId ?? 0, requestedOn: requested!, requesterName: request.form["requesterName"],
                                 relation: relation!, requesterDocument: request.form["requesterDocument"],
                                 documentChecked: request.form["documentChecked"] == "true", patientName: request.form["patientName"],
                                 medicalRecordNumber: request.form.optional("medicalRecordNumber"), records: request.form["records"],
                                 purpose: request.form["purpose"], dueOn: due)
    }

    static func list(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let today = request.today
        let found = try await request.billing.recordCopies.list(companyId: request.session.companyId ?? -1, open: nil, by: request.actor)
        let canRegister = request.identity.may(.prepareRecordCopies)
        let fields = canRegister ? [
            FormField(name: "requestedOn", label: "Pedido em", value: BrazilianFormat.date(today), required: true, hint: "dd/mm/aaaa"),
            FormField(name: "requesterName", label: "Solicitante", value: "", required: true),
            FormField(name: "relation", label: "Relação com o paciente", kind: .select, value: "patient", options: RequesterRelation.allCases.map { ($0.rawValue, $0.label) }, required: true),
            FormField(name: "requesterDocument", label: "Documento apresentado", value: "", required: true, hint: "Tipo e número: RG 12.345.678-9, procuração…"),
            FormField(name: "documentChecked", label: "Conferi o documento original do solicitante", kind: .checkbox, value: ""),
            FormField(name: "patientName", label: "Paciente", value: "", required: true),
            FormField(name: "medicalRecordNumber", label: "Número do prontuário", value: "", hint: "Se o solicitante souber; o SAME localiza."),
            FormField(name: "dueOn", label: "Prazo", value: "", hint: "dd/mm/aaaa — em branco: \(RecordCopyRequest.legalDays) dias do pedido (LGPD, art. 19)."),
        ].refused(refusal, typed: request.form) : []
        let rows = found.map { s -> RecordCopyListModel.Row in
            let r = s.request
            return .init(href: SiteURL.recordCopy(r.id ?? 0).path, number: r.id ?? 0, requested: BrazilianFormat.date(r.requestedOn), requester: r.requesterName,
                         relation: r.relation.label, patient: r.patientName, due: BrazilianFormat.date(r.dueOn), status: r.status.label,
                         statusKey: r.status.rawValue, overdue: r.isOverdue(today: today))
        }
        return try await request.render("record_copies", title: "Cópias de prontuário", section: "record-copies", RecordCopyListModel(
            rows: rows, empty: rows.isEmpty, overdue: rows.filter(\.overdue).count, canRegister: canRegister, fields: fields.map(\.context),
            records: refusal == nil ? "" : request.form["records"], purpose: refusal == nil ? "" : request.form["purpose"],
            refusal: refusal.map { RefusalModel($0, reload: SiteURL.recordCopies.path, listingFields: true) }), status: refusal?.status ?? .ok)
    }

    static func detail(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let found = try await request.billing.recordCopies.open(try request.id(), companyId: request.session.companyId ?? -1,
                                                                purpose: "consultou o pedido", by: request.actor)
        let r = found.stored.request
        return try await request.render("record_copy", title: "Cópia de prontuário \(r.id ?? 0)", section: "record-copies",
                                        try await model(request, found, refusal: refusal), status: refusal?.status ?? .ok)
    }

    static func model(_ request: PageRequest, _ found: RecordCopyService.Detail, refusal: FormRefusal?) async throws -> RecordCopyModel {
        let r = found.stored.request
        let id = r.id ?? 0
        let clock = request.environment.clock
        func by(_ who: String?, _ day: CalendarDay?) -> String { day.map { "\(BrazilianFormat.date($0)) por \(who ?? "")" } ?? "—" }
        return RecordCopyModel(
            id: id, version: r.version, status: r.status.label, statusKey: r.status.rawValue, overdue: r.isOverdue(today: request.today),
            requested: BrazilianFormat.date(r.requestedOn), due: BrazilianFormat.date(r.dueOn), requester: r.requesterName, relation: r.relation.label,
            document: r.requesterDocument + (r.documentChecked ? " (conferido)" : ""), patient: r.patientName, recordNumber: r.medicalRecordNumber ?? "—",
            records: r.records, purpose: r.purpose, pages: r.pages.map(BrazilianFormat.integer) ?? "—",
            prepared: by(r.preparedBy, r.preparedOn), approved: by(r.approvedBy, r.approvedOn),
            delivered: r.deliveredOn.map(BrazilianFormat.date) ?? "—",
            receivedBy: r.receivedBy.map { "\($0) (\(r.receivedDocument ?? ""))" } ?? "—", refusal: r.refusalReason ?? "",
            canPrepare: r.status == .requested && request.identity.may(.prepareRecordCopies),
            canApprove: r.status == .prepared && request.identity.may(.approveRecordCopies),
            canDeliver: r.status == .approved && request.identity.may(.prepareRecordCopies),
            canRefuse: r.status.isOpen && request.identity.may(.approveRecordCopies),
            isDelivered: r.status == .delivered, receiptHref: SiteURL.recordCopyReceipt(id).path,
            accesses: found.accesses.reversed().map { .init(at: clock.display($0.at), username: $0.username, action: $0.action) },
            protocols: found.protocols.map { .init(number: $0.number, href: request.identity.may(.viewProtocolBook) ? SiteURL.protocolReceipt($0.id ?? 0).path : "", text: "\($0.direction.label) em \(BrazilianFormat.date($0.day))") },
            formRefusal: refusal.map { RefusalModel($0, reload: SiteURL.recordCopy(id).path, listingFields: true) },
            company: try await request.store.companies.find(r.companyId)?.name ?? "", printedOn: BrazilianFormat.date(request.today))
    }
}
