/// The reserved words, recognised on a token's bytes: the parser asks of every word
/// whether it is a keyword, and building a `String` to ask took longer than reading it.
enum Keywords: Equatable {
    case design, network, cluster, `in`
    case kind(ElementKind)

    /// Each reserved word's bytes, with what it is.
    private static let table: [(bytes: [UInt8], keyword: Keywords)] = {
        let statements: [(String, Keywords)] = [("design", .design), ("network", .network), ("cluster", .cluster), ("in", .in)]
        let kinds = ElementKind.allCases.map { ($0.rawValue, Keywords.kind($0)) }
        return (statements + kinds).map { (Array($0.0.utf8), $0.1) }
    }()

    private static let longest = table.map(\.bytes.count).max() ?? 0

    /// The keyword spelled by `bytes[range]`, or nil.
    static func match(_ bytes: [UInt8], _ range: SourceRange) -> Keywords? {
        let count = range.end - range.start
        guard count >= 2, count <= longest, range.end <= bytes.count else { return nil }
        let first = bytes[range.start]
        for (word, keyword) in table where word.count == count && word[0] == first {
            if bytes[range.start..<range.end].elementsEqual(word) { return keyword }
        }
        return nil
    }
}
