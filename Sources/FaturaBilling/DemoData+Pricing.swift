import Foundation
import FaturaDomain
import FaturaStore

/// Price tables, contracts and a few encounters for the demo, so the pricing screens have work
/// on them. The CBHPM edition comes from `../shared` when it is there (read, never copied);
/// otherwise a handful of procedures stand in for it.
extension DemoData {
    static let fallbackProcedures: [ProcedureEntry] = [
        ("41001010", "TC – Crânio ou sela túrcica ou órbitas", "3B", "19,1", "1"),
        ("41001095", "TC – Abdome total (abdome superior, pelve e retroperitônio)", "3C", "37,45", "2,5"),
        ("41001109", "TC – Abdome superior", "3B", "22,38", "1,5"),
        ("41101014", "RM – Crânio (encéfalo)", "3C", "47,24", "4"),
        ("40901122", "US – Abdome total", "3A", "5,85", "0,68"),
        ("40901114", "US – Mamas", "2B", "3,42", "0,34"),
        ("10101012", "Consulta em horário normal ou preestabelecido", "2B", "0", "0"),
        ("10101039", "Consulta em pronto-socorro", "2C", "0", "0"),
        ("40304361", "Hemograma com contagem de plaquetas", "1A", "0,87", "0"),
        ("40302040", "Glicose", "1A", "0,387", "0"),
    ].map { ProcedureEntry(code: $0.0, description: $0.1, porte: Porte($0.2), uco: Quantity(parsing: $0.3) ?? .zero, film: Quantity(parsing: $0.4) ?? .zero) }

    /// Round demonstration values for the portes of the stand-in procedures, used only when `../shared`
    /// is absent; the series is then named "Valores de demonstração", never passed off as CBHPM.
    static let fallbackPorteValues: [Porte: Money] = [("1A", 2_700), ("2B", 10_000), ("2C", 12_000), ("3A", 15_000), ("3B", 18_000), ("3C", 21_000)]
        .reduce(into: [:]) { values, pair in if let porte = Porte(pair.0) { values[porte] = Money(cents: Int64(pair.1)) } }

