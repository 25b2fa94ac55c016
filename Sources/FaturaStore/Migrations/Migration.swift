import SQLKit

/// One numbered step of the schema. Once landed, a migration is never edited: a change is a new number.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    /// The statements for each database; most are the same text, with the few DDL words from `DatabaseKind`.
    let statements: @Sendable (DatabaseKind) -> [String]
    /// A step that must read before it writes (SQLite's schema version), run after the statements.
    let body: (@Sendable (any SQLDatabase, DatabaseKind) async throws -> Void)?

    init(_ version: Int, _ name: String, statements: @escaping @Sendable (DatabaseKind) -> [String]) {
        self.version = version
        self.name = name
        self.statements = statements
        body = nil
    }

    init(_ version: Int, _ name: String, body: @escaping @Sendable (any SQLDatabase, DatabaseKind) async throws -> Void) {
        self.version = version
        self.name = name
        statements = { _ in [] }
        self.body = body
    }

    /// Every migration in order. Append only.
    public static let all: [Migration] = [
        .m001Foundation,
        .m002Pricing,
        .m003ExamRule,
        .m004NonConformities,
        .m005Hardening,
        .m006Worklist,
        .m007UnpricedItems,
        .m008Jobs,
        .m009ItemCorrections,
        .m010ProcedureTables,
        .m011PayerTerms,
        .m012Invoices,
        .m013ClaimItems,
        .m014Statements,
        .m015Payments,
        .m016GlosaRisk,
        .m017InvoiceMoney,
        .m018DataVersions,
        .m019ContractProposals,
        .m020Department,
        .m021Team,
    ]
}
