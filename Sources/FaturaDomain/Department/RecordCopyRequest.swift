/// A request for a copy of an archived medical record (*solicitação de cópia de prontuário*):
/// who asks and on what grounds, which records, the legal deadline; the archive (SAME) locates and
/// prepares the copy, the billing supervisor approves it, and it is delivered against a signed
/// receipt. Patient data: every access is logged (LGPD), and only the supervisor and SAME see it.
public struct RecordCopyRequest: Sendable, Equatable, Codable {
    public var id: Int?
    public var companyId: Int
    public var requestedOn: CalendarDay
    public var requesterName: String
    public var relation: RequesterRelation
    /// The document shown (kind and number: "RG 12.345.678-9"), checked by who registered it.
    public var requesterDocument: String
    public var documentChecked: Bool
    public var patientName: String
    public var medicalRecordNumber: String?
    /// The encounters and dates asked for, as the requester put them.
    public var records: String
    public var purpose: String
    public var dueOn: CalendarDay
    public var status: RecordCopyStatus
    public var pages: Int?
    public var preparedBy: String?
    public var preparedOn: CalendarDay?
    public var approvedBy: String?
    public var approvedOn: CalendarDay?
    public var deliveredOn: CalendarDay?
    /// Who signed the receipt (the requester or their attorney) and the document they showed.
    public var receivedBy: String?
    public var receivedDocument: String?
    public var refusalReason: String?
    public var version: Int

    public init(id: Int? = nil, companyId: Int, requestedOn: CalendarDay, requesterName: String, relation: RequesterRelation,
                requesterDocument: String, documentChecked: Bool, patientName: String, medicalRecordNumber: String? = nil,
                records: String, purpose: String, dueOn: CalendarDay? = nil, status: RecordCopyStatus = .requested, version: Int = 1) {
        self.id = id
        self.companyId = companyId
        self.requestedOn = requestedOn
        self.requesterName = requesterName
        self.relation = relation
        self.requesterDocument = requesterDocument
        self.documentChecked = documentChecked
        self.patientName = patientName
        self.medicalRecordNumber = medicalRecordNumber
        self.records = records
        self.purpose = purpose
        self.dueOn = dueOn ?? Self.legalDue(requestedOn)
        self.status = status
        self.version = version
    }

    /// LGPD art. 19, II: the data subject's access is answered within 15 days of the request.
    public static let legalDays = 15
    public static func legalDue(_ requestedOn: CalendarDay) -> CalendarDay { requestedOn.adding(days: legalDays) }
    public static let nameLimit = 120
    public static let textLimit = 4_000

    public mutating func normalize() {
        requesterName = requesterName.trimmingSpaces()
        requesterDocument = requesterDocument.trimmingSpaces()
        patientName = patientName.trimmingSpaces()
        medicalRecordNumber = medicalRecordNumber?.trimmingSpaces().nilIfEmpty
        records = records.trimmingSpaces()
        purpose = purpose.trimmingSpaces()
    }

    public func validate(today: CalendarDay) -> [FieldError] {
        var errors = FieldErrors()
        func text(_ field: String, _ value: String, _ label: String, limit: Int) {
            if value.isEmpty { errors.add(field, "\(label) é obrigatório.") }
            if value.count > limit { errors.add(field, "\(label) com mais de \(BrazilianFormat.integer(limit)) caracteres.") }
        }
        text("requesterName", requesterName, "Nome do solicitante", limit: Self.nameLimit)
        text("requesterDocument", requesterDocument, "Documento do solicitante", limit: 60)
        text("patientName", patientName, "Nome do paciente", limit: Self.nameLimit)
        text("records", records, "Atendimentos e datas pedidos", limit: Self.textLimit)
        text("purpose", purpose, "Finalidade", limit: Self.textLimit)
        if (medicalRecordNumber?.count ?? 0) > 30 { errors.add("medicalRecordNumber", "Número do prontuário com mais de 30 caracteres.") }
        if !documentChecked { errors.add("documentChecked", "Confira o documento do solicitante antes de registrar o pedido.") }
        if requestedOn > today { errors.add("requestedOn", "A data do pedido não pode estar no futuro.") }
        if requestedOn < today.adding(days: -366) { errors.add("requestedOn", "A data do pedido está mais de um ano no passado.") }
        if dueOn < requestedOn { errors.add("dueOn", "O prazo não pode ser anterior ao pedido.") }
        if dueOn > Self.legalDue(requestedOn) { errors.add("dueOn", "O prazo legal é de até \(Self.legalDays) dias do pedido (LGPD, art. 19): \(BrazilianFormat.date(Self.legalDue(requestedOn))).") }
        return errors.all
    }

    /// Open past its deadline.
    public func isOverdue(today: CalendarDay) -> Bool { status.isOpen && today > dueOn }

    /// The next state for `action`, or why not. SAME prepares; the supervisor approves what SAME
    /// prepared; only an approved copy is delivered; an open request may be refused with a reason.
    public func next(_ action: RecordCopyAction) throws(FaturaError) -> RecordCopyStatus {
        switch (status, action) {
        case (.requested, .prepare): return .prepared
        case (.prepared, .approve): return .approved
        case (.approved, .deliver): return .delivered
        case (.requested, .refuse), (.prepared, .refuse), (.approved, .refuse): return .refused
        default: throw .recordCopyRefused("O pedido está \(status.label.lowercased()): não é possível \(action.label).")
        }
    }
}

public enum RequesterRelation: String, Sendable, CaseIterable, Codable {
    case patient, guardian, heir, attorney, court, other

    public var label: String {
        switch self {
        case .patient: "O próprio paciente"
        case .guardian: "Responsável legal"
        case .heir: "Cônjuge ou herdeiro (paciente falecido)"
        case .attorney: "Procurador com procuração"
        case .court: "Requisição judicial"
        case .other: "Outro (justificar na finalidade)"
        }
    }
}

public enum RecordCopyStatus: String, Sendable, CaseIterable, Codable {
    case requested, prepared, approved, delivered, refused

    public var label: String {
        switch self {
        case .requested: "Solicitado"
        case .prepared: "Preparado pelo SAME"
        case .approved: "Aprovado"
        case .delivered: "Entregue"
        case .refused: "Recusado"
        }
    }

    public var isOpen: Bool { [.requested, .prepared, .approved].contains(self) }
}

public enum RecordCopyAction: String, Sendable, CaseIterable, Codable {
    case prepare, approve, deliver, refuse

    public var label: String {
        switch self {
        case .prepare: "prepará-lo"
        case .approve: "aprová-lo"
        case .deliver: "entregá-lo"
        case .refuse: "recusá-lo"
        }
    }
}

/// One access to a record-copy request (LGPD): who, when, what they did.
public struct RecordCopyAccess: Sendable, Equatable, Codable {
    public var requestId: Int
    public var username: String
    public var at: String
    public var action: String

    public init(requestId: Int, username: String, at: String, action: String) {
        self.requestId = requestId
        self.username = username
        self.at = at
        self.action = action
    }
}
