import ArgumentParser
import FaturaDomain
import FaturaStore
import Logging

/// User administration from the shell, for the first access or a locked-out admin.
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Administra usuários.",
        subcommands: [List.self, Create.self, SetPassword.self])

    static func withStore<T>(_ options: DatabaseOptions, _ body: (Store) async throws -> T) async throws -> T {
        LogSetup.bootstrap(level: .warning)
        let store = try await Store.open(.parse(options.location), logger: Logger(label: "fatura.users"))
        do {
            let value = try await body(store)
            await store.shutdown()
            return value
        } catch {
            await store.shutdown()
            throw error
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lista os usuários.")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            try await Users.withStore(db) { store in
                for user in try await store.users.registry.all() {
                    print("\(user.username)\t\(user.role.rawValue)\t\(user.active ? "ativo" : "inativo")\t\(user.fullName)")
                }
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cria um usuário (senha pela variável FATURA_NEW_PASSWORD ou gerada).")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "Nome de usuário.") var username: String
        @Option(help: "Nome completo.") var name: String
        @Option(help: "Perfil: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("Perfil desconhecido: \(role).") }
            let password = Environment.value("FATURA_NEW_PASSWORD") ?? Secrets.randomPassword()
            try await Users.withStore(db) { store in
                _ = try await store.users.create(User(username: username, fullName: name, role: role), password: password, by: .system)
            }
            print(Environment.value("FATURA_NEW_PASSWORD") == nil ? "Usuário criado. Senha gerada: \(password)" : "Usuário criado.")
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-password",
                                                        abstract: "Define a senha de um usuário (variável FATURA_NEW_PASSWORD ou gerada) e o desbloqueia.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "Nome de usuário.") var username: String

        func run() async throws {
            let password = Environment.value("FATURA_NEW_PASSWORD") ?? Secrets.randomPassword()
            try await Users.withStore(db) { store in
                guard let id = try await store.users.find(username: username)?.id else {
                    throw ValidationError("Usuário não encontrado: \(username).")
                }
                try await store.users.setPassword(id, password, by: .system)
            }
            print(Environment.value("FATURA_NEW_PASSWORD") == nil ? "Senha redefinida: \(password)" : "Senha redefinida.")
        }
    }
}
