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
