import FaturaDomain
import FaturaStore
import FaturaTISS
import Foundation

/// The official schemas, compiled once per version on first use and shared (a compiled schema is
/// read-only). They come from the reference folder (`../shared` or `FATURA_REFERENCE_DATA`).
public final class TISSSchemas: @unchecked Sendable {
    private let lock = NSLock()
    private var compiled: [TISSVersion: TISSSchema] = [:]
    private let folder: URL?

    public init(folder: URL? = ReferenceData.directory()) { self.folder = folder }

    public static let shared = TISSSchemas()

    public func schema(_ version: TISSVersion) throws(FaturaError) -> TISSSchema {
        lock.lock()
        defer { lock.unlock() }
        if let schema = compiled[version] { return schema }
        guard let folder, let schema = try? TISSSchema(version: version.rawValue, in: folder) else { throw .tissSchemaMissing(version.rawValue) }
        compiled[version] = schema
        return schema
    }
}
