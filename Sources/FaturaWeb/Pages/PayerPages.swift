import FaturaBilling
import FaturaDomain
import FaturaStore

struct PayerPages: RegistryPageAdapter {
    let path = "/payers"
    let section = "payers"
    let pluralTitle = "Convênios"
    let newTitle = "Novo convênio"
    let editTitle = "Editar convênio"
    let viewPermission = Permission.viewRegistries
    let managePermission = Permission.manageRegistries
    // The hash's text encoding is a technical setting: on the form, with its explanation, not in the list.
    let columns = ["Nome", "Registro ANS", "Padrão", "Versão TISS", "Situação"]

    func registry(_ store: Store) -> Registry<Payer> { store.payers }

    func cells(_ record: Payer) -> [String] {
        [record.name, record.ansRegistry ?? "—", record.billingStandard.label, record.tissVersion.rawValue, record.active ? "Ativo" : "Inativo"]
    }

    func fields(_ record: Payer?, request: PageRequest) async throws -> [FormField] {
        [
            FormField(name: "name", label: "Nome", value: record?.name ?? "", required: true),
            FormField(name: "billingStandard", label: "Padrão de faturamento", kind: .select,
                      value: record?.billingStandard.rawValue ?? BillingStandard.convenio.rawValue,
                      options: BillingStandard.allCases.map { ($0.rawValue, $0.label) }, required: true,
                      hint: "SUS e Particular ficam fora da regra de cobrança de exames em lote."),
            FormField(name: "ansRegistry", label: "Registro ANS", value: record?.ansRegistry ?? "",
                      hint: "6 dígitos; obrigatório para convênios."),
            FormField(name: "tissVersion", label: "Versão TISS", kind: .select,
                      value: record?.tissVersion.rawValue ?? TISSVersion.current.rawValue,
                      options: TISSVersion.allCases.reversed().map { ($0.rawValue, $0.rawValue) }),
            FormField(name: "tissHashEncoding", label: "Codificação do hash TISS", kind: .select,
                      value: record?.tissHashEncoding.rawValue ?? TISSHashEncoding.iso88591.rawValue,
                      options: TISSHashEncoding.allCases.map { ($0.rawValue, $0.label) }),
            FormField(name: "requiresAuthorization", label: "Exige autorização (número da guia/senha) para encerrar a parcial", kind: .checkbox,
                      value: record?.requiresAuthorization == true ? "true" : "false"),
            FormField(name: "contactName", label: "Contato", value: record?.contactName ?? ""),
            FormField(name: "contactEmail", label: "E-mail do contato", kind: .email, value: record?.contactEmail ?? ""),
            FormField(name: "contactPhone", label: "Telefone do contato", value: record?.contactPhone ?? ""),
        ]
    }

    /// Unknown select values fall back to the defaults; a hand-made POST cannot store an invalid enum.
    func record(from form: FormData) -> Payer {
        Payer(
            name: form["name"], ansRegistry: form.optional("ansRegistry"),
            billingStandard: BillingStandard(rawValue: form["billingStandard"]) ?? .convenio,
            tissVersion: TISSVersion(rawValue: form["tissVersion"]) ?? .current,
            tissHashEncoding: TISSHashEncoding(rawValue: form["tissHashEncoding"]) ?? .iso88591,
            contactName: form.optional("contactName"), contactEmail: form.optional("contactEmail"),
            contactPhone: form.optional("contactPhone"), requiresAuthorization: form["requiresAuthorization"] == "true")
    }

}
