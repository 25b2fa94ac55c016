/// Whether a charge item has a price, as stored (`charge_items.pricing_status`). An item without a
/// price keeps the reason (`pricing_error`) and a zero value; it never gets an invented one.
public enum PricingStatus: String, Sendable, CaseIterable {
    case priced
    case unpriced
}