    func loadPricing() async throws {
        guard try await store.priceTables.list(ListQuery(active: nil, perPage: 1)).total == 0 else { return }
        let reference = ReferenceData.directory()
        let procedures = (try? reference.map { try ReferenceData.cbhpm2022Procedures(in: $0) }) ?? nil
        let porteValues = (try? reference.map { try ReferenceData.cbhpmPorteValues(edition: "11a edicao 2022", in: $0) }) ?? nil

        let cbhpm = try await store.priceTables.create(PriceTable(kind: .cbhpm, name: "CBHPM 2022 (11ª edição)", edition: "2022"), by: .system)
        try await importRows(header: "codigo;descricao;porte;uco;filme;auxiliares;porte_anestesico",
                             rows: (procedures ?? Self.fallbackProcedures).map {
                                 "\($0.code);\($0.description.replacingOccurrences(of: ";", with: ","));\($0.porte?.description ?? "");\($0.uco);\($0.film);\($0.auxiliaries);\($0.anaestheticPorte)"
                             }, into: cbhpm)
        let amb = try await store.priceTables.create(PriceTable(kind: .amb, name: "AMB 92", edition: "92"), by: .system)
        try await importRows(header: "codigo;descricao;ch;filme", rows: [
            "41001010;TC – Crânio;600;1", "41101014;RM – Crânio;1200;4", "40901122;US – Abdome total;280;0,68",
            "10101012;Consulta;100;0", "40304361;Hemograma;25;0",
        ], into: amb)
        let own = try await store.priceTables.create(PriceTable(kind: .own, name: "Pacotes São Lucas"), by: .system)
        try await importRows(header: "codigo;descricao;valor;inicio_vigencia;fim_vigencia", rows: [
            "PCT0001;Pacote parto normal;4.500,00;01/01/2026;", "PCT0002;Pacote colecistectomia videolaparoscópica;9.800,00;01/01/2026;",
            "90000001;Taxa de sala de observação;85,00;01/01/2026;",
        ], into: own)
        let drugs = try await store.priceTables.create(PriceTable(kind: .drug, name: "Brasíndice (demonstração)"), by: .system)
        try await importRows(header: "codigo;descricao;valor;inicio_vigencia;fim_vigencia", rows: [
            "90001001;Dipirona sódica 500 mg/ml, ampola 2 ml;3,42;01/01/2026;", "90001002;Ceftriaxona 1 g, frasco-ampola;38,90;01/01/2026;",
            "90001003;Soro fisiológico 0,9% 500 ml;7,15;01/01/2026;",
        ], into: drugs)
        let materials = try await store.priceTables.create(PriceTable(kind: .material, name: "Simpro (demonstração)"), by: .system)
        try await importRows(header: "codigo;descricao;valor;inicio_vigencia;fim_vigencia", rows: [
            "70001001;Seringa descartável 10 ml;1,10;01/01/2026;", "70001002;Cateter intravenoso 22G;4,75;01/01/2026;",
            "70001003;Contraste iodado não iônico 100 ml;189,00;01/01/2026;",
        ], into: materials)
        // SUS: a few procedures of a SIGTAP competence (demonstration values, the file a hospital exports
        // from the official table); Particular: the hospital's own price list, a value per code.
        let sigtap = try await store.priceTables.create(PriceTable(kind: .sigtap, name: "SIGTAP (demonstração)", edition: "2026-01"), by: .system)
        try await importRows(header: "codigo;descricao;valor_sh;valor_sa;valor_sp;competencia", rows: [
            "0301010072;Consulta médica em atenção especializada;0,00;10,00;0,00;202601",
            "0202020380;Hemograma completo;0,00;4,11;0,00;202601",
            "0206010079;Tomografia computadorizada do crânio;0,00;97,44;0,00;202601",
            "0205020046;Ultrassonografia de abdome total;0,00;37,95;0,00;202601",
        ], into: sigtap)
        let privateList = try await store.priceTables.create(PriceTable(kind: .own, name: "Lista de preços particular São Lucas"), by: .system)
        try await importRows(header: "codigo;descricao;valor;inicio_vigencia;fim_vigencia", rows: [
            "10101012;Consulta em horário normal;350,00;01/01/2026;", "10101039;Consulta em pronto-socorro;420,00;01/01/2026;",
            "40304361;Hemograma com contagem de plaquetas;45,00;01/01/2026;", "41001010;TC – Crânio;680,00;01/01/2026;",
            "41101014;RM – Crânio;1.450,00;01/01/2026;", "40901122;US – Abdome total;290,00;01/01/2026;",
        ], into: privateList)
        let realValues = porteValues.flatMap { $0.isEmpty ? nil : $0 }
        let series = realValues == nil ? "Valores de demonstração" : "CBHPM 2022"
        _ = try await store.valueTables.save(
            ValueTable(series: series, validFrom: CalendarDay(daysSinceEpoch: 18_901), // 01/10/2021
                       porteValues: realValues ?? Self.fallbackPorteValues,
                       ucoValue: Rate(tenThousandths: 242_400), filmValue: Rate(tenThousandths: 217_000)), by: .system)
        _ = try await store.valueTables.save(
            ValueTable(series: "AMB 92", validFrom: CalendarDay(daysSinceEpoch: 18_262), // 01/01/2020
                       chValue: Rate(tenThousandths: 5_500), filmValue: Rate(tenThousandths: 217_000)), by: .system)
        try await loadContracts(series: series, cbhpm: cbhpm.id, amb: amb.id, own: own.id, drugs: drugs.id, materials: materials.id,
                                sigtap: sigtap.id, privateList: privateList.id)
        try await loadEncounters()
    }

    private func importRows(header: String, rows: [String], into table: PriceTable) async throws {
        let source = TextLines(([header] + rows).joined(separator: "\n"))
        if table.isProcedureTable {
            _ = try await store.importer.importProcedures(into: table, from: source, by: .system)
        } else {
            _ = try await store.importer.importValues(into: table, from: source, by: .system)
        }
    }

