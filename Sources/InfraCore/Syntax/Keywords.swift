/// The reserved words, recognised on a token's bytes: the parser asks of every word
/// whether it is a keyword, and building a `String` to ask took longer than reading it.
enum Keywords: Equatable {
    case design, network, cluster, `in`
    case kind(ElementKind)

    /// Each reserved word with what it is: static strings, so that searching the
    /// table retains and releases nothing. `Keyword.all` lists the same words, and a
    /// parser test refuses each of them as a name.
    private static let table: [(word: StaticString, keyword: Keywords)] = [
        ("design", .design), ("network", .network), ("cluster", .cluster), ("in", .in),
        ("client", .kind(.client)), ("dns", .kind(.dns)), ("cdn", .kind(.cdn)), ("firewall", .kind(.firewall)),
        ("load-balancer", .kind(.loadBalancer)), ("server", .kind(.server)), ("web-server", .kind(.webServer)),
        ("app-server", .kind(.appServer)), ("database", .kind(.database)), ("cache", .kind(.cache)),
        ("queue", .kind(.queue)), ("storage", .kind(.storage)), ("monitor", .kind(.monitor)),
        ("agent", .kind(.agent)), ("service", .kind(.service)),
    ]

    private static let longest = table.map(\.word.utf8CodeUnitCount).max() ?? 0

    /// The table's entries by their first byte: a word is compared with the one or
    /// two that start alike, not with all nineteen.
    private static let byFirstByte: [[Int]] = {
        var lists = [[Int]](repeating: [], count: 256)
        for (position, entry) in table.enumerated() { lists[Int(entry.word.utf8Start[0])].append(position) }
        return lists
    }()

    /// The keyword spelled by `bytes[range]`, or nil.
    static func match(_ bytes: [UInt8], _ range: SourceRange) -> Keywords? {
        let count = range.end - range.start
        guard count >= 2, count <= longest, range.start >= 0, range.end <= bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            for position in byFirstByte[Int(buffer[range.start])] {
                let (word, keyword) = table[position]
                guard word.utf8CodeUnitCount == count else { continue }
                var same = true
                for offset in 1..<count where buffer[range.start + offset] != word.utf8Start[offset] {
                    same = false
                    break
                }
                if same { return keyword }
            }
            return nil
        }
    }
}
