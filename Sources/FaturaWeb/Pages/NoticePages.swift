import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird

/// *Comunicados de convênio*: billing registers the payer's letter or e-mail and distributes it;
/// each sector reads it and says what it did; the supervisor sees who has not.
enum NoticePages {
    static let routes: [PageRoute] = [
        PageRoute(.get, "/notices", .viewNotices) { try await list($0) },
        PageRoute(.post, "/notices", .manageNotices) { request in
            let created = try await create(request)
            return request.redirect(.notice(created.id ?? 0), notice: .created)
        }.redisplaying { request, refusal in try await list(request, refusal: refusal) },
        PageRoute(.get, "/notices/:id", .viewNotices) { try await detail($0) },
        PageRoute(.post, "/notices/:id/read", .viewNotices) { request in
            let id = try request.id()
            _ = try await request.billing.notices.acknowledge(id, sectorId: try sectorId(request), .read,
                                                              actorSectorId: request.identity.confinedSectorId, by: request.actor)
            return request.redirect(.notice(id), notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/notices/:id/done", .viewNotices) { request in
            let id = try request.id()
            _ = try await request.billing.notices.acknowledge(id, sectorId: try sectorId(request), .done(note: request.form["note"]),
                                                              actorSectorId: request.identity.confinedSectorId, by: request.actor)
            return request.redirect(.notice(id), notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/notices/:id/sectors", .manageNotices) { request in
            let id = try request.id()
            guard let sector = Int(request.form["sectorId"]) else { throw FaturaError.validation([FieldError("sectorId", "Escolha o setor.")]) }
            let due: CalendarDay?
            if let typed = request.form.optional("dueOn") {
                guard let day = CalendarDay(typed: typed) else { throw FaturaError.validation([FieldError("dueOn", "Prazo inválido: use dd/mm/aaaa.")]) }
                due = day
            } else { due = nil }
            try await request.billing.notices.addSector(id, sectorId: sector, dueOn: due, by: request.actor)
            return request.redirect(.notice(id), notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/notices/:id/sectors/:item/removal", .manageNotices) { request in
            let id = try request.id()
            try await request.billing.notices.removeSector(id, distributionId: try request.id("item"), by: request.actor)
            return request.redirect(.notice(id), notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.post, "/notices/:id/link", .manageNotices) { request in
            let id = try request.id()
            guard let version = Int(request.form["version"]) else { throw FaturaError.badRequest("Versão do comunicado ausente: recarregue a página.") }
            _ = try await request.billing.notices.link(id, contractId: Int(request.form["contractId"]), priceTableId: Int(request.form["priceTableId"]),
                                                       expectedVersion: version, by: request.actor)
            return request.redirect(.notice(id), notice: .saved)
        }.redisplaying { request, refusal in try await detail(request, refusal: refusal) },
        PageRoute(.get, "/notices/attachments/:id", .viewNotices) { request in
            let file = try await request.billing.notices.attachment(try request.id())
            _ = try await visible(request, try await request.billing.notices.get(file.noticeId))
            var headers = HTTPFields()
            headers[.contentType] = file.info.contentType
            // Always a download: an uploaded HTML or SVG is never rendered in the application's origin.
            headers[.contentDisposition] = "attachment; filename=\"\(asciiName(file.info.filename))\""
            headers[.init("X-Content-Type-Options")!] = "nosniff"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.content)))
        },
    ]

    static func sectorId(_ request: PageRequest) throws -> Int {
        guard let id = Int(request.form["sectorId"]) else { throw FaturaError.badRequest("Setor ausente: recarregue a página.") }
        return id
    }

    /// A file name safe in a header: ASCII letters, digits, dot, dash, underscore.
    static func asciiName(_ name: String) -> String {
        let kept = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_".contains($0)) ? $0 : "_" }.prefix(100))
        return kept.isEmpty ? "anexo" : kept
    }

    static func contentType(of filename: String) -> String {
        switch filename.split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
        case "pdf": "application/pdf"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "txt": "text/plain; charset=utf-8"
        case "csv": "text/csv; charset=utf-8"
        case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "eml": "message/rfc822"
        default: "application/octet-stream"
        }
    }

