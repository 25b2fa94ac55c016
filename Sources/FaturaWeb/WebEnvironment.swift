import FaturaBilling
import FaturaStore

/// What every handler needs: the billing services (and through them the store and the hospital's
/// clock), the page renderer and the configuration.
struct WebEnvironment: Sendable {
    let billing: Billing
    let renderer: PageRenderer
    let configuration: AppConfiguration
    /// The layout's company picker, cached (see `ActiveCompanies`).
    let companies: ActiveCompanies

    var store: Store { billing.store }
    var clock: HospitalClock { billing.clock }
}
