import FaturaDomain

/// Reads the flat CSV form of an HIS document: one charge item per row, the encounter, patient and
/// partial repeated on each row (columns in the README). Rows are grouped back into a document.
public enum HISCSVReader {
    static let required = ["encounter_id", "company_cnpj", "type", "started_at", "patient_id", "patient_name", "partial_id",
                           "period_start", "period_end", "item_id", "kind", "table", "code", "description", "performed_at", "quantity"]

    public static func document(from source: some LineSource) async throws -> HISDocument {
        var columns: [String: Int] = [:]
        var delimiter: Character = ";"
        var errors: [FieldError] = []
        var encounters: [HISEncounter] = []
        var encounterIndex: [String: Int] = [:]
        var partialIndex: [String: (Int, Int)] = [:]
        try await source.forEachLine { number, line in
            if number == 1 {
                delimiter = CSVLine.delimiter(ofHeader: String(line))
                for (i, cell) in CSVLine.fields(line, delimiter: delimiter).enumerated() { columns[CSVLine.key(cell)] = i }
                let missing = required.filter { columns[$0] == nil }
                if !missing.isEmpty { errors.append(FieldError("linha 1", "Faltam as colunas: \(missing.joined(separator: ", ")).")) }
                return
            }
            guard errors.first?.field != "linha 1" else { return }
            let fields = CSVLine.fields(line, delimiter: delimiter)
            func cell(_ name: String) -> String {
                guard let i = columns[name], i < fields.count else { return "" }
                return fields[i].trimmingSpaces()
            }
            func optional(_ name: String) -> String? { cell(name).nilIfEmpty }
            guard let quantity = Quantity(parsing: cell("quantity")) else {
                errors.append(FieldError("linha \(number)", "quantidade inválida: '\(cell("quantity"))'."))
                return
            }
            let item = HISItem(externalId: cell("item_id"), kind: cell("kind"), table: cell("table"), code: cell("code"),
                               description: cell("description"), performedAt: cell("performed_at"), quantity: quantity,
                               executingProfessional: optional("executing_professional"))
            let encounterId = cell("encounter_id")
            if encounterIndex[encounterId] == nil {
                encounterIndex[encounterId] = encounters.count
                encounters.append(HISEncounter(
                    externalId: encounterId, companyCnpj: cell("company_cnpj"), payerAnsRegistry: optional("payer_ans"),
                    payerName: optional("payer_name"), type: cell("type"), originSector: optional("origin_sector"), startedAt: cell("started_at"),
                    authorizationNumber: optional("authorization_number"), authorizationPassword: optional("authorization_password"),
                    requestingProfessional: optional("requesting_professional"),
                    patient: HISPatient(externalId: cell("patient_id"), name: cell("patient_name"), birthDate: optional("patient_birth_date"),
                                        cpf: optional("patient_cpf"), cardNumber: optional("card_number"), cardValidUntil: optional("card_valid_until"),
                                        medicalRecordNumber: optional("medical_record")),
                    partials: []))
            }
            let e = encounterIndex[encounterId] ?? 0
            let partialId = cell("partial_id")
            if let (pe, pp) = partialIndex[partialId] {
                encounters[pe].partials[pp].items.append(item)
            } else {
                partialIndex[partialId] = (e, encounters[e].partials.count)
                encounters[e].partials.append(HISPartial(externalId: partialId, accountExternalId: optional("account_id"),
                                                         periodStart: cell("period_start"), periodEnd: cell("period_end"), items: [item]))
            }
        }
        if columns.isEmpty { errors.append(FieldError("arquivo", "Arquivo vazio: falta a linha de cabeçalho.")) }
        if !errors.isEmpty { throw FaturaError.validation(errors) }
        return HISDocument(encounters: encounters)
    }
}
