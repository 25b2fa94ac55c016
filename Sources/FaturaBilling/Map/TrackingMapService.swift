import FaturaDomain
import FaturaStore
import FaturaTISS

/// The invoice tracking map (Mapa de acompanhamento de faturas): the rows read from the data, each
/// invoice's expected payment from its payer's terms, then filtered, sorted and grouped by the
/// domain — and the same map as CSV and XLSX, cell for cell what the page shows.
public struct TrackingMapService: BillingService {
    let context: ServiceContext

    public struct Result: Sendable {
        public let map: TrackingMap
        /// More invoices matched than a page holds (`TrackingMapQueries.rowLimit`): narrow the filter.
        public let truncated: Bool
    }

    public func map(_ filter: TrackingMapFilter) async throws -> Result {
        var rows = try await TrackingMapQueries(database: database).rows(filter)
        let truncated = rows.count > TrackingMapQueries.rowLimit
        if truncated { rows.removeLast(rows.count - TrackingMapQueries.rowLimit) }
        // The payment term of each payer (the terms form's defaults when none is saved, as for the
        // glosas' appeal deadlines).
        let terms = Dictionary(try await store.payerTerms.all(companyId: filter.companyId).map { ($0.payerId, $0) }, uniquingKeysWith: { a, _ in a })
        for index in rows.indices {
            guard let sent = rows[index].sentOn else { continue }
            let term = terms[rows[index].payerId]?.payment ?? PayerTerms(payerId: rows[index].payerId, companyId: filter.companyId).payment
            rows[index].paymentExpected = term.expectedPayment(deliveredOn: sent)
        }
        return Result(map: TrackingMap(rows: rows, filter: filter, today: clock.today()), truncated: truncated)
    }

    /// One invoice's row of the map (its page shows whether it can be settled).
    public func row(of invoiceId: Int, companyId: Int) async throws -> TrackingMapRow? {
        try await database.read { try await TrackingMapQueries.row(invoiceId: invoiceId, companyId: companyId, on: $0) }
    }

    /// Settles ("liquida") an invoice whose money is all accounted for: decided on its map row,
    /// read inside the same transaction as the change (a payment or glosa arriving meanwhile waits).
    @discardableResult
    public func settle(_ invoiceId: Int, expectedVersion: Int?, by actor: AuditActor) async throws -> Invoice {
        let now = clock.timestamp()
        return try await database.transaction { tx in
            let invoice = try await InvoiceRepository.require(ID(invoiceId), on: tx)
            let next = try invoice.next(.settle, expectedVersion: expectedVersion)
            guard let row = try await TrackingMapQueries.row(invoiceId: invoiceId, companyId: invoice.companyId, on: tx) else {
                throw FaturaError.notFound(entity: "fatura")
            }
            if let blocker = row.settlementBlocker {
                throw FaturaError.invoiceStateRefused(number: invoice.number, status: invoice.status, action: "liquidá-la: \(blocker)")
            }
            return try await InvoiceRepository.update(invoice, to: next, detail: "liquidada: pago \(BrazilianFormat.currency(row.paid)), baixado \(BrazilianFormat.currency(row.givenUp))",
                                                      by: actor, at: now, on: tx)
        }
    }

    /// The invoice's timeline, oldest first; a stored instant that does not read is an error, as
    /// any stored value that does not decode.
    public func timeline(of invoiceId: Int) async throws -> [InvoiceTimelineEntry] {
        let entries = try await InvoiceHistoryQueries(database: database).entries(of: invoiceId)
        return InvoiceTimelineEntry.ordered(try entries.map { entry in
            switch entry.when {
            case .day(let day): return InvoiceTimelineEntry(day: day, time: nil, entry: entry)
            case .timestamp(let text):
                guard let (day, time) = clock.dayAndTime(text) else { throw FaturaError.storedValueInvalid(table: "invoices", column: "timestamp", value: String(text.prefix(40))) }
                return InvoiceTimelineEntry(day: day, time: time, entry: entry)
            }
        })
    }

    /// The map as a table: one line per invoice, the payers' subtotals when grouped, the total last.
    public static func table(_ map: TrackingMap) -> SpreadsheetTable {
        let columns = TrackingMapColumn.allCases
        var table = SpreadsheetTable(title: "Mapa de faturas", headers: columns.map(\.label))
        func totals(_ label: String, _ t: TrackingMapTotals, kind: SpreadsheetTable.Kind) -> SpreadsheetTable.Row {
            let cells: [SpreadsheetTable.Cell] = columns.map { column in
                switch column {
                case .payer: .text(label)
                case .number: .text(BrazilianFormat.count(t.invoices, "fatura", "faturas"))
                case .claims: .integer(t.claims)
                case .presented: .money(t.presented)
                case .paid: .money(t.paid)
                case .glosa: .money(t.glosa)
                case .underAppeal: .money(t.underAppeal)
                case .recovered: .money(t.recovered)
                case .givenUp: .money(t.givenUp)
                case .balance: .money(t.balance)
                default: .empty
                }
            }
            return .init(cells, kind: kind)
        }
        for group in map.groups ?? [TrackingMap.Group(payerId: 0, payerName: "", rows: map.rows, subtotal: map.totals)] {
            for row in group.rows { table.rows.append(.init(cells(row, columns))) }
            if map.groups != nil { table.rows.append(totals("Subtotal \(group.payerName)", group.subtotal, kind: .subtotal)) }
        }
        table.rows.append(totals("Total", map.totals, kind: .total))
        return table
    }

    static func cells(_ row: TrackingMapRow, _ columns: [TrackingMapColumn]) -> [SpreadsheetTable.Cell] {
        func day(_ value: CalendarDay?) -> SpreadsheetTable.Cell { value.map { .date($0) } ?? .empty }
        return columns.map { column in
            switch column {
            case .payer: .text(row.payerName)
            case .competence: .text(row.competence.label)
            case .number: .text(([String(row.number)] + row.batchNumbers.map { "lote \($0)" }).joined(separator: " · "))
            case .protocols: .text(row.protocols.joined(separator: ", "))
            case .claims: .integer(row.claims)
            case .presented: .money(row.presented)
            case .deadline: day(row.deadline)
            case .sentOn: day(row.sentOn)
            case .paymentExpected: day(row.paymentExpected)
            case .paid: .money(row.paid)
            case .glosa: .money(row.glosa)
            case .underAppeal: .money(row.underAppeal)
            case .recovered: .money(row.recovered)
            case .givenUp: .money(row.givenUp)
            case .balance: .money(row.balance)
            case .status: .text(row.status.label)
            }
        }
    }
}
