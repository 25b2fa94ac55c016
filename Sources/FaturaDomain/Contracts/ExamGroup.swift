/// A group of exams (Tomografia, Ressonância, Ultrassonografia or one the hospital adds) that
/// points at an incidence band and carries the default percentages of each table (DOMAIN.md §3.5).
public struct ExamGroup: Hashable, Sendable, Codable, Identifiable {
    public var id: Int?
    public var code: String
    public var name: String
    public var band: Int
    public var ambSecond: Percentage
    public var ambThird: Percentage
    public var cbhpmSecond: Percentage
    public var cbhpmThird: Percentage
    public var codeRanges: [CodeRange]
    public var active: Bool

    public init(id: Int? = nil, code: String, name: String, band: Int, ambSecond: Percentage, ambThird: Percentage,
                cbhpmSecond: Percentage, cbhpmThird: Percentage, codeRanges: [CodeRange] = [], active: Bool = true) {
        self.id = id
        self.code = code
        self.name = name
        self.band = band
        self.ambSecond = ambSecond
        self.ambThird = ambThird
        self.cbhpmSecond = cbhpmSecond
        self.cbhpmThird = cbhpmThird
        self.codeRanges = codeRanges
        self.active = active
    }

    public func contains(code: String) -> Bool { codeRanges.contains { $0.contains(code) } }

    /// The three groups of the seed with the AMB and CBHPM defaults of DOMAIN.md §3.5, and the
    /// TUSS/CBHPM code ranges of their chapters (4.10 CT, 4.11 MRI, 4.09 ultrasound).
    public static let defaults: [ExamGroup] = [
        ExamGroup(code: "tomografia", name: "Tomografia", band: 1,
                  ambSecond: Percentage(percent: 70), ambThird: Percentage(percent: 50),
                  cbhpmSecond: Percentage(percent: 70), cbhpmThird: Percentage(percent: 70),
                  codeRanges: [CodeRange(from: "41000000", to: "41099999")]),
        ExamGroup(code: "ressonancia", name: "Ressonância", band: 2,
                  ambSecond: Percentage(percent: 80), ambThird: Percentage(percent: 80),
                  cbhpmSecond: Percentage(percent: 70), cbhpmThird: Percentage(percent: 70),
                  codeRanges: [CodeRange(from: "41100000", to: "41199999")]),
        ExamGroup(code: "ultrassonografia", name: "Ultrassonografia", band: 3,
                  ambSecond: Percentage(percent: 50), ambThird: Percentage(percent: 50),
                  cbhpmSecond: Percentage(percent: 70), cbhpmThird: Percentage(percent: 70),
                  codeRanges: [CodeRange(from: "40900000", to: "40999999")]),
    ]
}

/// A single code (`from == to`) or an inclusive range of same-length numeric codes.
public struct CodeRange: Hashable, Sendable, Codable {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    public func contains(_ code: String) -> Bool {
        code.count == from.count && from <= code && code <= to
    }
}
