import FaturaDomain
import FaturaStore

struct CompanyPages: RegistryPageAdapter {
    let path = "/companies"
    let section = "companies"
    let pluralTitle = "Coligadas"
    let newTitle = "Nova coligada"
    let editTitle = "Editar coligada"
    let viewPermission = Permission.viewRegistries
    let managePermission = Permission.manageRegistries
    let columns = ["Nome", "CNPJ", "CNES", "Situação"]

    func registry(_ store: Store) -> Registry<Company> { store.companies }

    func cells(_ record: Company) -> [String] {
        [record.name, Identifiers.formatCNPJ(record.cnpj), record.cnes, record.active ? "Ativa" : "Inativa"]
    }

    func fields(_ record: Company?, request: PageRequest) async throws -> [FormField] {
        [
            FormField(name: "name", label: "Nome", value: record?.name ?? "", required: true),
            FormField(name: "cnpj", label: "CNPJ", value: record.map { Identifiers.formatCNPJ($0.cnpj) } ?? "", required: true,
                      hint: "14 dígitos; pontuação opcional (00.000.000/0000-00)."),
            FormField(name: "cnes", label: "CNES", value: record?.cnes ?? "", required: true, hint: "7 dígitos."),
        ]
    }

    func record(from form: FormData) -> Company {
        Company(name: form["name"], cnpj: form["cnpj"], cnes: form["cnes"])
    }

    /// The layout's company picker is cached: a company written here shows in it on the next page.
    func didChange(_ request: PageRequest) async { await request.environment.companies.invalidate() }
}
