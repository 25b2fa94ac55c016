/// One page of a list, with what is needed to draw the pager.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var page: Int
    public var perPage: Int
    public var total: Int
    /// The list stopped counting at `total`: there are at least that many (a worklist counts only
    /// as far as it must, not the whole year of a large hospital on every request).
    public var totalIsLowerBound: Bool

    public init(items: [Item], page: Int, perPage: Int, total: Int, totalIsLowerBound: Bool = false) {
        self.items = items
        self.page = page
        self.perPage = perPage
        self.total = total
        self.totalIsLowerBound = totalIsLowerBound
    }

    /// The last page number any list accepts: far past any real list, and `(page − 1) × perPage`
    /// can never overflow whatever a client sends (`?page=9223372036854775807`).
    public static var maxPage: Int { 100_000 }

    /// A page number as lists use it: 1 to `maxPage`.
    public static func clamp(_ page: Int) -> Int { min(max(1, page), maxPage) }

    public var pageCount: Int { max(1, (total + perPage - 1) / perPage) }
    public var hasPrevious: Bool { page > 1 }
    public var hasNext: Bool { page < pageCount }
}

/// The filter every registry list takes: free text, active state and the page.
public struct ListQuery: Sendable, Equatable {
    public var text: String?
    /// nil lists both active and inactive.
    public var active: Bool?
    public var page: Int
    public var perPage: Int

    public init(text: String? = nil, active: Bool? = true, page: Int = 1, perPage: Int = 25) {
        self.text = text?.trimmingSpaces().nilIfEmpty
        self.active = active
        self.page = Page<Never>.clamp(page)
        self.perPage = min(max(1, perPage), 200)
    }

    public var offset: Int { (page - 1) * perPage }
}
