import FaturaDomain
import Testing

@Suite struct EntityValidationTests {
    @Test func companyNormalisesAndValidates() {
        var company = Company(name: "  Hospital São Lucas ", cnpj: "11.222.333/0001-81", cnes: "207.748-5")
        company.normalize()
        #expect(company.name == "Hospital São Lucas")
        #expect(company.cnpj == "11222333000181")
        #expect(company.cnes == "2077485")
        #expect(company.validate().isEmpty)
    }

    @Test func companyListsEveryProblemAtOnce() {
        var company = Company(name: "", cnpj: "11.222.333/0001-82", cnes: "12")
        company.normalize()
        let errors = company.validate()
        #expect(errors.map(\.field) == ["name", "cnpj", "cnes"])
        #expect(errors[1].message == "CNPJ inválido: confira os 14 dígitos e os dígitos verificadores.")
    }

    @Test func insurerNeedsAnANSRegistryButSUSDoesNot() {
        var insurer = Payer(name: "Vida Plena", ansRegistry: nil)
        insurer.normalize()
        #expect(insurer.validate() == [FieldError("ansRegistry", "Registro ANS é obrigatório para convênios.")])
        var sus = Payer(name: "SUS", ansRegistry: "", billingStandard: .sus)
        sus.normalize()
        #expect(sus.validate().isEmpty)
        var wrong = Payer(name: "X", ansRegistry: "12345", contactEmail: "sem-arroba")
        wrong.normalize()
        #expect(wrong.validate().map(\.field) == ["ansRegistry", "contactEmail"])
    }

    @Test func sectorUserNeedsASector() {
        var user = User(username: " Ana.Paula ", fullName: "Ana", role: .sector)
        user.normalize()
        #expect(user.username == "ana.paula")
        #expect(user.validate() == [FieldError("sectorId", "Usuário de setor precisa de um setor.")])
        user.role = .biller
        user.sectorId = 3
        user.normalize()
        #expect(user.sectorId == nil) // only sector users keep a sector
    }

    @Test func passwordPolicy() {
        #expect(PasswordPolicy.validate("1234567").count == 1)
        #expect(PasswordPolicy.validate("12345678").isEmpty)
    }

    @Test func defaultSectorsAreTheOnesTheGlossaryNames() {
        let names = Sector.defaults.map(\.name)
        for required in ["Atendimento", "Informática", "Controladoria", "Faturamento", "Auditoria", "Arquivo (SAME)", "Diretoria",
                         "Pronto-Socorro", "UTI", "Centro Cirúrgico", "Imagem", "Internação", "Ambulatório"] {
            #expect(names.contains(required))
        }
        #expect(Set(Sector.defaults.map(\.code)).count == Sector.defaults.count)
        #expect(Sector.defaults.allSatisfy { $0.validate().isEmpty })
    }
}

@Suite struct PermissionTests {
    @Test func adminMayDoEverything() {
        #expect(Role.admin.permissions == Set(Permission.allCases))
    }

    @Test func sectorUserSeesOnlyTheirQueue() {
        #expect(Role.sector.permissions == [.useApplication, .viewSectorQueue, .correctNonConformities, .viewNotices, .viewManagement])
        #expect(!Role.sector.may(.viewAccounts) && !Role.sector.may(.viewContracts) && !Role.sector.may(.viewInvoices))
    }

    @Test func onlySupervisorAndAdminReopenPartials() {
        #expect(Role.allCases.filter { $0.may(.reopenPartials) } == [.admin, .supervisor])
    }

    @Test func sectorsCorrectAndBillingChecks() {
        #expect(Role.allCases.filter { $0.may(.correctNonConformities) } == [.admin, .sector, .records])
        #expect(Role.allCases.filter { $0.may(.manageNonConformities) } == [.admin, .supervisor, .biller])
    }

    /// Patients' record requests: the supervisor and SAME; only the supervisor approves a copy leaving.
    @Test func recordCopiesAreTheSupervisorsAndSAMEs() {
        #expect(Role.allCases.filter { $0.may(.viewRecordCopies) } == [.admin, .supervisor, .records])
        #expect(Role.allCases.filter { $0.may(.approveRecordCopies) } == [.admin, .supervisor])
        #expect(Role.allCases.filter { $0.may(.manageNotices) } == [.admin, .supervisor, .biller])
        #expect(Role.allCases.filter(\.isSectorBound) == [.sector, .records])
    }

    @Test func onlyAdminManagesUsers() {
        #expect(Role.allCases.filter { $0.may(.manageUsers) } == [.admin])
    }

    @Test func supervisorManagesRegistriesAndReadsTheAuditLog() {
        #expect(Role.supervisor.may(.manageRegistries))
        #expect(Role.supervisor.may(.viewAuditLog))
        #expect(!Role.biller.may(.manageRegistries))
        #expect(!Role.board.may(.viewAuditLog))
        #expect(!Role.auditor.may(.viewContracts))
    }

    @Test func errorsCarryStableCodesAndMessages() {
        #expect(FaturaError.validation([]).code == "validation_failed")
        #expect(FaturaError.notFound(entity: "convênio").message == "Não encontrado: convênio.")
    }
}
