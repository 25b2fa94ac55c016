/// The proposals list with the form of a new one.
struct ProposalListModel: Sendable {
    struct Row: Sendable {
        let href: String
        let subject: String
        let payer: String
        let received: String
        let start: String
        let status: String
        let statusKey: String
        let difference: String
    }
    let rows: [Row]
    let empty: Bool
    let canManage: Bool
    let fields: [FormFieldModel]
    let refusal: RefusalModel?
}

/// One proposal: its terms beside the current contract's, the simulation, the analysis, the board's decision.
struct ProposalModel: Sendable {
    struct Table: Sendable {
        let id: String
        let title: String
        let headers: [IndicatorsModel.Header]
        let rows: [IndicatorsModel.Row]
        let empty: Bool
    }
    struct Term: Sendable {
        let label: String
        let current: String
        let proposed: String
        let changed: Bool
    }
    let id: Int
    let subject: String
    let payer: String
    let company: String
    let status: String
    let statusKey: String
    let received: String
    let start: String
    let base: String
    let baseHref: String
    let version: Int
    let canEdit: Bool
    let canDecide: Bool
    var fields: [FormFieldModel]
    var refusal: RefusalModel?
    var analysis: String
    let recommendations: [OptionModel]
    let recommendation: String
    let hasAnalysis: Bool
    let running: Bool
    let runningText: String
    let failedText: String
    let hasSimulation: Bool
    let months: String
    let period: String
    let simulatedAt: String
    let itemsRead: String
    let compared: String
    let currentTotal: String
    let proposedTotal: String
    let difference: String
    let percent: String
    let increase: Bool
    let tables: [Table]
    let unpriced: [IndicatorsModel.Row]
    let hasUnpriced: Bool
    let unpricedItems: String
    let boardComment: String
    let decided: Bool
    let decision: String
    let createdContract: String
    let createdHref: String
    let printHref: String
    let printedOn: String
    let terms: [Term]
}
