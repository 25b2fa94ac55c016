import Logging
import FaturaDomain

/// The repositories and queries over one `Database`: SQL, rows ↔ domain types, migrations, and no
/// business decisions (those are the services of FaturaBilling, which take a `Store`).
public struct Store: Sendable {
    public let database: Database
    public let companies: Registry<Company>
    public let payers: Registry<Payer>
    public let sectors: Registry<Sector>
    public let users: UserStore
    public let sessions: SessionStore
    public let tokens: TokenStore
    public let audit: AuditLog
    public let priceTables: Registry<PriceTable>
    public let importer: TableImporter
    public let valueTables: ValueTableStore
    public let contracts: ContractStore
    public let payerTerms: PayerTermsRepository
    public let examGroups: ExamGroupStore
    public let accounts: AccountQueries
    public let tableQueries: PriceTableQueries
    public let nonConformityTypes: Registry<NonConformityType>
    public let nonConformityQueries: NonConformityQueries
    public let recordReturns: RecordReturnQueries
    public let professionals: Registry<Professional>
    public let invoices: InvoiceRepository
    public let statements: StatementRepository
    public let paymentStatements: PaymentStatementRepository
    public let glosas: GlosaRepository
    public let appeals: AppealRepository
    public let statementMappings: StatementMappingRepository

    public init(database: Database, bcryptCost: UInt8 = 12) {
        self.database = database
        companies = Registry(database: database)
        payers = Registry(database: database)
        sectors = Registry(database: database)
        users = UserStore(database: database, bcryptCost: bcryptCost)
        sessions = SessionStore(database: database)
        tokens = TokenStore(database: database)
        audit = AuditLog(database: database)
        priceTables = Registry(database: database)
        importer = TableImporter(database: database)
        valueTables = ValueTableStore(database: database)
        contracts = ContractStore(database: database)
        payerTerms = PayerTermsRepository(database: database)
        examGroups = ExamGroupStore(database: database)
        accounts = AccountQueries(database: database)
        tableQueries = PriceTableQueries(database: database)
        nonConformityTypes = Registry(database: database)
        nonConformityQueries = NonConformityQueries(database: database)
        recordReturns = RecordReturnQueries(database: database)
        professionals = Registry(database: database)
        invoices = InvoiceRepository(database: database)
        statements = StatementRepository(database: database)
        paymentStatements = PaymentStatementRepository(database: database)
        glosas = GlosaRepository(database: database)
        appeals = AppealRepository(database: database)
        statementMappings = StatementMappingRepository(database: database)
    }

    /// Opens the database and brings its schema up to date.
    public static func open(_ location: DatabaseLocation, logger: Logger, bcryptCost: UInt8 = 12) async throws -> Store {
        let database = try await Database.open(location, logger: logger)
        do {
            try await Migrator(database: database).migrate()
        } catch {
            await database.shutdown()
            throw error
        }
        return Store(database: database, bcryptCost: bcryptCost)
    }

    /// Opens the database for the application: PostgreSQL's client is one of `database.services`
    /// (run by the ServiceGroup) and the schema is brought up to date by `migrate()` once it runs.
    public static func connect(_ location: DatabaseLocation, logger: Logger, bcryptCost: UInt8 = 12) async throws -> Store {
        Store(database: try await Database.open(location, logger: logger, clientAsService: true), bcryptCost: bcryptCost)
    }

    @discardableResult
    public func migrate() async throws -> [Int] { try await Migrator(database: database).migrate() }

    public func shutdown() async { await database.shutdown() }

    /// Whether the database answers (for `/health`).
    public func ping() async -> Bool {
        (try? await database.read { try await $0.raw("SELECT 1").run() }) != nil
    }
}
