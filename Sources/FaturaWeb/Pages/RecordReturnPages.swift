import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird

/// Devolução de prontuários: what each sector has to receive, the numbered documents (printable on
/// A4 and downloadable as a self-contained HTML file), and marking a document as sent.
enum RecordReturnPages {
    static let routes = [
        PageRoute(.get, "/record-returns", .viewSectorQueue) { try await list($0) },
        PageRoute(.post, "/record-returns", .manageNonConformities) { request in
            guard let companyId = request.session.companyId else {
                throw FaturaError.validation([FieldError("companyId", "Escolha a coligada atual antes de gerar o documento.")])
            }
            guard let sectorId = Int(request.form["sectorId"]) else {
                throw FaturaError.validation([FieldError("sectorId", "Escolha o setor.")])
            }
            let document = try await request.billing.recordReturns.generate(companyId: companyId, sectorId: sectorId, today: request.today,
                                                                          by: request.actor)
            return request.redirect(.recordReturn(document.id))
        },
        PageRoute(.get, "/record-returns/:id", .viewSectorQueue) { request in
            let document = try await documentModel(request)
            return try await request.render("record_return", title: "Devolução de prontuários \(document.number)", section: "record-returns", document)
        },
        PageRoute(.get, "/record-returns/:id/download", .viewSectorQueue) { request in
            let document = try await documentModel(request)
            var response = request.environment.renderer.html("record_return_file", document)
            let name = document.number.filter { $0.isLetter || $0.isNumber || $0 == "-" }
            response.headers[.contentDisposition] = "attachment; filename=\"\(name).html\""
            return response
        },
        PageRoute(.post, "/record-returns/:id/sent", .manageNonConformities) { request in
            let id = try request.id()
            try await request.billing.recordReturns.markSent(id, by: request.actor)
            return request.redirect(.recordReturn(id), notice: .returnSent)
        },
    ]

    static func list(_ request: PageRequest) async throws -> Response {
        let own = request.identity.confinedSectorId
        var pending: [RecordReturnQueries.Pending] = []
        if let companyId = request.session.companyId { pending = try await request.store.recordReturns.pending(companyId: companyId) }
        let page = try await request.store.recordReturns.page(companyId: request.session.companyId, sectorId: own,
                                                              page: request.queryInt("pagina") ?? 1)
        let documents = page.items
        let canIssue = request.identity.may(.manageNonConformities)
        return try await request.render("record_returns", title: "Devolução de prontuários", section: "record-returns", RecordReturnsModel(
            pending: pending.map { .init(sectorId: $0.sectorId, sector: $0.sectorName, count: $0.count, due: NonConformityView.day($0.earliestDue)) },
            hasPending: canIssue && !pending.isEmpty, canIssue: canIssue, noCompany: request.session.companyId == nil,
            documents: documents.map { document in
                .init(href: SiteURL.recordReturn(document.id).path, number: document.number ?? "", sector: document.sectorName,
                      lines: document.lineCount, due: NonConformityView.due(document.dueOn, issuedAt: document.createdAt), created: HospitalClock.display(document.createdAt),
                      createdBy: document.createdBy, sent: document.sentAt.map { HospitalClock.display($0) } ?? "")
            },
            emptyDocuments: documents.isEmpty, pager: PagerModel(page) { SiteURL.recordReturns.with([("pagina", String($0))]) }))
    }

    /// The document for the page and the file; a sector user reaches only their sector's.
    static func documentModel(_ request: PageRequest) async throws -> RecordReturnModel {
        let id = try request.id()
        let (header, company, lines) = try await request.store.recordReturns.document(id)
        try request.identity.requireSector(header.sectorId)
        try await request.store.audit.recordEvent(actor: request.actor, action: .read, entity: "record_return", entityId: String(id),
                                                  detail: header.number)
        let today = request.today
        return RecordReturnModel(
            id: id, number: header.number ?? "", sector: header.sectorName, company: company.name,
            cnpj: Identifiers.formatCNPJ(company.cnpj), due: NonConformityView.due(header.dueOn, issuedAt: header.createdAt),
            created: HospitalClock.display(header.createdAt), createdBy: header.createdBy,
            sent: header.sentAt.map { HospitalClock.display($0) } ?? "", sentBy: header.sentBy ?? "",
            canMarkSent: header.sentAt == nil && request.identity.may(.manageNonConformities),
            lines: lines.map { NonConformityRowModel($0, today: today) },
            count: BrazilianFormat.count(lines.count, "não conformidade", "não conformidades"))
    }
}
