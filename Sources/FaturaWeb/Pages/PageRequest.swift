import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird

/// One guarded page request: the request, who asked, the parsed form (POST) and the environment.
struct PageRequest: Sendable {
    let request: Request
    let context: AppRequestContext
    let identity: Identity
    let session: WebSession
    let environment: WebEnvironment
    let form: FormData

    var store: Store { environment.store }
    var billing: Billing { environment.billing }
    /// The hospital's day, from the application's clock.
    var today: CalendarDay { environment.clock.today() }
    var actor: AuditActor { identity.actor }

    /// The integer path parameter `name`; a non-number is a 404 (no such page), not a crash.
    func id(_ name: String = "id") throws -> Int {
        guard let value = context.parameters.get(name, as: Int.self) else { throw FaturaError.notFound(entity: "registro") }
        return value
    }

    func query(_ name: String) -> String? {
        let value = request.uri.queryParameters.get(name)?.trimmingCharacters(in: .whitespaces)
        return value?.isEmpty == false ? value : nil
    }

    func queryInt(_ name: String) -> Int? { query(name).flatMap(Int.init) }

    /// The path's id as a typed id (`ID<PartialBill>`…), where the type says what it identifies.
    func id<Entity>(_ name: String = "id", of entity: Entity.Type) throws -> ID<Entity> { ID(try id(name)) }

    /// Renders `template` with `model` inside the layout (navigation, company picker, notice).
    func render<Model: Sendable>(_ template: String, title: String, section: String, _ model: Model,
                                 status: HTTPResponse.Status = .ok) async throws -> Response {
        let layout = try await Layout.model(title: title, section: section, request: self)
        return environment.renderer.html(template, PageContext(page: model, layout: layout), status: status)
    }

    /// Post/redirect/get: after a write, go to `path` with a message for the next page.
    func redirect(_ url: SiteURL, notice: Notice? = nil) -> Response { redirect(url.path, notice: notice) }

    func redirect(_ path: String, notice: Notice? = nil) -> Response {
        .redirect(to: Self.location(path, notice: notice))
    }

    /// `path` with the notice in its query, before any `#fragment` (the browser never sends what
    /// follows the `#`, so a notice put there would never show).
    static func location(_ path: String, notice: Notice?) -> String {
        guard let notice else { return path }
        let hash = path.firstIndex(of: "#") ?? path.endIndex
        let base = path[..<hash]
        return base + (base.contains("?") ? "&" : "?") + "aviso=" + notice.rawValue + path[hash...]
    }
}

/// Messages shown after a redirect; passed as a code in the URL so no server state is needed.
enum Notice: String {
    case saved = "salvo"
    case savedWindows1252 = "salvo-windows-1252"
    case created = "criado"
    case deactivated = "desativado"
    case activated = "reativado"
    case passwordChanged = "senha"
    case tokenRevoked = "token-revogado"
    case companyChanged = "coligada"
    case ncRegistered = "nc-registrada"
    case ncCorrected = "nc-corrigida"
    case ncAccepted = "nc-aceita"
    case ncSentBack = "nc-devolvida"
    case ncCancelled = "nc-cancelada"
    case partialClosed = "parcial-encerrada"
    case partialReopened = "parcial-reaberta"
    case returnSent = "devolucao-enviada"
    case itemAdded = "lancamento-incluido"
    case itemCorrected = "lancamento-corrigido"
    case itemRemoved = "lancamento-removido"
    case invoiceClosed = "fatura-fechada"
    case invoiceReopened = "fatura-reaberta"
    case invoiceSent = "fatura-enviada"
    case receiptImported = "protocolo-importado"
    case statementImported = "demonstrativo-importado"
    case statementAlreadyImported = "demonstrativo-repetido"
    case paymentsImported = "pagamentos-importados"
    case protocolSituationImported = "situacao-protocolo"
    case glosaAccepted = "glosa-aceita"
    case appealCreated = "recurso-criado"
    case appealSent = "recurso-enviado"
    case appealAnswered = "recurso-respondido"

    var message: String {
        switch self {
        case .saved: "Alterações salvas."
        case .savedWindows1252: "Alterações salvas. " + (TextEncoding.windows1252.notice ?? "")
        case .created: "Cadastro criado."
        case .deactivated: "Registro desativado."
        case .activated: "Registro reativado."
        case .passwordChanged: "Senha alterada."
        case .tokenRevoked: "Token revogado."
        case .companyChanged: "Coligada atual alterada."
        case .ncRegistered: "Não conformidade registrada: o prontuário está devolvido ao setor."
        case .ncCorrected: "Correção registrada: o faturamento vai conferir."
        case .ncAccepted: "Correção aceita: não conformidade encerrada."
        case .ncSentBack: "Não conformidade devolvida ao setor com novo prazo."
        case .ncCancelled: "Não conformidade cancelada."
        case .partialClosed: "Parcial encerrada: itens e preços agora são somente leitura."
        case .partialReopened: "Parcial reaberta. O motivo ficou registrado na auditoria."
        case .returnSent: "Documento marcado como enviado ao setor."
        case .itemAdded: "Lançamento incluído e precificado. Se houver exames, execute de novo a regra de cobrança de exames."
        case .itemCorrected: "Lançamento corrigido e precificado de novo. O motivo e o antes e depois ficaram na auditoria."
        case .itemRemoved: "Lançamento removido da parcial. O motivo ficou registrado."
        case .invoiceClosed: "Fatura fechada: os lotes foram gerados e validados no esquema oficial do TISS."
        case .invoiceReopened: "Fatura reaberta: os lotes gerados foram descartados."
        case .invoiceSent: "Fatura marcada como enviada."
        case .receiptImported: "Protocolo de recebimento importado."
        case .statementImported: "Demonstrativo importado: as glosas estão na lista, e as linhas sem item aguardam associação abaixo."
        case .statementAlreadyImported: "Este demonstrativo já tinha sido importado: nada mudou."
        case .paymentsImported: "Demonstrativo de pagamento importado: cada protocolo pago está registrado como pagamento na sua fatura."
        case .protocolSituationImported: "Situação do protocolo no convênio registrada nos lotes abaixo."
        case .glosaAccepted: "Glosa aceita: o valor foi baixado, com o motivo registrado."
        case .appealCreated: "Recurso criado: confira, imprima ou baixe o XML e registre o envio."
        case .appealSent: "Recurso registrado como enviado."
        case .appealAnswered: "Resposta registrada: o valor acatado está como recuperado."
        }
    }
}
