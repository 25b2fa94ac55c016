import Mustache

// The indicators' tables (and the map's and indicators' option lists) are read field by field: swift-mustache finds a struct's field through
// `Mirror` (every child compared by label, on every lookup), which `perf` showed high in the page's
// time (`fatura bench map`). These types answer by name instead; the indicator page tests read
// every cell back, so a field missing here shows.

extension IndicatorsModel.Cell: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "numeric": numeric
        default: nil
        }
    }
}

extension IndicatorsModel.Row: MustacheParent {
    func child(named name: String) -> Any? { name == "cells" ? cells : nil }
}

extension IndicatorsModel.Header: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "numeric": numeric
        default: nil
        }
    }
}

extension IndicatorsModel.Section: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "title": title
        case "note": note
        case "svg": svg
        case "empty": empty
        case "headers": headers
        case "rows": rows
        case "csvHref": csvHref
        case "html": html
        default: nil
        }
    }
}

extension OptionModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "label": label
        case "selected": selected
        default: nil
        }
    }
}
