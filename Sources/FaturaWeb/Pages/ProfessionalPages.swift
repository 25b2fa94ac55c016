import FaturaDomain
import FaturaStore

/// The professionals the claims name (issue 12): council, number, UF and CBO as TISS codes, and
/// the code at the payers for those who bill fees apart. The HIS's free text names one by its
/// name or council number.
struct ProfessionalPages: RegistryPageAdapter {
    let path = "/professionals"
    let section = "professionals"
    let pluralTitle = "Profissionais"
    let newTitle = "Novo profissional"
    let editTitle = "Editar profissional"
    let viewPermission = Permission.viewRegistries
    let managePermission = Permission.manageRegistries
    let columns = ["Nome", "Conselho", "CBO", "Código no convênio", "Situação"]

    func registry(_ store: Store) -> Registry<Professional> { store.professionals }

    func cells(_ record: Professional) -> [String] {
        [record.name, record.registration, record.cbo, record.providerCode ?? "", record.active ? "Ativo" : "Inativo"]
    }

    func fields(_ record: Professional?, request: PageRequest) async throws -> [FormField] {
        [
            FormField(name: "name", label: "Nome", value: record?.name ?? "", required: true),
            FormField(name: "council", label: "Conselho", kind: .select, value: record?.council ?? "06",
                      options: Professional.councils.map { ($0.code, $0.label) }),
            FormField(name: "councilNumber", label: "Número no conselho", value: record?.councilNumber ?? "", required: true,
                      hint: "O HIS pode citar o profissional por este número (ex.: “CRM 123456”)."),
            FormField(name: "uf", label: "UF do conselho", kind: .select, value: record?.uf ?? "35", options: Professional.states.map { ($0.code, $0.label) }),
            FormField(name: "cbo", label: "CBO", value: record?.cbo ?? "", required: true, hint: "Seis dígitos (tabela TUSS 24), ex.: 225125 médico clínico."),
            FormField(name: "cpf", label: "CPF", value: record?.cpf ?? ""),
            FormField(name: "providerCode", label: "Código no convênio", value: record?.providerCode ?? "",
                      hint: "Obrigatório para guias de honorários (codigoPrestadorNaOperadora do profissional)."),
        ]
    }

    func record(from form: FormData) -> Professional {
        Professional(name: form["name"], council: form["council"], councilNumber: form["councilNumber"], uf: form["uf"], cbo: form["cbo"],
                     cpf: form.optional("cpf"), providerCode: form.optional("providerCode"))
    }
}
