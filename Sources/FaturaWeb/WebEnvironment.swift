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
    /// The tracking map's and the indicators' models, kept per data version (see `PageCache`).
    let mapModels: PageCache<MapPage>
    let indicatorModels: PageCache<IndicatorPages.MoneyPart>

    var store: Store { billing.store }
    var clock: HospitalClock { billing.clock }
}
