import FaturaStore

/// What every handler needs: the store, the page renderer and the configuration.
struct WebEnvironment: Sendable {
    let store: Store
    let renderer: PageRenderer
    let configuration: AppConfiguration
    /// Where pages start work that outlives the request (a service of the application).
    let background: BackgroundWork
    /// The layout's company picker, cached (see `ActiveCompanies`).
    let companies: ActiveCompanies
}
