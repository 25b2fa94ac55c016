/// What a route needs. Every page and API operation declares one; the matrix below is the only
/// place that says which role has it, so a change of policy is one line here.
public enum Permission: String, CaseIterable, Sendable {
    /// Home page, own profile, own API tokens, choosing the current company.
    case useApplication
    /// Read companies, payers and sectors.
    case viewRegistries
    /// Create, edit and deactivate companies, payers and sectors.
    case manageRegistries
    case viewUsers
    case manageUsers
    case viewAuditLog
    /// Contracts, price tables and billing codings: read, and change.
    case viewContracts
    case manageContracts
    /// Partials and their items: read (patient data, logged), and re-price / import from the HIS.
    case viewAccounts
    case editAccounts
    /// Register non-conformities, check sectors' corrections, issue record-return documents.
    case manageNonConformities
    /// See a sector's queue of returned records. A sector user sees only their own sector's.
    case viewSectorQueue
    /// Mark a non-conformity of one's own sector as corrected.
    case correctNonConformities
    /// Reopen a closed partial (with a written reason).
    case reopenPartials
    /// Modules to come; declared now so the navigation and routes are guarded from the start.
    case viewInvoices
    /// Create, fill, close, reopen and send invoices.
    case manageInvoices
    case viewGlosas
    /// Import statements, match their lines, assign, accept and appeal glosas, record answers.
    case manageGlosas
    /// The audit sector's opinion on technical glosas.
    case giveGlosaOpinion
    case viewTrackingMap
    /// The *Gestão* hub: every role opens it and sees the cards its other permissions allow.
    case viewManagement
    /// The board's decision on a contract proposal (approve, reject, counter-propose).
    case decideProposals
    /// Payers' notices: read (a sector user, their own sector's) and acknowledge; register and distribute.
    case viewNotices
    case manageNotices
    /// Record-copy requests (patient data, every access logged): see and register; SAME prepares;
    /// the supervisor approves the copy before it leaves.
    case viewRecordCopies
    case prepareRecordCopies
    case approveRecordCopies
    /// The department's protocol book.
    case viewProtocolBook
    case manageProtocolBook
    /// The team: staff, trainings, meetings, guidelines and the computed performance; changing them;
    /// the periodic evaluations (supervisor and admin only); passing on the board's guidelines.
    case viewTeam
    case manageTeam
    case evaluateTeam
    case issueGuidelines

    static let matrix: [Role: Set<Permission>] = {
        let billing: Set<Permission> = [.useApplication, .viewRegistries, .viewContracts, .viewAccounts, .editAccounts,
                                        .manageNonConformities, .viewSectorQueue, .viewInvoices, .manageInvoices, .viewGlosas, .manageGlosas, .viewTrackingMap,
                                        .viewNotices, .manageNotices, .viewProtocolBook, .manageProtocolBook, .viewTeam, .viewManagement]
        return [
            .admin: Set(Permission.allCases),
            .supervisor: billing.union([.giveGlosaOpinion, .manageRegistries, .manageContracts, .viewUsers, .viewAuditLog, .viewManagement, .reopenPartials,
                                             .viewRecordCopies, .prepareRecordCopies, .approveRecordCopies, .manageTeam, .evaluateTeam, .issueGuidelines]),
            .biller: billing,
            .auditor: [.useApplication, .viewRegistries, .viewAccounts, .viewSectorQueue, .viewInvoices, .viewGlosas, .giveGlosaOpinion, .viewProtocolBook, .viewManagement],
            .board: [.useApplication, .viewRegistries, .viewContracts, .viewTrackingMap, .viewManagement, .decideProposals, .viewTeam, .issueGuidelines],
            // Only their own queue: no prices, contracts, invoices (the handlers check the sector).
            .sector: [.useApplication, .viewSectorQueue, .correctNonConformities, .viewNotices, .viewManagement],
            // SAME: its own sector's queue and notices, and the record copies it prepares.
            .records: [.useApplication, .viewSectorQueue, .correctNonConformities, .viewNotices, .viewRecordCopies, .prepareRecordCopies, .viewManagement],
        ]
    }()
}
