import FaturaDomain
import FaturaStore
import Foundation

extension DemoData {
    /// A payer's table change sent to six sectors (two answered), a deadline notice, a record-copy
    /// request waiting for SAME and one delivered, and a letter to the board in the protocol book.
    func loadDepartment() async throws {
        let supervisor = AuditActor(userId: nil, username: "supervisor")
        let payers = try await store.payers.all()
        let sectors = try await store.sectors.all()
        func sector(_ code: String) -> Int? { sectors.first { $0.code == code }?.id }
        guard let vida = payers.first(where: { $0.name.hasPrefix("Vida Plena") })?.id,
              let unimed = payers.first(where: { $0.name.hasPrefix("Unimed") })?.id else { return }
        let contract = try await store.contracts.list(companyId: 1).first { $0.payerId == vida }
        let table = NoticeService.Upload(filename: "oficio-vida-plena-tabela-2027.txt", contentType: "text/plain; charset=utf-8", content: Data("""
            Ofício 118/2026 — Vida Plena Saúde
            A partir de 01/01/2027 os materiais passam a ser pagos pela tabela Simpro com +12%.
            """.utf8))
        let notice = try await billing.notices.create(PayerNotice(
            companyId: 1, payerId: vida, receivedOn: today.adding(days: -2), subject: "Nova tabela de materiais a partir de janeiro",
            text: "Ofício 118/2026: a partir de 01/01/2027 os materiais passam a ser pagos pela tabela Simpro com acréscimo de 12%, e não mais 15%.\nAtualizar o cadastro de preços e orientar a recepção sobre as autorizações de OPME.",
            kind: .tableChange, effectiveOn: Competence.of(today)!.next.firstDay, contractId: contract?.id?.rawValue),
            sectorIds: ["atendimento", "informatica", "controladoria", "faturamento", "imagem", "arquivo"].compactMap(sector), dueOn: nil,
            uploads: [table], by: supervisor)
        let id = notice.id ?? 0
        if let attendance = sector("atendimento") {
            let reception = AuditActor(userId: nil, username: "atendimento")
            _ = try await billing.notices.acknowledge(id, sectorId: attendance, .done(note: "Recepção orientada sobre as autorizações de OPME."),
                                                      actorSectorId: attendance, by: reception)
        }
        if let it = sector("informatica") {
            _ = try await billing.notices.acknowledge(id, sectorId: it, .read, actorSectorId: it, by: AuditActor(userId: nil, username: "ti"))
        }
        _ = try await billing.notices.create(PayerNotice(
            companyId: 1, payerId: unimed, receivedOn: today.adding(days: -1), subject: "Prazo de entrega das faturas passa ao dia 10",
            text: "A partir da próxima competência as faturas devem ser entregues até o dia 10 do mês seguinte ao atendimento.",
            kind: .deadlineChange), sectorIds: nil, dueOn: nil, uploads: [], by: supervisor)

        let archive = AuditActor(userId: nil, username: "arquivo")
        _ = try await billing.recordCopies.create(RecordCopyRequest(
            companyId: 1, requestedOn: today.adding(days: -4), requesterName: "Joana Pereira Lima", relation: .patient,
            requesterDocument: "RG 23.456.789-0", documentChecked: true, patientName: "Joana Pereira Lima", medicalRecordNumber: "PR-004512",
            records: "Internação de 02/09 a 06/09 (colecistectomia): evolução, prescrições e laudos.", purpose: "Perícia do seguro de vida."), by: archive)
        var delivered = try await billing.recordCopies.create(RecordCopyRequest(
            companyId: 1, requestedOn: today.adding(days: -12), requesterName: "Paulo Souza Martins", relation: .attorney,
            requesterDocument: "OAB/SP 123.456 e procuração", documentChecked: true, patientName: "Antônio Martins",
            records: "Atendimento de pronto-socorro de 15/08.", purpose: "Processo judicial (procuração com poderes específicos)."), by: archive)
        let deliveredId = delivered.id ?? 0
        delivered = try await billing.recordCopies.advance(deliveredId, .prepare(pages: 14), companyId: 1, expectedVersion: delivered.version, by: archive)
        delivered = try await billing.recordCopies.advance(deliveredId, .approve, companyId: 1, expectedVersion: delivered.version, by: supervisor)
        _ = try await billing.recordCopies.advance(deliveredId, .deliver(receivedBy: "Paulo Souza Martins", document: "OAB/SP 123.456"),
                                                   companyId: 1, expectedVersion: delivered.version, by: archive)

        _ = try await billing.protocols.register(ProtocolEntry(
            companyId: 1, day: today, direction: .outgoing, counterpart: "Diretoria administrativa e financeira",
            subject: "Relatório de análise da proposta de reajuste da Vida Plena"), by: supervisor)
    }
}

