import FaturaBilling
import FaturaDomain
import FaturaStore
import Foundation
import Hummingbird

/// "Importar do HIS" from the pages: the same JSON the API takes, or the HIS's CSV export, for a
/// day the interface was down or a file the HIS team sends by hand. All or nothing, every problem
/// named by its place; the report says what came, what was priced and what billing's corrections kept.
enum HISImportPages {
    static let routes = [
        PageRoute(.get, "/accounts/import", .editAccounts) { request in
            try await request.render("his_import", title: "Importar do HIS", section: "accounts", HISImportModel())
        },
        PageRoute(.post, "/accounts/import", .editAccounts) { request in
            guard let file = request.form.files["file"], !file.text.isEmpty else {
                throw FaturaError.validation([FieldError("file", "Escolha o arquivo do HIS (.json ou .csv).")])
            }
            let document: HISDocument
            if file.filename.lowercased().hasSuffix(".csv") {
                document = try await HISCSVReader.document(from: TextLines(file.text, encoding: file.encoding))
            } else {
                do {
                    document = try JSONDecoder().decode(HISDocument.self, from: Data(file.text.utf8))
                } catch {
                    throw FaturaError.validation([FieldError("file", "O arquivo não é um JSON de atendimentos do HIS (\(Self.describe(error))). Use .csv para a exportação em CSV.")])
                }
            }
            let report = try await request.billing.his.ingest(document, by: request.actor)
            return try await request.render("his_import", title: "Importar do HIS", section: "accounts", HISImportModel(report: report, file: file.filename))
        }.redisplaying { request, refusal in
            try await request.render("his_import", title: "Importar do HIS", section: "accounts",
                                     // A place in the document ("encounters[0].partials[1]…") is said; the form's own field is not.
                                     HISImportModel(errors: refusal.fieldErrors.isEmpty ? [refusal.message]
                                                        : refusal.fieldErrors.map { $0.field == "file" || $0.field.isEmpty ? $0.message : "\($0.field): \($0.message)" },
                                                    file: request.form.files["file"]?.filename ?? ""),
                                     status: refusal.status)
        },
    ]

    /// Where the JSON broke, in words (the decoder's path), not Swift's description.
    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?: "falta o campo \((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            "valor de tipo errado em \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .dataCorrupted(let context)?: context.codingPath.isEmpty ? "JSON malformado" : "valor inválido em \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "JSON malformado"
        }
    }
}

/// `his_import.mustache`: the upload form, and after it the report or every problem.
struct HISImportModel: Sendable {
    struct Line: Sendable {
        let label: String
        let value: String
    }

    var lines: [Line] = []
    var conflicts: [String] = []
    var errors: [String] = []
    var file = ""
    var done = false
    var hasErrors = false

    init() {}

    init(report: HISIngestionService.Report, file: String) {
        self.file = file
        done = true
        lines = [
            .init(label: "Atendimentos novos / alterados", value: "\(report.encountersCreated) / \(report.encountersUpdated)"),
            .init(label: "Parciais novas", value: String(report.partialsCreated)),
            .init(label: "Lançamentos novos / alterados / sem mudança", value: "\(report.itemsCreated) / \(report.itemsUpdated) / \(report.itemsUnchanged)"),
            .init(label: "Precificados / sem preço", value: "\(report.itemsPriced) / \(report.itemsUnpriced)"),
            .init(label: "Mantidos como o faturamento corrigiu", value: String(report.itemsKeptByBilling)),
        ]
        conflicts = report.conflicts
    }

    init(errors: [String], file: String) {
        self.errors = errors
        self.file = file
        hasErrors = true
    }
}
