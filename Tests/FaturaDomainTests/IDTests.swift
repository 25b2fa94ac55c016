import FaturaDomain
import Foundation
import Testing

/// Typed ids are stored and sent as the plain integer.
@Suite struct IDTests {
    @Test func encodesAsThePlainInteger() throws {
        let item = ChargeItem(id: 42, externalId: "I-1", partialId: 7, kind: .exam, priceTable: .cbhpm, code: "41001010", description: "TC",
                              performedAt: LocalDateTime(iso: "2026-11-10T08:00")!, quantity: .one)
        #expect(String(decoding: try JSONEncoder().encode(item.partialId), as: UTF8.self) == "7")
        #expect(try JSONDecoder().decode(ID<PartialBill>.self, from: Data("7".utf8)) == item.partialId)
        #expect(String(item.id!) == "42")
        #expect(ID<ChargeItem>(3) < ID<ChargeItem>(42))
    }
}
