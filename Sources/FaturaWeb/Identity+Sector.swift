import FaturaDomain

extension Identity {
    /// The one sector a sector user may see and act on; nil for billing, auditors and admins, who
    /// see every sector. A sector user without a sector sees none (-1 matches no sector).
    var confinedSectorId: Int? { role.isSectorBound ? (user.sectorId ?? -1) : nil }

    /// Refuses (403) a sector user reaching another sector's queue, document or non-conformity.
    func requireSector(_ sectorId: Int) throws {
        if let own = confinedSectorId, own != sectorId { throw FaturaError.forbidden }
    }
}
