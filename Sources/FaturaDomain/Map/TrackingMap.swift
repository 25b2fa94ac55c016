/// What the person asked the map for. The payer, competence range and status narrow the query; the
/// "late" and "with balance" filters depend on today and on each row's derived money, so they are
/// applied to the rows (`TrackingMap.make`).
public struct TrackingMapFilter: Hashable, Sendable {
    public var companyId: Int
    public var payerId: Int?
    public var from: Competence?
    public var to: Competence?
    public var status: InvoiceStatus?
    public var lateOnly: Bool
    public var withBalance: Bool
    public var sort: TrackingMapColumn
    public var descending: Bool
    public var groupByPayer: Bool
    /// Only invoices already sent (the money views: a glosa or a payment exists only on what reached the payer).
    public var sentOnly: Bool

    public init(companyId: Int, payerId: Int? = nil, from: Competence? = nil, to: Competence? = nil, status: InvoiceStatus? = nil,
                lateOnly: Bool = false, withBalance: Bool = false, sort: TrackingMapColumn = .competence, descending: Bool = false,
                groupByPayer: Bool = false, sentOnly: Bool = false) {
        self.sentOnly = sentOnly
        self.companyId = companyId
        self.payerId = payerId
        self.from = from
        self.to = to
        self.status = status
        self.lateOnly = lateOnly
        self.withBalance = withBalance
        self.sort = sort
        self.descending = descending
        self.groupByPayer = groupByPayer
    }

    /// The twelve competences up to today's, the range a supervisor follows.
    public static func lastTwelveMonths(before today: CalendarDay) -> (from: Competence, to: Competence) {
        let to = Competence.of(today)!
        return (to.adding(months: -11), to)
    }
}

/// The map's columns, each sortable; `key` is the query-string name (pt-BR, as the page's links write it).
public enum TrackingMapColumn: String, Sendable, CaseIterable {
    case payer = "convenio"
    case competence = "competencia"
    case number = "fatura"
    case protocols = "protocolo"
    case claims = "guias"
    case presented = "apresentado"
    case deadline = "prazo"
    case sentOn = "envio"
    case paymentExpected = "previsao"
    case paid = "pago"
    case glosa
    case underAppeal = "recurso"
    case recovered = "recuperado"
    case givenUp = "baixado"
    case balance = "saldo"
    case status = "situacao"

    public var label: String {
        switch self {
        case .payer: "Convênio"
        case .competence: "Competência"
        case .number: "Fatura · lotes"
        case .protocols: "Protocolo"
        case .claims: "Guias"
        case .presented: "Apresentado"
        case .deadline: "Prazo de entrega"
        case .sentOn: "Enviada em"
        case .paymentExpected: "Pagamento previsto"
        case .paid: "Pago"
        case .glosa: "Glosa"
        case .underAppeal: "Em recurso"
        case .recovered: "Recuperado"
        case .givenUp: "Baixado"
        case .balance: "Saldo"
        case .status: "Situação"
        }
    }

    /// Money and counts are right-aligned and sort largest first on the first click.
    public var isNumeric: Bool {
        switch self {
        case .claims, .presented, .paid, .glosa, .underAppeal, .recovered, .givenUp, .balance: true
        default: false
        }
    }

    /// Orders two rows by this column; equal rows keep payer, competence and number order.
    public func ascending(_ a: TrackingMapRow, _ b: TrackingMapRow) -> Bool? {
        func order<T: Comparable>(_ x: T, _ y: T) -> Bool? { x == y ? nil : x < y }
        // A missing date sorts after every date (not sent yet comes last when ascending).
        func order(_ x: CalendarDay?, _ y: CalendarDay?) -> Bool? {
            switch (x, y) {
            case (nil, nil): nil
            case (nil, _): false
            case (_, nil): true
            case (let x?, let y?): order(x, y)
            }
        }
        switch self {
        case .payer: return order(a.payerName, b.payerName)
        case .competence: return order(a.competence, b.competence)
        case .number: return order(a.number, b.number)
        case .protocols: return order(a.protocols.first ?? "", b.protocols.first ?? "")
        case .claims: return order(a.claims, b.claims)
        case .presented: return order(a.presented, b.presented)
        case .deadline: return order(a.deadline, b.deadline)
        case .sentOn: return order(a.sentOn, b.sentOn)
        case .paymentExpected: return order(a.paymentExpected, b.paymentExpected)
        case .paid: return order(a.paid, b.paid)
        case .glosa: return order(a.glosa, b.glosa)
        case .underAppeal: return order(a.underAppeal, b.underAppeal)
        case .recovered: return order(a.recovered, b.recovered)
        case .givenUp: return order(a.givenUp, b.givenUp)
        case .balance: return order(a.balance, b.balance)
        case .status: return order(a.status.label, b.status.label)
        }
    }
}

/// The map as shown: the filtered rows in the asked order, grouped by payer with subtotals when
/// asked, and the totals row. What the page shows is exactly what the CSV and XLSX exports hold.
public struct TrackingMap: Sendable {
    public struct Group: Sendable {
        public let payerId: Int
        public let payerName: String
        public let rows: [TrackingMapRow]
        public let subtotal: TrackingMapTotals

        public init(payerId: Int, payerName: String, rows: [TrackingMapRow], subtotal: TrackingMapTotals) {
            self.payerId = payerId
            self.payerName = payerName
            self.rows = rows
            self.subtotal = subtotal
        }
    }

    public let filter: TrackingMapFilter
    public let today: CalendarDay
    /// Every row in display order (the groups' rows one after the other when grouped).
    public let rows: [TrackingMapRow]
    /// Nil when not grouped.
    public let groups: [Group]?
    public let totals: TrackingMapTotals

    public init(rows candidates: [TrackingMapRow], filter: TrackingMapFilter, today: CalendarDay) {
        self.filter = filter
        self.today = today
        let kept = candidates.filter { row in
            (!filter.lateOnly || row.isLate(today: today)) && (!filter.withBalance || row.balance != .zero)
        }
        let sorted = kept.sorted { a, b in
            if let first = filter.sort.ascending(a, b) { return filter.descending ? !first : first }
            for column in [TrackingMapColumn.payer, .competence, .number] {
                if let first = column.ascending(a, b) { return first }
            }
            return a.invoiceId < b.invoiceId
        }
        if filter.groupByPayer {
            var order: [Int] = []
            var byPayer: [Int: [TrackingMapRow]] = [:]
            for row in sorted {
                if byPayer[row.payerId] == nil { order.append(row.payerId) }
                byPayer[row.payerId, default: []].append(row)
            }
            let groups = order.map { id in
                let rows = byPayer[id]!
                return Group(payerId: id, payerName: rows[0].payerName, rows: rows, subtotal: TrackingMapTotals(rows))
            }.sorted { ($0.payerName, $0.payerId) < ($1.payerName, $1.payerId) }
            self.groups = groups
            self.rows = groups.flatMap(\.rows)
        } else {
            self.groups = nil
            self.rows = sorted
        }
        totals = TrackingMapTotals(self.rows)
    }
}

extension Competence {
    /// `months` later (earlier when negative), bounded by the years a hospital bills.
    public func adding(months: Int) -> Competence {
        let index = year * 12 + (month - 1) + months
        return Competence(year: index / 12, month: index % 12 + 1) ?? self
    }
}
