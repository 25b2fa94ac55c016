import FaturaDomain
import FaturaStore
import Foundation

/// TUSS table 38 by code, read once from the reference folder: what each glosa's code means and,
/// when the table has it, what to check before appealing. Without the reference data a glosa
/// shows its code alone.
public final class GlosaReasonBook: @unchecked Sendable {
    private let reasons: [String: GlosaReason]

    public init(folder: URL? = ReferenceData.directory()) {
        let list = folder.flatMap { try? ReferenceData.glosaReasons(in: $0) } ?? []
        reasons = Dictionary(list.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public static let shared = GlosaReasonBook()

    public func reason(_ code: String) -> GlosaReason? { reasons[code] }

    /// "1705 · Valor apresentado a maior", or the code alone.
    public func label(_ code: String) -> String {
        reasons[code].map { "\(code) · \($0.description)" } ?? code
    }
}
