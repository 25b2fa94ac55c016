@testable import FaturaBilling
import FaturaDomain
import FaturaStore

/// The pricing world plus what every installation has (sectors, the catalogue of non-conformity
/// types), and partials that arrive from Imagem with an authorisation number.
struct NonConformityFixture {
    let base: PricingFixture
    var store: Store { base.store }
    var sectors: [String: Int] = [:]
    var types: [String: Int] = [:]

    static let ana = AuditActor(userId: nil, username: "ana.faturista")
    static let imagem = AuditActor(userId: nil, username: "rui.imagem")

    static func make(_ store: Store) async throws -> NonConformityFixture {
        var f = NonConformityFixture(base: try await PricingFixture.make(store))
        _ = try await Seeder(store: store).ensureBaseline(adminPassword: "segredo-de-teste")
        for sector in try await store.sectors.list(ListQuery(active: nil, perPage: 200)).items { f.sectors[sector.code] = sector.id }
        for type in try await store.nonConformityTypes.list(ListQuery(active: nil, perPage: 200)).items { f.types[type.code] = type.id }
        return f
    }

    /// A partial with the given items from the Imagem sector; returns its id.
    func partial(_ externalId: String, items: [HISItem], authorization: String? = "AUT-778899") async throws -> ID<PartialBill> {
        var document = base.document(encounter: "ATD-\(externalId)", partial: externalId, items: items)
        document.encounters[0].originSector = "imagem"
        document.encounters[0].authorizationNumber = authorization
        _ = try await store.billing.his.ingest(document, by: .system)
        return try await store.accounts.partials(.init(companyId: base.companyId, perPage: 200)).items.first { $0.externalId == externalId }?.id ?? 0
    }

    /// A clean partial: one priced procedure (not an exam), authorised.
    func cleanPartial(_ externalId: String) async throws -> ID<PartialBill> {
        try await partial(externalId, items: [PricingFixture.item("\(externalId)-1")])
    }
}