    private func loadContracts(series: String, cbhpm: Int?, amb: Int?, own: Int?, drugs: Int?, materials: Int?, sigtap: Int?,
                               privateList: Int?) async throws {
        let payers = try await store.payers.list(ListQuery(active: nil, perPage: 50)).items
        func payer(_ name: String) -> Int? { payers.first { $0.name == name }?.id }
        let start = CalendarDay(daysSinceEpoch: 20_454) // 01/01/2026
        func cbhpmContract(_ name: String, payerId: Int?, adjustment: Int, urgency: Bool, bands: [ContractBand] = []) -> Contract? {
            payerId.map {
                Contract(payerId: $0, companyId: 1, name: name, validFrom: start, procedureTable: .cbhpm, procedureTableId: cbhpm,
                         valueSeries: series, porteAdjustment: Percentage(percent: adjustment), urgencySurcharge: urgency,
                         drugPercentage: Percentage(percent: -10), materialPercentage: Percentage(percent: 15), ownTableId: own,
                         drugTableId: drugs, materialTableId: materials, bands: bands)
            }
        }
        let contracts: [Contract?] = [
            cbhpmContract("Vida Plena — CBHPM 2022 −20%", payerId: payer("Vida Plena Saúde"), adjustment: -20, urgency: true),
            cbhpmContract("Unimed Vale do Sol — CBHPM 2022", payerId: payer("Unimed Vale do Sol"), adjustment: 0, urgency: true,
                          bands: [ContractBand(band: 1, second: Percentage(percent: 75), third: Percentage(percent: 60))]),
            cbhpmContract("Bem Estar — CBHPM 2022 −10%", payerId: payer("Bem Estar Assistência Médica"), adjustment: -10, urgency: false),
            payer("Particular").map {
                Contract(payerId: $0, companyId: 1, name: "Particular — lista de preços do hospital", validFrom: start, procedureTable: .own,
                         procedureTableId: privateList, ownTableId: own, drugTableId: drugs, materialTableId: materials)
            },
            payer("SUS").map {
                Contract(payerId: $0, companyId: 1, name: "SUS — SIGTAP", validFrom: start, procedureTable: .sigtap, procedureTableId: sigtap)
            },
            payer("Caixa de Assistência dos Servidores").map {
                Contract(payerId: $0, companyId: 1, name: "Caixa de Assistência — AMB 92", validFrom: start, procedureTable: .amb,
                         procedureTableId: amb, valueSeries: "AMB 92", drugTableId: drugs, materialTableId: materials)
            },
        ]
        for contract in contracts.compactMap({ $0 }) { _ = try await store.contracts.create(contract, by: .system) }
        if let first = cbhpmContract("Saúde Total — CBHPM 2022", payerId: payer("Saúde Total Seguradora"), adjustment: -15, urgency: true) {
            let created = try await store.contracts.create(first, by: .system)
            var next = try await store.contracts.copyAsNewVersion(created.id ?? 0, validFrom: CalendarDay(daysSinceEpoch: 20_635), by: .system) // 01/07/2026
            next.ucoValue = Rate(tenThousandths: 250_000)
            next.porteAdjustment = Percentage(percent: -10)
            _ = try await store.contracts.update(next.id ?? 0, with: next, by: .system)
        }
    }