extension DemoData {
    /// The billing team: three members, two trainings (one topic past its recycling for Carlos),
    /// a meeting with the Imaging sector with a late follow-up, a board guideline Ana has not
    /// acknowledged yet, and Ana's evaluation.
    func loadTeam() async throws {
        let supervisor = AuditActor(userId: nil, username: "supervisor")
        let payers = try await store.payers.all()
        let sectors = try await store.sectors.all()
        let vida = payers.first { $0.name.hasPrefix("Vida Plena") }?.id
        let unimed = payers.first { $0.name.hasPrefix("Unimed") }?.id
        let imaging = sectors.first { $0.code == "imagem" }?.id
        for (username, position, hired, covers) in [("supervisor", "Supervisor de faturamento", today.adding(days: -2_400), [Int?]()),
                                                    ("faturista", "Faturista", today.adding(days: -900), [vida]),
                                                    ("faturista2", "Faturista", today.adding(days: -500), [unimed])] {
            _ = try await billing.team.saveStaff(StaffMember(companyId: 1, username: username, position: position, hiredOn: hired,
                                                             payerIds: covers.compactMap { $0 }, sectorIds: username == "faturista" ? [imaging].compactMap { $0 } : []),
                                                 by: supervisor)
        }
        _ = try await billing.team.registerTraining(Training(
            companyId: 1, topic: "Regra de cobrança de exames (TC/RM/US)", day: today.adding(days: -400), minutes: 120, instructor: "Márcio Rogério de Sales",
            material: "POP Gerência de Faturamento e Convênios, item 5", recyclingMonths: 12,
            attendees: [.init(username: "faturista", attended: true), .init(username: "faturista2", attended: true)]), by: supervisor)
        _ = try await billing.team.registerTraining(Training(
            companyId: 1, topic: "Regra de cobrança de exames (TC/RM/US)", day: today.adding(days: -20), minutes: 90, instructor: "Márcio Rogério de Sales",
            recyclingMonths: 12, attendees: [.init(username: "faturista", attended: true), .init(username: "faturista2", attended: false)]), by: supervisor)
        _ = try await billing.team.registerTraining(Training(
            companyId: 1, topic: "TISS 4.03: guias SP/SADT e recursos de glosa", day: today.adding(days: -60), minutes: 240, instructor: "Consultoria TISS",
            recyclingMonths: 24, attendees: [.init(username: "faturista", attended: true), .init(username: "faturista2", attended: true)]), by: supervisor)
        _ = try await billing.team.registerMeeting(Meeting(
            companyId: 1, day: today.adding(days: -15), withSectorId: imaging, attendees: "Márcio (faturamento), Ana Paula (faturamento), coordenação da Imagem",
            agenda: "Laudos sem assinatura devolvidos ao setor; regra de percentuais da Vida Plena.",
            decisions: "A Imagem confere a assinatura do laudo antes de liberar o exame para o faturamento.",
            tasks: [MeetingTask(description: "Enviar à Imagem a lista dos laudos devolvidos no mês", owner: "Ana Paula Ribeiro", dueOn: today.adding(days: -5)),
                    MeetingTask(description: "Revisar o POP de conferência de laudos", owner: "Márcio Rogério de Sales", dueOn: today.adding(days: 10))]),
            by: supervisor)
        let guideline = try await billing.team.issueGuideline(Guideline(
            companyId: 1, issuedOn: today.adding(days: -3), title: "Faturas entregues até o 5º dia útil",
            text: "A diretoria pede que todas as faturas dos convênios sejam entregues até o 5º dia útil do mês, para antecipar o fluxo de caixa."),
            by: AuditActor(userId: nil, username: "diretoria"))
        try await billing.team.acknowledgeGuideline(guideline.id ?? 0, companyId: 1, by: AuditActor(userId: nil, username: "faturista2"))
        try await billing.team.acknowledgeGuideline(guideline.id ?? 0, companyId: 1, by: supervisor)
        _ = try await billing.team.evaluate(Evaluation(
            companyId: 1, username: "faturista", periodFrom: today.adding(days: -180), periodTo: today,
            scores: zip(Evaluation.criteria, [4, 5, 4, 3, 4]).map { Evaluation.Score(criterion: $0, score: $1) },
            comments: "Boa conferência dos exames; relação com a Imagem melhorou.", improvementPlan: "Reciclagem em glosas técnicas no próximo trimestre.",
            evaluatedOn: today), by: supervisor)
    }
}