    /// The notice, if the user may see it: billing sees the company's; a sector user only one sent to their sector.
    static func visible(_ request: PageRequest, _ stored: NoticeRepository.Stored) throws -> NoticeRepository.Stored {
        guard stored.notice.companyId == request.session.companyId else { throw FaturaError.notFound(entity: "comunicado") }
        if let own = request.identity.confinedSectorId, !stored.distributions.contains(where: { $0.distribution.sectorId == own }) {
            throw FaturaError.forbidden
        }
        return stored
    }

    static func create(_ request: PageRequest) async throws -> PayerNotice {
        var problems: [FieldError] = []
        let received = CalendarDay(typed: request.form["receivedOn"])
        if received == nil { problems.append(FieldError("receivedOn", "Data de recebimento inválida: use dd/mm/aaaa.")) }
        var effective: CalendarDay?
        if let typed = request.form.optional("effectiveOn") {
            effective = CalendarDay(typed: typed)
            if effective == nil { problems.append(FieldError("effectiveOn", "Vigência inválida: use dd/mm/aaaa.")) }
        }
        var due: CalendarDay?
        if let typed = request.form.optional("dueOn") {
            due = CalendarDay(typed: typed)
            if due == nil { problems.append(FieldError("dueOn", "Prazo inválido: use dd/mm/aaaa.")) }
        }
        let payerId = Int(request.form["payerId"])
        if payerId == nil { problems.append(FieldError("payerId", "Escolha o convênio.")) }
        let kind = PayerNoticeKind(rawValue: request.form["kind"])
        if kind == nil { problems.append(FieldError("kind", "Escolha o tipo do comunicado.")) }
        let sectors = request.form.all("sectorIds").compactMap { Int($0) }
        if sectors.isEmpty { problems.append(FieldError("sectorIds", "Escolha ao menos um setor para receber o comunicado.")) }
        if !problems.isEmpty { throw FaturaError.validation(problems) }
        var uploads: [NoticeService.Upload] = []
        for index in 1...PayerNotice.attachmentLimit {
            guard let file = request.form.files["anexo\(index)"], let bytes = request.form.fileBytes["anexo\(index)"], !file.filename.isEmpty, !bytes.isEmpty else { continue }
            uploads.append(.init(filename: file.filename, contentType: contentType(of: file.filename), content: Data(bytes)))
        }
        let notice = PayerNotice(companyId: request.session.companyId ?? 0, payerId: payerId!, receivedOn: received!, subject: request.form["subject"],
                                 text: request.form["text"], kind: kind!, effectiveOn: effective)
        return try await request.billing.notices.create(notice, sectorIds: sectors, dueOn: due, uploads: uploads, by: request.actor)
    }

