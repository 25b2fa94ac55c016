import FaturaDomain
import Testing

/// The HIS document is parsed once at the edge into typed values.
@Suite struct HISCommandTests {
    let item = HISItem(externalId: "I-1", kind: "exam", table: "cbhpm", code: " 41001010 ", description: " TC – Crânio ",
                       performedAt: "2026-11-10T08:10", quantity: Quantity(2), executingProfessional: "  ")

    func document(_ items: [HISItem]) -> HISDocument {
        HISDocument(encounters: [HISEncounter(
            externalId: "ATD-1", companyCnpj: "11.222.333/0001-81", payerAnsRegistry: " 123455 ", type: "sadt", originSector: "",
            startedAt: "2026-11-10T07:30",
            patient: HISPatient(externalId: "PAC-1", name: " Maria ", birthDate: "1962-03-14", cpf: "529.982.247-25", cardNumber: ""),
            partials: [HISPartial(externalId: "P-1", periodStart: "2026-11-10", periodEnd: "2026-11-12", items: items)])])
    }

    @Test func typedValuesTrimmedTextsAndDigits() throws {
        let command = try document([item]).command()
        let encounter = try #require(command.encounters.first)
        #expect(encounter.companyCnpj == "11222333000181")
        #expect(encounter.payerAnsRegistry == "123455")
        #expect(encounter.type == .sadt)
        #expect(encounter.originSector == nil)
        #expect(encounter.startedAt == LocalDateTime(iso: "2026-11-10T07:30"))
        #expect(encounter.patient.name == "Maria" && encounter.patient.cpf == "52998224725" && encounter.patient.cardNumber == nil)
        #expect(encounter.patient.birthDate == CalendarDay(iso: "1962-03-14"))
        let partial = try #require(encounter.partials.first)
        // No account id from the HIS: the encounter's own.
        #expect(partial.accountExternalId == "ATD-1")
        #expect(partial.periodStart == CalendarDay(iso: "2026-11-10") && partial.periodEnd == CalendarDay(iso: "2026-11-12"))
        let line = try #require(partial.items.first)
        #expect(line.kind == .exam && line.table == .cbhpm && line.code == "41001010" && line.description == "TC – Crânio")
        #expect(line.quantity == Quantity(2) && line.executingProfessional == nil)
    }

    @Test func anInvalidDocumentIsRefusedWithEveryPlace() {
        var bad = item
        bad.kind = "surgery"
        bad.performedAt = "10/11/2026"
        #expect(throws: FaturaError.validation([
            FieldError("encounters[0].partials[0].items[0].kind", "Tipo de lançamento desconhecido: 'surgery' (\(ChargeItemKind.allCases.map(\.rawValue).joined(separator: ", ")))."),
            FieldError("encounters[0].partials[0].items[0].performedAt", "Data e hora inválidas: '10/11/2026' (aaaa-mm-ddThh:mm)."),
        ])) { try document([bad]).command() }
    }
}
