import FaturaDomain

/// Two contract versions field by field, as the comparison page and the API show them.
enum ContractComparison {
    static func rows(_ left: Contract, _ right: Contract, tableNames: [Int: String]) -> [(field: String, left: String, right: String)] {
        func describe(_ c: Contract) -> [(String, String)] {
            var rows: [(String, String)] = [
                ("Nome", c.name), ("Versão", String(c.version)), ("Vigência", ContractPages.validity(c)), ("Tabela", c.procedureTable.label),
                ("Edição", c.procedureTableId.flatMap { tableNames[$0] } ?? "—"), ("Série de valores", c.valueSeries ?? "—"),
                ("Ajuste do porte", BrazilianFormat.percentage(c.porteAdjustment)),
                ("UCO", c.ucoValue.map { "R$ " + $0.description } ?? "da série"), ("CH", c.chValue.map { "R$ " + $0.description } ?? "da série"),
                ("Filme (m²)", c.filmValue.map { "R$ " + $0.description } ?? "da série"), ("Urgência", c.urgencySurcharge ? "Sim" : "Não"),
                ("Medicamentos", BrazilianFormat.percentage(c.drugPercentage)), ("Materiais", BrazilianFormat.percentage(c.materialPercentage)),
                ("Tabela própria", c.ownTableId.flatMap { tableNames[$0] } ?? "—"), ("Medicamentos (tabela)", c.drugTableId.flatMap { tableNames[$0] } ?? "—"),
                ("Materiais (tabela)", c.materialTableId.flatMap { tableNames[$0] } ?? "—"),
            ]
            for band in Set((left.bands + right.bands).map(\.band)).sorted() {
                let config = c.bands.first { $0.band == band }
                rows.append(("Faixa \(band)", config.map { BrazilianFormat.percentage($0.second) + " / " + BrazilianFormat.percentage($0.third ?? $0.second) } ?? "padrão da tabela"))
            }
            return rows
        }
        return zip(describe(left), describe(right)).map { (field: $0.0.0, left: $0.0.1, right: $0.1.1) }
    }
}
