import FaturaDomain
import Testing

@Suite struct NonConformityTypeTests {
    @Test func defaultsAreValidUniqueAndPointAtRealSectors() {
        let codes = NonConformityType.defaults.map(\.code)
        #expect(codes.count == 10)
        #expect(Set(codes).count == codes.count)
        #expect(NonConformityType.defaults.allSatisfy { $0.validate().isEmpty })
        let sectorCodes = Set(Sector.defaults.map(\.code))
        #expect(NonConformityType.defaults.compactMap(\.defaultSectorCode).allSatisfy { sectorCodes.contains($0) })
    }

    /// Found on Thursday 19/11/2026 with 3 business days: Fri 20 holiday → Mon 23, Tue 24, Wed 25.
    @Test func deadlineCountsBusinessDays() {
        let missingAuthorisation = NonConformityType.defaults[1]
        #expect(missingAuthorisation.deadline(from: CalendarDay(iso: "2026-11-19")!) == CalendarDay(iso: "2026-11-25"))
    }
}
