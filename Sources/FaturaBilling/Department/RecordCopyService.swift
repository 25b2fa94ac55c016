import FaturaDomain
import FaturaStore

/// Copies of archived medical records for patients (issue 15): registered with the requester's
/// document checked, prepared by the archive (SAME), approved by the billing supervisor, delivered
/// against a signed receipt (a protocol line). Every read and step writes the access log (LGPD)
/// in the same transaction.
public struct RecordCopyService: BillingService {
    let context: ServiceContext

    /// A request as a page shows it, with who has seen or changed it.
    public struct Detail: Sendable {
        public var stored: RecordCopyRepository.Stored
        public var accesses: [RecordCopyAccess]
        public var protocols: [ProtocolEntry]
    }

    /// The company's requests. Listing names patients, so the listing itself is an audited read.
    public func list(companyId: Int, open: Bool?, by actor: AuditActor) async throws -> [RecordCopyRepository.Stored] {
        try await database.transaction { tx in
            let found = try await RecordCopyRepository.list(companyId: companyId, open: open, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .read, entity: "record_copy_request", entityId: nil,
                                      detail: "lista de pedidos de cópia de prontuário (\(found.count))")
            return found
        }
    }

    /// One request, its access being logged as `purpose` ("consultou o pedido", "imprimiu o recibo").
    public func open(_ id: Int, companyId: Int, purpose: String, by actor: AuditActor) async throws -> Detail {
        let now = clock.timestamp()
        return try await database.transaction { tx in
            guard let stored = try await RecordCopyRepository.find(id, on: tx), stored.request.companyId == companyId else {
                throw FaturaError.notFound(entity: "pedido de cópia de prontuário")
            }
            try await RecordCopyRepository.logAccess(id, username: actor.username, at: now, action: purpose, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .read, entity: "record_copy_request", entityId: String(id), detail: purpose)
            return Detail(stored: stored, accesses: try await RecordCopyRepository.accesses(id, on: tx),
                          protocols: try await ProtocolRepository.linked(recordCopyId: id, on: tx))
        }
    }

    public func create(_ input: RecordCopyRequest, by actor: AuditActor) async throws -> RecordCopyRequest {
        var request = input
        request.normalize()
        request.status = .requested
        let problems = request.validate(today: clock.today())
        if !problems.isEmpty { throw FaturaError.validation(problems) }
        let candidate = request
        let now = clock.timestamp()
        return try await database.transaction { tx in try await RecordCopyRepository.insert(candidate, at: now, by: actor, on: tx) }
    }

    /// What a step carries from the form.
    public enum Step: Sendable {
        /// SAME found the record and made the copy: its number of pages.
        case prepare(pages: Int)
        case approve
        /// Handed over: who signed the receipt and the document they showed.
        case deliver(receivedBy: String, document: String)
        case refuse(reason: String)

        var action: RecordCopyAction {
            switch self {
            case .prepare: .prepare
            case .approve: .approve
            case .deliver: .deliver
            case .refuse: .refuse
            }
        }
    }

    public func advance(_ id: Int, _ step: Step, companyId: Int, expectedVersion: Int, by actor: AuditActor) async throws -> RecordCopyRequest {
        let now = clock.timestamp()
        let today = clock.today()
        return try await database.transaction { tx in
            guard let stored = try await RecordCopyRepository.find(id, on: tx), stored.request.companyId == companyId else {
                throw FaturaError.notFound(entity: "pedido de cópia de prontuário")
            }
            var request = stored.request
            request.status = try stored.request.next(step.action)
            request.version = expectedVersion
            let detail: String
            switch step {
            case .prepare(let pages):
                guard (1...20_000).contains(pages) else { throw FaturaError.validation([FieldError("pages", "Informe o número de páginas da cópia (1 a 20.000).")]) }
                request.pages = pages
                request.preparedBy = actor.username
                request.preparedOn = today
                detail = "preparou a cópia (\(pages) páginas)"
            case .approve:
                request.approvedBy = actor.username
                request.approvedOn = today
                detail = "aprovou a entrega da cópia"
            case .deliver(let receivedBy, let document):
                let receivedBy = receivedBy.trimmingSpaces(), document = document.trimmingSpaces()
                var problems: [FieldError] = []
                if receivedBy.isEmpty || receivedBy.count > RecordCopyRequest.nameLimit { problems.append(FieldError("receivedBy", "Informe quem recebeu a cópia (até 120 caracteres).")) }
                if document.isEmpty || document.count > 60 { problems.append(FieldError("receivedDocument", "Informe o documento apresentado por quem recebeu (até 60 caracteres).")) }
                if !problems.isEmpty { throw FaturaError.validation(problems) }
                request.receivedBy = receivedBy
                request.receivedDocument = document
                request.deliveredOn = today
                detail = "entregou a cópia"
            case .refuse(let reason):
                let reason = reason.trimmingSpaces()
                if reason.isEmpty || reason.count > 2_000 { throw FaturaError.validation([FieldError("refusalReason", "Escreva o motivo da recusa (até 2.000 caracteres).")]) }
                request.refusalReason = reason
                detail = "recusou o pedido"
            }
            let saved = try await RecordCopyRepository.update(request, detail: detail, at: now, by: actor, on: tx)
            if case .deliver(let receivedBy, _) = step {
                // The protocol book names the request, never the patient (auditors read the book).
                _ = try await ProtocolRepository.insert(
                    ProtocolEntry(companyId: companyId, day: today, direction: .outgoing, counterpart: receivedBy.trimmingSpaces(),
                                  subject: "Cópia de prontuário — pedido \(id), \(request.pages ?? 0) páginas", recordCopyId: id),
                    at: now, by: actor, on: tx)
            }
            return saved
        }
    }

    /// Open requests and those past their deadline (the home page's counts; no access logged: no patient is shown).
    public func openCounts(companyId: Int) async throws -> (open: Int, overdue: Int) {
        let today = clock.today()
        let open = try await database.read { try await RecordCopyRepository.list(companyId: companyId, open: true, on: $0) }
        return (open.count, open.filter { $0.request.isOverdue(today: today) }.count)
    }
}