    static func list(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let companyId = request.session.companyId ?? -1
        let own = request.identity.confinedSectorId
        let summaries = try await request.billing.notices.list(companyId: companyId, sectorId: own)
        let payers = try await request.store.payers.all()
        let names = Dictionary(payers.map { ($0.id ?? 0, $0.name) }, uniquingKeysWith: { a, _ in a })
        let canManage = request.identity.may(.manageNotices)
        let today = request.today
        var fields: [FormField] = []
        var checks: [Check] = []
        if canManage {
            fields = [
                FormField(name: "payerId", label: "Convênio", kind: .select, value: "", options: [("", "—")] + payers.filter(\.active).map { (String($0.id ?? 0), $0.name) }, required: true),
                FormField(name: "receivedOn", label: "Recebido em", value: BrazilianFormat.date(today), required: true, hint: "dd/mm/aaaa"),
                FormField(name: "subject", label: "Assunto", value: "", required: true, hint: "Como na carta ou no e-mail."),
                FormField(name: "kind", label: "Tipo", kind: .select, value: "", options: [("", "—")] + PayerNoticeKind.allCases.map { ($0.rawValue, $0.label) }, required: true),
                FormField(name: "effectiveOn", label: "Vigência", value: "", hint: "dd/mm/aaaa — a partir de quando vale (se o comunicado disser)."),
                FormField(name: "dueOn", label: "Prazo de ciência dos setores", value: "",
                          hint: "dd/mm/aaaa — em branco: \(PayerNotice.defaultBusinessDays) dias úteis (\(BrazilianFormat.date(PayerNotice.defaultDue(distributedOn: today, effectiveOn: nil)))), ou a vigência se vier antes."),
            ].refused(refusal, typed: request.form)
            let chosen = refusal == nil ? nil : Set(request.form.all("sectorIds"))
            checks = try await request.store.sectors.all(active: true).map { sector in
                let value = String(sector.id ?? 0)
                return Check(name: "sectorIds", value: value, label: sector.name,
                             checked: chosen?.contains(value) ?? PayerNotice.defaultSectorCodes.contains(sector.code))
            }
        }
        let rows = summaries.map { s -> NoticeListModel.Row in
            let n = s.notice
            if let mine = s.own {
                return .init(href: SiteURL.notice(n.id ?? 0).path, received: BrazilianFormat.date(n.receivedOn), payer: names[n.payerId] ?? "",
                             subject: n.subject, kind: n.kind.label, progress: mine.status.label, statusKey: mine.status.rawValue,
                             due: BrazilianFormat.date(mine.dueOn), late: mine.isLate(today: today))
            }
            return .init(href: SiteURL.notice(n.id ?? 0).path, received: BrazilianFormat.date(n.receivedOn), payer: names[n.payerId] ?? "",
                         subject: n.subject, kind: n.kind.label, progress: "\(s.done) de \(s.sectors) setores concluíram" + (s.late > 0 ? " · \(s.late) em atraso" : ""),
                         statusKey: s.done == s.sectors ? "done" : "pending", due: "", late: s.late > 0)
        }
        return try await request.render("notices", title: "Comunicados de convênio", section: "notices", NoticeListModel(
            rows: rows, empty: rows.isEmpty, forSector: own != nil, canManage: canManage, fields: fields.map(\.context),
            text: refusal == nil ? "" : request.form["text"], sectors: checks,
            refusal: refusal.map { RefusalModel($0, reload: SiteURL.notices.path, listingFields: true) }, attachmentLimit: PayerNotice.attachmentLimit),
            status: refusal?.status ?? .ok)
    }

