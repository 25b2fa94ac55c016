import FaturaDomain
import FaturaStore

/// What a registry (companies, payers, sectors, users) tells the generic `RegistryPages`:
/// its paths and titles, its list columns, its form fields and how to read the form.
protocol RegistryPageAdapter: Sendable {
    associatedtype Record: RegistryRecord

    var path: String { get }
    var section: String { get }
    var pluralTitle: String { get }
    var newTitle: String { get }
    var editTitle: String { get }
    var viewPermission: Permission { get }
    var managePermission: Permission { get }
    var columns: [String] { get }

    func registry(_ store: Store) -> Registry<Record>
    func cells(_ record: Record) -> [String]
    /// The list's rows; a registry whose cells need other records (a sector's name for its code) reads them here.
    func rows(_ records: [Record], request: PageRequest) async throws -> [[String]]
    /// The form fields filled from `record` (nil for a new record).
    func fields(_ record: Record?, request: PageRequest) async throws -> [FormField]
    /// A record from the submitted form, before normalisation and validation (the store does those).
    func record(from form: FormData) -> Record
    func create(_ record: Record, request: PageRequest) async throws -> Record
    /// An optional block under the edit form (the user page's password reset).
    func extraFormSection(_ record: Record) -> RegistryFormModel.Extra?
    /// After this page wrote a record (created, saved, (de)activated): caches over the registry drop it.
    func didChange(_ request: PageRequest) async
    /// A last check before (de)activating; the user registry refuses deactivating oneself.
    func checkSetActive(_ id: Int, active: Bool, request: PageRequest) throws
}

extension RegistryPageAdapter {
    func rows(_ records: [Record], request: PageRequest) async throws -> [[String]] { records.map(cells) }

    func checkSetActive(_ id: Int, active: Bool, request: PageRequest) throws {}

    func create(_ record: Record, request: PageRequest) async throws -> Record {
        try await registry(request.store).create(record, by: request.actor)
    }
}
