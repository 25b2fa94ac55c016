import SQLKit
import Synchronization

extension SQLRowDecoder.KeyDecodingStrategy {
    /// `convertFromSnakeCase`, with each key's column name worked out once per process: SQLKit's own
    /// strategy converts every key of every row again, which perf showed in every page's request
    /// (session, company picker, registries).
    static let snakeCase = Self.custom { path in
        let key = path.last?.stringValue ?? ""
        return SnakeCaseKey(stringValue: SnakeCaseKey.column(for: key))
    }
}

struct SnakeCaseKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    private static let cache = Mutex<[String: String]>([:])

    /// SQLKit's own conversion (`convertedToSnakeCase`, internal to it), step for step: words start
    /// at a capital, a run of capitals is one word, each word's first letter lowered.
    static func column(for key: String) -> String {
        if let known = cache.withLock({ $0[key] }) { return known }
        let column = convert(key)
        cache.withLock { $0[key] = column }
        return column
    }

    static func convert(_ key: String) -> String {
        guard !key.isEmpty else { return key }
        var words: [Range<String.Index>] = []
        var wordStart = key.startIndex, searchIndex = key.index(after: wordStart)
        while let upper = key[searchIndex...].firstIndex(where: \.isUppercase) {
            words.append(wordStart..<upper)
            wordStart = upper
            guard let lower = key[upper...].firstIndex(where: \.isLowercase) else { break }
            searchIndex = lower
            if lower != key.index(after: upper) {
                let beforeLower = key.index(before: lower)
                words.append(upper..<beforeLower)
                wordStart = beforeLower
            }
        }
        words.append(wordStart..<key.endIndex)
        return words.map { range in
            let word = key[range]
            return word.isEmpty ? "" : word.prefix(1).lowercased() + word.dropFirst()
        }.joined(separator: "_")
    }
}
