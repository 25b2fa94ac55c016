/// One page of a list, with what is needed to draw the pager.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var page: Int
    public var perPage: Int
    public var total: Int

    public init(items: [Item], page: Int, perPage: Int, total: Int) {
        self.items = items
        self.page = page
        self.perPage = perPage
        self.total = total
    }

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
        self.page = max(1, page)
        self.perPage = min(max(1, perPage), 200)
    }

    public var offset: Int { (page - 1) * perPage }
}
