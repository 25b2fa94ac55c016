import FaturaDomain

/// `pager.mustache`: where this page sits in its list and the links either side. Every paged list
/// renders it the same way; `href` builds a page's link keeping what the person filtered by.
struct PagerModel: Sendable {
    /// "1 a 50 de 1.234 · página 1 de 25", or "Mais de 10.000 · página 1" when the count stopped early.
    let summary: String
    let previousHref: String
    let nextHref: String

    init<Item>(_ page: Page<Item>, shown: Int, href: (Int) -> String) {
        let first = shown == 0 ? 0 : (page.page - 1) * page.perPage + 1
        let last = shown == 0 ? 0 : (page.page - 1) * page.perPage + shown
        let range = "\(BrazilianFormat.integer(first)) a \(BrazilianFormat.integer(last))"
        summary = page.totalIsLowerBound
            ? "\(range) de mais de \(BrazilianFormat.integer(page.total - 1)) · página \(page.page)"
            : "\(range) de \(BrazilianFormat.integer(page.total)) · página \(page.page) de \(page.pageCount)"
        previousHref = page.hasPrevious ? href(page.page - 1) : ""
        nextHref = page.hasNext ? href(page.page + 1) : ""
    }

    init<Item>(_ page: Page<Item>, href: (Int) -> String) {
        self.init(page, shown: page.items.count, href: href)
    }
}
