import FaturaDomain

extension Optional {
    /// The id of a row read from (or just written to) `table`; none is a fault, refused with the
    /// table named — never a 0 that would point at nothing or at another row.
    public func stored(_ table: String) throws -> Wrapped {
        guard let self else { throw FaturaError.noIdReturned(table: table) }
        return self
    }
}