    static func detail(_ request: PageRequest, refusal: FormRefusal? = nil) async throws -> Response {
        let stored = try visible(request, try await request.billing.notices.get(try request.id()))
        let n = stored.notice
        let id = n.id ?? 0
        let today = request.today
        let clock = request.environment.clock
        let payer = try await request.store.payers.find(n.payerId)?.name ?? "convênio \(n.payerId)"
        // Whose acknowledgement this user gives: their own sector's, or for billing the billing sector's.
        let mine = stored.distributions.first { d in
            if let own = request.identity.confinedSectorId { return d.distribution.sectorId == own }
            return d.sectorCode == "faturamento"
        }
        let canManage = request.identity.may(.manageNotices)
        let sectors = stored.distributions.map { d in
            let x = d.distribution
            return NoticeModel.Sector(
                id: x.sectorId, distributionId: x.id ?? 0, name: d.sectorName, due: BrazilianFormat.date(x.dueOn), status: x.status.label,
                statusKey: x.status.rawValue, read: x.readAt.map { "\(clock.display($0)) por \(x.readBy ?? "")" } ?? "—",
                done: x.doneAt.map { "\(clock.display($0)) por \(x.doneBy ?? "")" } ?? "—", note: x.doneNote ?? "", late: x.isLate(today: today),
                removable: canManage && x.status == .pending && stored.distributions.count > 1)
        }
        let pending = stored.distributions.filter { $0.distribution.status != .done }.map(\.sectorName)
        var others: [OptionModel] = []
        var contracts: [OptionModel] = []
        var tables: [OptionModel] = []
        if canManage {
            let sent = Set(stored.distributions.map(\.distribution.sectorId))
            others = try await request.store.sectors.all(active: true).filter { !sent.contains($0.id ?? 0) }
                .map { OptionModel(value: String($0.id ?? 0), label: $0.name, selected: false) }
            contracts = try await request.store.contracts.list(companyId: n.companyId).filter { $0.payerId == n.payerId }
                .map { OptionModel(value: String($0.id?.rawValue ?? 0), label: "\($0.name) — versão \($0.version), desde \(BrazilianFormat.date($0.validFrom))",
                                   selected: $0.id?.rawValue == n.contractId) }
            tables = try await request.store.priceTables.all(active: true)
                .map { OptionModel(value: String($0.id ?? 0), label: $0.name + ($0.edition.map { " (\($0))" } ?? ""), selected: $0.id == n.priceTableId) }
        }
        let contract = try await n.contractId.asyncMap { try? await request.store.contracts.get(ID($0)) }
        let table = try await n.priceTableId.asyncMap { try await request.store.priceTables.find($0) }
        // A sector user reads the notice, not the book or the contract it points to.
        let protocols = request.identity.may(.viewProtocolBook) ? try await request.billing.protocols.linked(noticeId: id) : []
        let model = NoticeModel(
            id: id, version: n.version, subject: n.subject, payer: payer, kind: n.kind.label, received: BrazilianFormat.date(n.receivedOn),
            effective: n.effectiveOn.map(BrazilianFormat.date) ?? "—", registeredBy: n.registeredBy, text: n.text,
            attachments: stored.attachments.map { .init(href: SiteURL.noticeAttachment($0.id).path, name: $0.filename, size: size($0.sizeBytes)) },
            hasAttachments: !stored.attachments.isEmpty, sectors: sectors, pending: pending, hasPending: !pending.isEmpty,
            pendingText: pending.joined(separator: ", "),
            hasOwn: mine != nil, ownSectorId: mine?.distribution.sectorId ?? 0, ownSectorName: mine?.sectorName ?? "",
            canRead: mine?.distribution.status == .pending, canFinish: mine.map { $0.distribution.status != .done } ?? false,
            ownStatus: mine?.distribution.status.label ?? "", canManage: canManage, otherSectors: others, hasOtherSectors: !others.isEmpty,
            linkable: canManage && [.tableChange, .ruleChange].contains(n.kind),
            contract: contract.map { "\($0.name) — versão \($0.version), desde \(BrazilianFormat.date($0.validFrom))" } ?? "",
            contractHref: request.identity.may(.viewContracts) ? contract.map { SiteURL.contract($0.id?.rawValue ?? 0).path } ?? "" : "",
            priceTable: table.map { $0.name + ($0.edition.map { " (\($0))" } ?? "") } ?? "",
            contracts: contracts, priceTables: tables,
            protocols: protocols.map { .init(number: $0.number, href: SiteURL.protocolReceipt($0.id ?? 0).path, text: "\($0.direction.label) em \(BrazilianFormat.date($0.day))") },
            refusal: refusal.map { RefusalModel($0, reload: SiteURL.notice(id).path, listingFields: true) },
            note: refusal == nil ? "" : request.form["note"])
        return try await request.render("notice", title: "Comunicado: \(n.subject)", section: "notices", model, status: refusal?.status ?? .ok)
    }

    /// "1,2 MB", "830 KB".
    static func size(_ bytes: Int) -> String {
        bytes >= 1_000_000 ? String(format: "%.1f MB", Double(bytes) / 1_000_000).replacingOccurrences(of: ".", with: ",")
            : "\(max(1, bytes / 1_000)) KB"
    }
}
