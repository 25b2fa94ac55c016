import FaturaDomain
import FaturaStore
import Foundation

/// A realistic small data set so every screen shows something (`fatura serve --demo`).
/// Loaded once: when the database already has companies it does nothing.
public struct DemoData: Sendable {
    let billing: Billing
    var store: Store { billing.store }
    /// The password of every demo user; printed in the README and the log.
    public static let password = "demo1234"

    public init(billing: Billing) { self.billing = billing }

    public static let companies = [
        Company(name: "Hospital São Lucas", cnpj: "11222333000181", cnes: "2077485"),
        Company(name: "Hospital São Lucas — Unidade Norte", cnpj: "11444777000161", cnes: "7654321"),
    ]

    public static let payers = [
        Payer(name: "Vida Plena Saúde", ansRegistry: "123455", contactName: "Central de Credenciamento",
              contactEmail: "credenciamento@vidaplena.example", contactPhone: "(11) 4002-1000"),
        Payer(name: "Unimed Vale do Sol", ansRegistry: "334567", tissVersion: .v4_02_00,
              contactEmail: "faturamento@unimedvale.example"),
        Payer(name: "Bem Estar Assistência Médica", ansRegistry: "417890", tissHashEncoding: .utf8),
        Payer(name: "Caixa de Assistência dos Servidores", ansRegistry: "302211", tissVersion: .v4_01_00),
        Payer(name: "Saúde Total Seguradora", ansRegistry: "005711"),
        Payer(name: "Odonto & Med Cooperativa", ansRegistry: "356123", active: true),
        Payer(name: "SUS", ansRegistry: nil, billingStandard: .sus),
        Payer(name: "Particular", ansRegistry: nil, billingStandard: .particular),
    ]

    /// The day the demo's encounters and non-conformities are dated from: the hospital's today.
    var today: CalendarDay { billing.clock.today() }

    /// Returns false when the data was already there.
    @discardableResult
    public func load() async throws -> Bool {
        guard try await store.companies.list(ListQuery(active: nil, perPage: 1)).total == 0 else { return false }
        for company in Self.companies { _ = try await store.companies.create(company, by: .system) }
        for payer in Self.payers { _ = try await store.payers.create(payer, by: .system) }
        let sectors = try await store.sectors.all()
        let imaging = sectors.first { $0.code == "imagem" }?.id
        let attendance = sectors.first { $0.code == "atendimento" }?.id
        let archive = sectors.first { $0.code == "arquivo" }?.id
        let people: [User] = [
            User(username: "supervisor", fullName: "Márcio Rogério de Sales", email: "marcio@saolucas.example", role: .supervisor),
            User(username: "faturista", fullName: "Ana Paula Ribeiro", role: .biller),
            User(username: "faturista2", fullName: "Carlos Eduardo Nunes", role: .biller),
            User(username: "auditor", fullName: "Dra. Helena Prado", role: .auditor),
            User(username: "diretoria", fullName: "Marcelo Lopes Fagundes", role: .board),
            User(username: "imagem", fullName: "Setor de Imagem", role: .sector, sectorId: imaging),
            User(username: "atendimento", fullName: "Recepção Central", role: .sector, sectorId: attendance),
            User(username: "arquivo", fullName: "Rosa Maria Teixeira (SAME)", role: .records, sectorId: archive),
        ]
        for person in people where try await store.users.find(username: person.username) == nil {
            _ = try await store.users.create(person, password: Self.password, by: .system)
        }
        try await loadPricing()
        try await loadPayerTerms()
        try await loadNonConformities()
        try await loadInvoices()
        try await loadProposal()
        try await loadDepartment()
        try await loadTeam()
        return true
    }
}
