import SQLKit

/// The connection of an open transaction (or of a read), as the billing services hold it: they pass
/// it to repositories and never build SQL with it (`grep` finds no query builder in FaturaBilling).
public typealias Transaction = any SQLDatabase
