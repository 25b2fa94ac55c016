import FaturaDomain
import FaturaStore

/// Prices charge items from the contract valid on each item's day (DOMAIN.md §2) and writes the
/// price and its parts on the item, or the reason it could not be priced: on HIS arrival, on demand
/// for a partial, and in batches for a company.
public struct PricingService: BillingService {
    let context: ServiceContext

    public struct Summary: Sendable, Equatable {
        public var priced = 0
        public var unpriced = 0
        /// Re-pricing one partial: the exam percentages a person set, kept and applied again (the
        /// exam rule ran on the partial with them), so what the page shows is what is charged.
        public var manualReapplied = 0
        public init() {}
    }

    /// Prices and saves in the caller's transaction.
    static func price(_ targets: [PriceRepository.Target], at now: String, on tx: Transaction) async throws -> Summary {
        var cache = PriceRepository.BookCache()
        return try await price(targets, cache: &cache, at: now, on: tx)
    }

    static func price(_ targets: [PriceRepository.Target], cache: inout PriceRepository.BookCache, at now: String,
                      on tx: Transaction) async throws -> Summary {
        var summary = Summary()
        guard !targets.isEmpty else { return summary }
        try await PriceRepository.extend(&cache, for: targets, on: tx)
        let book = cache.book
        var updates: [PriceUpdate.Row] = []
        updates.reserveCapacity(targets.count)
        for target in targets {
            guard let id = target.item.id else { continue }
            switch book.price(table: target.item.priceTable, code: target.item.code, performedAt: target.item.performedAt,
                              quantity: target.item.quantity, payerId: target.payerId, companyId: target.companyId) {
            case .success(let outcome):
                summary.priced += 1
                updates.append(PriceUpdate.Row(id: id, contractId: outcome.contractId, table: outcome.table.rawValue, porte: outcome.porte?.description,
                                               unit: outcome.unit, total: outcome.total, errorCode: nil, error: nil))
            case .failure(let failure):
                // Never an invented value: the price is cleared and the reason kept.
                summary.unpriced += 1
                updates.append(PriceUpdate.Row(id: id, contractId: nil, table: target.item.priceTable.rawValue, porte: nil,
                                               unit: nil, total: .zero, errorCode: failure.code, error: failure.message))
            }
        }
        // New prices mean the exam rule has to run again on these partials (closing checks it).
        try await PriceRepository.write(updates, partialIds: Set(targets.map(\.item.partialId)), at: now, on: tx)
        return summary
    }

    /// Re-prices every item of the company's draft partials, a batch (and a transaction) at a time,
    /// so memory stays flat and a crash leaves whole batches done or untouched. For a scheduler and
    /// for `fatura bench pricing`.
    public func priceDraftItems(companyId: Int, batchSize: Int = 2_000, progress: (@Sendable (Int) -> Void)? = nil) async throws -> Summary {
        var total = Summary()
        var lastId = 0
        var cache = PriceRepository.BookCache()
        while true {
            let after = lastId
            let carried = cache
            let now = clock.timestamp()
            let (summary, last, count, updatedCache) = try await store.database.transaction { tx -> (Summary, Int, Int, PriceRepository.BookCache) in
                let targets = try await PriceRepository.draftItems(companyId: companyId, after: after, limit: batchSize, on: tx)
                var cache = carried
                let summary = try await Self.price(targets, cache: &cache, at: now, on: tx)
                return (summary, targets.last?.item.id?.rawValue ?? after, targets.count, cache)
            }
            cache = updatedCache
            total.priced += summary.priced
            total.unpriced += summary.unpriced
            progress?(total.priced + total.unpriced)
            if count < batchSize { break }
            lastId = last
        }
        return total
    }

    /// Re-prices every item of a draft partial (on demand, e.g. after a contract was corrected).
    public func repricePartial(_ partialId: ID<PartialBill>, by actor: AuditActor) async throws -> Summary {
        let now = clock.timestamp()
        return try await store.database.transaction { tx in
            let partial = try await PartialRepository.require(partialId, on: tx)
            try partial.check(.prices)
            let items = try await ChargeItemRepository.items(ofPartial: partialId, on: tx)
            var summary = try await Self.price(items.map { .init(item: $0, payerId: partial.payerId, companyId: partial.companyId) }, at: now, on: tx)
            // A new base undoes every exam reduction. A percentage a person set must not stay on the
            // screen over a full price: the rule runs again at once, with those percentages kept.
            let manual = items.filter { $0.examPercentageManual && $0.examPercentage != nil }.count
            var detail = "preços recalculados: \(summary.priced) com preço, \(summary.unpriced) sem preço"
            if manual > 0 {
                _ = try await ExamRuleService.apply(partialId, by: actor, at: now, on: tx)
                summary.manualReapplied = manual
                detail += "; regra de exames reaplicada mantendo " + BrazilianFormat.count(manual, "percentual manual", "percentuais manuais")
            }
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "partial", entityId: String(partialId), detail: detail)
            return summary
        }
    }
}
