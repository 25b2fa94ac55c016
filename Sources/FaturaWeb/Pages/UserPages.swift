import FaturaDomain
import FaturaStore

struct UserPages: RegistryPageAdapter {
    static let basePath = "/users"
    let path = UserPages.basePath
    let section = "users"
    let pluralTitle = "Usuários"
    let newTitle = "Novo usuário"
    let editTitle = "Editar usuário"
    let viewPermission = Permission.viewUsers
    let managePermission = Permission.manageUsers
    let columns = ["Usuário", "Nome", "Perfil", "E-mail", "Situação"]

    func registry(_ store: Store) -> Registry<User> { store.users.registry }

    func cells(_ record: User) -> [String] {
        [record.username, record.fullName, record.role.label, record.email ?? "—", record.active ? "Ativo" : "Inativo"]
    }

    func fields(_ record: User?, request: PageRequest) async throws -> [FormField] {
        let sectors = try await request.store.sectors.all(active: true)
        var fields = [
            FormField(name: "username", label: "Usuário", value: record?.username ?? "", required: true, autocomplete: "off"),
            FormField(name: "fullName", label: "Nome completo", value: record?.fullName ?? "", required: true),
            FormField(name: "email", label: "E-mail", kind: .email, value: record?.email ?? ""),
            FormField(name: "role", label: "Perfil", kind: .select, value: record?.role.rawValue ?? Role.biller.rawValue,
                      options: Role.allCases.map { ($0.rawValue, $0.label) }, required: true),
            FormField(name: "sectorId", label: "Setor (para usuário de setor)", kind: .select,
                      value: record?.sectorId.map(String.init) ?? "",
                      options: [("", "—")] + sectors.map { (String($0.id ?? 0), $0.name) }),
        ]
        if record?.id == nil {
            fields.append(FormField(name: "password", label: "Senha inicial", kind: .password, required: true,
                                    hint: "Pelo menos \(PasswordPolicy.minimumLength) caracteres.", autocomplete: "new-password"))
        }
        return fields
    }

    func record(from form: FormData) -> User {
        User(username: form["username"], fullName: form["fullName"], email: form.optional("email"),
             role: Role(rawValue: form["role"]) ?? .biller, sectorId: form.optional("sectorId").flatMap(Int.init))
    }

    func create(_ record: User, request: PageRequest) async throws -> User {
        try await request.store.users.create(record, password: request.form["password"], by: request.actor)
    }

    /// Deactivating oneself would lock the last admin out; another admin must do it.
    func checkSetActive(_ id: Int, active: Bool, request: PageRequest) throws {
        if !active && id == request.identity.user.id {
            throw FaturaError.ownUserDeactivation
        }
    }

    func extraFormSection(_ record: User) -> RegistryFormModel.Extra? {
        RegistryFormModel.Extra(passwordAction: SiteURL.userPassword(record.id ?? 0).path, minimumLength: PasswordPolicy.minimumLength)
    }

    /// Password reset by an admin; the user's sessions end so the old password stops working everywhere.
    static let extraRoutes = [
        PageRoute(.post, "/users/:id/password", .manageUsers) { request in
            let id = try request.id()
            do {
                try await request.store.users.setPassword(id, request.form["password"], by: request.actor,
                                                          keepingSession: id == request.identity.user.id ? request.session.id : nil)
            } catch FaturaError.validation(let errors) {
                return try await request.render("message", title: "Senha não alterada", section: "users", MessagePageModel(
                    heading: "Senha não alterada", text: errors.map(\.message).joined(separator: " "),
                    backHref: SiteURL.registryEdit(basePath, id).path), status: .unprocessableContent)
            }
            return request.redirect(.registryEdit(basePath, id), notice: .passwordChanged)
        },
    ]
}
