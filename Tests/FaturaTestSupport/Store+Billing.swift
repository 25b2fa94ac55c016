import FaturaBilling
import FaturaDomain
import FaturaStore

extension Store {
    /// The billing services over this store on the real clock; `billing(on:)` stops the clock on a day.
    public var billing: Billing { Billing(store: self, clock: .system) }

    public func billing(on day: CalendarDay) -> Billing { Billing(store: self, clock: .fixed(day)) }
}
