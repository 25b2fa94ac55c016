import FaturaDomain
import FaturaStore

/// The catalogue of non-conformity types: what billers find, who usually corrects it, in how many business days.
struct NonConformityTypePages: RegistryPageAdapter {
    let path = "/nonconformity-types"
    let section = "nc-types"
    let pluralTitle = "Tipos de não conformidade"
    let newTitle = "Novo tipo de não conformidade"
    let editTitle = "Editar tipo de não conformidade"
    let viewPermission = Permission.viewRegistries
    let managePermission = Permission.manageRegistries
    let columns = ["Nome", "Código", "Setor padrão", "Prazo (dias úteis)", "Situação"]

    func registry(_ store: Store) -> Registry<NonConformityType> { store.nonConformityTypes }

    func cells(_ record: NonConformityType) -> [String] {
        [record.name, record.code, record.defaultSectorCode ?? "Setor de origem do atendimento", String(record.deadlineBusinessDays),
         record.active ? "Ativo" : "Inativo"]
    }

    /// The default sector by its name (the code is for the HIS and imports).
    func rows(_ records: [NonConformityType], request: PageRequest) async throws -> [[String]] {
        let names = Dictionary(try await request.store.sectors.all().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        return records.map { record in
            var row = cells(record)
            if let code = record.defaultSectorCode { row[2] = names[code] ?? code }
            return row
        }
    }

    func fields(_ record: NonConformityType?, request: PageRequest) async throws -> [FormField] {
        let sectors = try await request.store.sectors.all(active: true)
        return [
            FormField(name: "name", label: "Nome", value: record?.name ?? "", required: true),
            FormField(name: "code", label: "Código", value: record?.code ?? "", required: true, hint: "Curto e estável, sem acentos (ex.: laudo)."),
            FormField(name: "defaultSectorCode", label: "Setor que costuma corrigir", kind: .select, value: record?.defaultSectorCode ?? "",
                      options: [("", "O setor de origem do atendimento")] + sectors.map { ($0.code, $0.name) }),
            FormField(name: "deadlineBusinessDays", label: "Prazo para correção (dias úteis)", kind: .number,
                      value: record.map { String($0.deadlineBusinessDays) } ?? "2", required: true,
                      hint: "Conta só dias úteis: fins de semana e feriados nacionais não contam."),
        ]
    }

    /// A non-number deadline becomes -1, which validation names ("entre 0 e 60").
    func record(from form: FormData) -> NonConformityType {
        NonConformityType(code: form["code"], name: form["name"], defaultSectorCode: form.optional("defaultSectorCode"),
                          deadlineBusinessDays: Int(form["deadlineBusinessDays"].trimmingCharacters(in: .whitespaces)) ?? -1)
    }

}