    /// Encounters of the last weeks relative to today, so worklists and the exam rule's 90 days have data.
    private func loadEncounters() async throws {
        let cnpj = Self.companies[0].cnpj
        let today = today
        // Each encounter on a business day (a weekend or holiday moves it back): on those days every
        // item takes the urgency surcharge, and the demo's values — which the tests and the manual
        // quote — must not depend on the weekday the demo was loaded.
        func day(_ daysAgo: Int) -> CalendarDay {
            var day = today.adding(days: -daysAgo)
            while !BusinessDays.isBusinessDay(day) { day = day.adding(days: -1) }
            return day
        }
        func at(_ daysAgo: Int, _ time: String) -> String { day(daysAgo).iso + "T" + time }
        func item(_ id: String, _ kind: String, _ table: String, _ code: String, _ text: String, _ when: String, _ quantity: Int = 1) -> HISItem {
            HISItem(externalId: id, kind: kind, table: table, code: code, description: text, performedAt: when, quantity: Quantity(quantity),
                    executingProfessional: "Dr. Paulo Mendes (CRM-SP 123456)")
        }
        func encounter(_ id: String, payerANS: String? = nil, payerName: String? = nil, type: String, sector: String, daysAgo: Int,
                       patient: HISPatient, items: [HISItem]) -> HISEncounter {
            HISEncounter(externalId: id, companyCnpj: cnpj, payerAnsRegistry: payerANS, payerName: payerName, type: type, originSector: sector,
                         startedAt: at(daysAgo, "07:30"), authorizationNumber: "AUT-\(id)", requestingProfessional: "Dra. Lúcia Prates (CRM-SP 654321)",
                         patient: patient, partials: [HISPartial(externalId: "P-\(id)", periodStart: day(daysAgo).iso,
                                                                 // A period never ends after today (a partial of yesterday ends today).
                                                                 periodEnd: min(today, day(daysAgo).adding(days: 2)).iso, items: items)])
        }
        let document = HISDocument(encounters: [
            encounter("ATD-1001", payerANS: "123455", type: "sadt", sector: "imagem", daysAgo: 12,
                      patient: HISPatient(externalId: "PAC-1", name: "Maria Aparecida dos Santos", birthDate: "1962-03-14", cpf: "52998224725",
                                          cardNumber: "0012 3456 7890 0011", cardValidUntil: "2027-12-31", medicalRecordNumber: "PR-88231"),
                      items: [
                          item("I-1001-1", "exam", "cbhpm", "41001010", "TC – Crânio", at(12, "08:10")),
                          item("I-1001-2", "exam", "cbhpm", "41001095", "TC – Abdome total", at(12, "08:40")),
                          item("I-1001-3", "exam", "cbhpm", "41001109", "TC – Abdome superior", at(12, "09:05")),
                          item("I-1001-4", "material", "material", "70001003", "Contraste iodado não iônico 100 ml", at(12, "08:05")),
                      ]),
            encounter("ATD-1002", payerANS: "334567", type: "sadt", sector: "imagem", daysAgo: 9,
                      patient: HISPatient(externalId: "PAC-2", name: "José Carlos Ferreira", birthDate: "1975-08-02", cardNumber: "U-998877"),
                      items: [
                          item("I-1002-1", "exam", "cbhpm", "41101014", "RM – Crânio", at(9, "14:00")),
                          item("I-1002-2", "exam", "cbhpm", "40901122", "US – Abdome total", at(9, "15:30")),
                          item("I-1002-3", "exam", "cbhpm", "40901114", "US – Mamas", at(9, "15:50")),
                      ]),
            encounter("ATD-1003", payerANS: "123455", type: "emergency", sector: "pronto-socorro", daysAgo: 5,
                      patient: HISPatient(externalId: "PAC-3", name: "Ana Beatriz Lima", birthDate: "1990-11-30"),
                      items: [
                          item("I-1003-1", "procedure", "cbhpm", "10101039", "Consulta em pronto-socorro", at(5, "21:15")),
                          item("I-1003-2", "exam", "cbhpm", "40304361", "Hemograma", at(5, "21:40")),
                          item("I-1003-3", "drug", "drug", "90001001", "Dipirona 500 mg/ml", at(5, "21:30"), 2),
                          item("I-1003-4", "material", "material", "70001002", "Cateter intravenoso 22G", at(5, "21:25")),
                          item("I-1003-5", "procedure", "cbhpm", "99999999", "Procedimento sem código na tabela", at(5, "22:00")),
                      ]),
            encounter("ATD-1004", payerANS: "302211", type: "outpatient", sector: "ambulatorio", daysAgo: 3,
                      patient: HISPatient(externalId: "PAC-4", name: "Roberto Nogueira", birthDate: "1958-01-20"),
                      items: [
                          item("I-1004-1", "procedure", "amb", "10101012", "Consulta", at(3, "10:00")),
                          item("I-1004-2", "exam", "amb", "41001010", "TC – Crânio", at(3, "11:00")),
                      ]),
            encounter("ATD-1005", payerName: "SUS", type: "sadt", sector: "imagem", daysAgo: 2,
                      patient: HISPatient(externalId: "PAC-5", name: "Francisca Souza"),
                      items: [item("I-1005-1", "exam", "sigtap", "0206010079", "Tomografia computadorizada do crânio", at(2, "09:00"))]),
            encounter("ATD-1006", payerANS: "356123", type: "sadt", sector: "imagem", daysAgo: 1,
                      patient: HISPatient(externalId: "PAC-6", name: "Luiz Henrique Prado", cardNumber: "7788 0012 3344"),
                      items: [item("I-1006-1", "exam", "cbhpm", "40901122", "US – Abdome total", at(1, "16:20"))]),
            encounter("ATD-1007", payerName: "Particular", type: "outpatient", sector: "atendimento", daysAgo: 1,
                      patient: HISPatient(externalId: "PAC-7", name: "Renata Albuquerque", cpf: "11144477735"),
                      items: [item("I-1007-1", "procedure", "cbhpm", "10101012", "Consulta em horário normal", at(1, "10:00")),
                              item("I-1007-2", "exam", "cbhpm", "40304361", "Hemograma com contagem de plaquetas", at(1, "10:30"))]),
            encounter("ATD-1008", payerANS: "123455", type: "sadt", sector: "imagem", daysAgo: 20,
                      patient: HISPatient(externalId: "PAC-8", name: "Cláudia Regina Moura", birthDate: "1981-05-09", cardNumber: "0012 3456 7890 0088"),
                      items: [item("I-1008-1", "exam", "cbhpm", "40901122", "US – Abdome total", at(20, "09:10")),
                              item("I-1008-2", "exam", "cbhpm", "41001010", "TC – Crânio", at(20, "10:00")),
                              item("I-1008-3", "material", "material", "70001003", "Contraste iodado não iônico 100 ml", at(20, "09:55"))]),
        ])
        _ = try await billing.his.ingest(document, by: .system)
    }
}
