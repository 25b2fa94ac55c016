import FaturaStore

/// What every handler needs: the store, the page renderer and the configuration.
struct WebEnvironment: Sendable {
    let store: Store
    let renderer: PageRenderer
    let configuration: AppConfiguration
}
