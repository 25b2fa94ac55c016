import FaturaStore
import Logging

/// Everything `buildApplication` needs; `fatura serve` fills it from flags and the environment,
/// the tests from a temporary database.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseLocation
    /// Load the demo data set (two companies, eight payers, users of each role) when the database is empty.
    public var demo: Bool
    /// The first admin's password; nil generates one and logs it once.
    public var adminPassword: String?
    /// Bcrypt cost: 12 in production, 4 in tests so a login takes milliseconds.
    public var bcryptCost: UInt8
    /// Mark cookies `Secure` (HTTPS only). Turn off only for plain-HTTP use on a trusted machine.
    public var secureCookies: Bool
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// Largest body for imports (price tables, HIS documents), which are files.
    public var importMaxBodyBytes: Int
    public var logLevel: Logger.Level
    /// When set, `/metrics` answers only `Authorization: Bearer <token>` (401 otherwise); when nil it
    /// is open, for a Prometheus on a trusted network or on the same machine.
    public var metricsToken: String?
    /// The hospital's clock (time zone and now); tests stop it on a day.
    public var clock: HospitalClock
    /// Keep the map's and indicators' page models while the data has not changed (`PageCache`);
    /// off only to measure building them (`fatura bench map --cold`).
    public var pageCache: Bool

    public init(
        host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .sqlite(path: "data/fatura.sqlite"),
        demo: Bool = false, adminPassword: String? = nil, bcryptCost: UInt8 = 12, secureCookies: Bool = true,
        maxBodyBytes: Int = 2 * 1024 * 1024, importMaxBodyBytes: Int = 64 * 1024 * 1024, logLevel: Logger.Level = .info,
        metricsToken: String? = nil, clock: HospitalClock = .system, pageCache: Bool = true
    ) {
        self.pageCache = pageCache
        self.clock = clock
        self.metricsToken = metricsToken
        self.host = host
        self.port = port
        self.database = database
        self.demo = demo
        self.adminPassword = adminPassword
        self.bcryptCost = bcryptCost
        self.secureCookies = secureCookies
        self.maxBodyBytes = maxBodyBytes
        self.importMaxBodyBytes = importMaxBodyBytes
        self.logLevel = logLevel
    }
}
