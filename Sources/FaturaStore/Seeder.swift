import FaturaDomain

/// What every installation starts with: the default sectors, the exam groups of DOMAIN.md §3, the
/// catalogue of non-conformity types and a first administrator.
public struct Seeder: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// Adds the default sectors when there are none, and an `admin` user when there are no users.
    /// Returns the admin's password when it was generated here (so it can be printed once).
    public func ensureBaseline(adminPassword: String?) async throws -> String? {
        if try await store.sectors.list(ListQuery(active: nil, perPage: 1)).total == 0 {
            for sector in Sector.defaults {
                _ = try await store.sectors.create(sector, by: .system)
            }
        }
        try await store.examGroups.seedDefaults()
        if try await store.nonConformityTypes.list(ListQuery(active: nil, perPage: 1)).total == 0 {
            for type in NonConformityType.defaults {
                _ = try await store.nonConformityTypes.create(type, by: .system)
            }
        }
        guard try await store.users.count() == 0 else { return nil }
        let password = adminPassword ?? Secrets.randomPassword()
        _ = try await store.users.create(
            User(username: "admin", fullName: "Administrador", role: .admin), password: password, by: .system)
        return adminPassword == nil ? password : nil
    }
}
