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
    case viewManagement
    /// The board's decision on a contract proposal (approve, reject, counter-propose).
    case decideProposals

    static let matrix: [Role: Set<Permission>] = {
        let billing: Set<Permission> = [.useApplication, .viewRegistries, .viewContracts, .viewAccounts, .editAccounts,
                                        .manageNonConformities, .viewSectorQueue, .viewInvoices, .manageInvoices, .viewGlosas, .manageGlosas, .viewTrackingMap]
        return [
            .admin: Set(Permission.allCases),
            .supervisor: billing.union([.giveGlosaOpinion, .manageRegistries, .manageContracts, .viewUsers, .viewAuditLog, .viewManagement, .reopenPartials]),
            .biller: billing,
            .auditor: [.useApplication, .viewRegistries, .viewAccounts, .viewSectorQueue, .viewInvoices, .viewGlosas, .giveGlosaOpinion],
            .board: [.useApplication, .viewRegistries, .viewContracts, .viewTrackingMap, .viewManagement, .decideProposals],
            // Only their own queue: no prices, contracts, invoices (the handlers check the sector).
            .sector: [.useApplication, .viewSectorQueue, .correctNonConformities],
        ]
    }()
}
