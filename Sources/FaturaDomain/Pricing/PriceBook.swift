/// Everything needed to price a set of items, loaded by the store for exactly the codes and
/// contracts those items need, then used without I/O.
public struct PriceBook: Sendable {
    /// Contracts of the payers and companies involved, every version.
    public var contracts: [Contract]
    /// tableId → code → entry (AMB/CBHPM editions).
    public var procedureEntries: [Int: [String: ProcedureEntry]]
    /// tableId → code → entries of every validity (own tables, drugs, materials).
    public var pricedEntries: [Int: [String: [PricedEntry]]]
    /// series → value tables of every validity.
    public var valueTables: [String: [ValueTable]]

    public init(contracts: [Contract] = [], procedureEntries: [Int: [String: ProcedureEntry]] = [:],
                pricedEntries: [Int: [String: [PricedEntry]]] = [:], valueTables: [String: [ValueTable]] = [:]) {
        self.contracts = contracts
        self.procedureEntries = procedureEntries
        self.pricedEntries = pricedEntries
        self.valueTables = valueTables
    }

    /// The active contract of the payer and company valid on `day` (the newest version wins if two overlap).
    public func contract(payerId: Int, companyId: Int, on day: CalendarDay) -> Contract? {
        contracts.filter { $0.payerId == payerId && $0.companyId == companyId && $0.isValid(on: day) }
            .max { ($0.validFrom, $0.version) < ($1.validFrom, $1.version) }
    }

    /// What pricing produced for one item.
    public struct Outcome: Hashable, Sendable {
        public var contractId: ID<Contract>
        /// The table actually used (procedure items follow the contract's AMB/CBHPM choice).
        public var table: PriceTableKind
        public var porte: Porte?
        public var unit: PricedUnit
        public var total: Money
    }

    /// DOMAIN.md §2. Procedure and exam items (`amb`/`cbhpm`) are priced with the contract's own
    /// procedure table; own-table, drug and material items with the contract's lists.
    public func price(table: PriceTableKind, code: String, performedAt: LocalDateTime, quantity: Quantity,
                      payerId: Int, companyId: Int) -> Result<Outcome, PricingFailure> {
        let day = performedAt.day
        guard let contract = contract(payerId: payerId, companyId: companyId, on: day), let contractId = contract.id else {
            return .failure(.noContract)
        }
        // A procedure (sent as AMB, CBHPM or SIGTAP) is priced by the contract's procedure table:
        // an AMB/CBHPM edition, the SIGTAP competence (SUS) or the hospital's own price list (Particular).
        let usedTable: PriceTableKind = [.amb, .cbhpm, .sigtap].contains(table) ? contract.procedureTable : table
        let reference: ProcedureReference
        var porte: Porte?
        switch usedTable {
        case .amb, .cbhpm:
            guard let tableId = contract.procedureTableId, let entry = procedureEntries[tableId]?[code],
                  let ref = entry.reference(for: usedTable) else {
                return .failure(.codeNotInTable(code: code, table: usedTable))
            }
            reference = ref
            porte = entry.porte
        case .own, .drug, .material, .sigtap:
            let procedureList = [.amb, .cbhpm, .sigtap].contains(table)
            let tableId: Int? = switch usedTable {
            case .sigtap: contract.procedureTableId
            case .own: procedureList ? contract.procedureTableId : contract.ownTableId
            case .drug: contract.drugTableId
            default: contract.materialTableId
            }
            guard let tableId else { return .failure(.tableNotInContract(usedTable)) }
            guard let entry = pricedEntries[tableId]?[code]?.last(where: { $0.isValid(on: day) }) else {
                return pricedEntries[tableId]?[code] == nil
                    ? .failure(.codeNotInTable(code: code, table: usedTable)) : .failure(.noReferencePrice(code: code))
            }
            reference = usedTable == .own || usedTable == .sigtap ? .fixed(entry.value) : .referencePrice(entry.value, usedTable)
        }
        let values = contract.valueSeries.flatMap { series in valueTables[series]?.last { $0.isValid(on: day) } }
        let terms = PricingTerms(
            porteValues: values?.porteValues ?? [:], porteAdjustment: contract.porteAdjustment,
            ucoValue: contract.ucoValue ?? values?.ucoValue ?? .zero, chValue: contract.chValue ?? values?.chValue ?? .zero,
            filmValue: contract.filmValue ?? values?.filmValue ?? .zero, urgencySurcharge: contract.urgencySurcharge,
            drugPercentage: contract.drugPercentage, materialPercentage: contract.materialPercentage)
        if case .cbhpm(_, let uco, _) = reference, uco > .zero, terms.ucoValue == .zero {
            return .failure(.noUnitValue("UCO"))
        }
        if case .amb(let ch, _) = reference, ch > .zero, terms.chValue == .zero {
            return .failure(.noUnitValue("CH"))
        }
        switch reference {
        case .cbhpm(_, _, let film), .amb(_, let film):
            if film > .zero, terms.filmValue == .zero { return .failure(.noUnitValue("m² de filme")) }
        default:
            break
        }
        return Pricing.price(reference, terms: terms, performedAt: performedAt).flatMap { unit in
            guard let total = try? unit.unitValue.times(quantity), total.isWithinLineLimit else { return .failure(.valueOutOfRange) }
            return .success(Outcome(contractId: contractId, table: usedTable, porte: porte, unit: unit, total: total))
        }
    }
}
