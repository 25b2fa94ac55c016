/// A bearer token for the JSON API, as listed (the secret itself is shown once, at creation).
public struct APIToken: Sendable, Codable, Equatable {
    public var id: Int
    public var userId: Int
    public var name: String
    /// The first characters of the token, so a user can tell tokens apart.
    public var prefix: String
    public var createdAt: String
    public var lastUsedAt: String?
    public var revokedAt: String?

    public var isRevoked: Bool { revokedAt != nil }
}
