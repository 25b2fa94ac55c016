import FaturaBilling
import FaturaDomain

// API DTOs are generated from openapi.yaml and kept apart from domain types; these are the only
// conversions between them. Enums map by raw value, which both sides take from DOMAIN.md.

extension Components.Schemas.Company {
    init(_ c: Company) { self.init(id: c.id ?? 0, name: c.name, cnpj: c.cnpj, cnes: c.cnes, active: c.active) }
}

extension Company {
    init(_ dto: Components.Schemas.CompanyInput) { self.init(name: dto.name, cnpj: dto.cnpj, cnes: dto.cnes) }
}

extension Components.Schemas.Payer {
    init(_ p: Payer) {
        self.init(id: p.id ?? 0, name: p.name, ansRegistry: p.ansRegistry,
                  billingStandard: .init(rawValue: p.billingStandard.rawValue) ?? .convenio,
                  tissVersion: .init(rawValue: p.tissVersion.rawValue) ?? ._4_03_00,
                  tissHashEncoding: .init(rawValue: p.tissHashEncoding.rawValue) ?? .iso88591,
                  contactName: p.contactName, contactEmail: p.contactEmail, contactPhone: p.contactPhone,
                  requiresAuthorization: p.requiresAuthorization, active: p.active)
    }
}

extension Payer {
    init(_ dto: Components.Schemas.PayerInput) {
        self.init(name: dto.name, ansRegistry: dto.ansRegistry,
                  billingStandard: BillingStandard(rawValue: dto.billingStandard.rawValue) ?? .convenio,
                  tissVersion: dto.tissVersion.flatMap { TISSVersion(rawValue: $0.rawValue) } ?? .current,
                  tissHashEncoding: dto.tissHashEncoding.flatMap { TISSHashEncoding(rawValue: $0.rawValue) } ?? .iso88591,
                  contactName: dto.contactName, contactEmail: dto.contactEmail, contactPhone: dto.contactPhone,
                  requiresAuthorization: dto.requiresAuthorization ?? false)
    }
}

extension Components.Schemas.Sector {
    init(_ s: Sector) {
        self.init(id: s.id ?? 0, code: s.code, name: s.name, kind: .init(rawValue: s.kind.rawValue) ?? .care, active: s.active)
    }
}

extension Sector {
    init(_ dto: Components.Schemas.SectorInput) {
        self.init(code: dto.code, name: dto.name, kind: SectorKind(rawValue: dto.kind.rawValue) ?? .care)
    }
}

extension Components.Schemas.User {
    init(_ u: User) {
        self.init(id: u.id ?? 0, username: u.username, fullName: u.fullName, email: u.email,
                  role: .init(rawValue: u.role.rawValue) ?? .biller, sectorId: u.sectorId, active: u.active)
    }
}

extension User {
    init(_ dto: Components.Schemas.UserInput) {
        self.init(username: dto.username, fullName: dto.fullName, email: dto.email,
                  role: Role(rawValue: dto.role.rawValue) ?? .biller, sectorId: dto.sectorId)
    }
}
