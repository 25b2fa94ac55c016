import FaturaDomain
import FaturaStore

struct SectorPages: RegistryPageAdapter {
    let path = "/sectors"
    let section = "sectors"
    let pluralTitle = "Setores"
    let newTitle = "Novo setor"
    let editTitle = "Editar setor"
    let viewPermission = Permission.viewRegistries
    let managePermission = Permission.manageRegistries
    let columns = ["Nome", "Código", "Tipo", "Situação"]

    func registry(_ store: Store) -> Registry<Sector> { store.sectors }

    func cells(_ record: Sector) -> [String] {
        [record.name, record.code, record.kind.label, record.active ? "Ativo" : "Inativo"]
    }

    func fields(_ record: Sector?, request: PageRequest) async throws -> [FormField] {
        [
            FormField(name: "name", label: "Nome", value: record?.name ?? "", required: true),
            FormField(name: "code", label: "Código", value: record?.code ?? "", required: true,
                      hint: "Curto e estável, sem acentos (ex.: uti, centro-cirurgico)."),
            FormField(name: "kind", label: "Tipo", kind: .select, value: record?.kind.rawValue ?? SectorKind.care.rawValue,
                      options: SectorKind.allCases.map { ($0.rawValue, $0.label) }),
        ]
    }

    func record(from form: FormData) -> Sector {
        Sector(code: form["code"], name: form["name"], kind: SectorKind(rawValue: form["kind"]) ?? .care)
    }

}
