/// How far a fix can be trusted to be applied without a person reading it, as
/// ruff and clippy define it.
public enum Applicability: String, CaseIterable, Sendable, Codable, Comparable {
    /// Cannot change what the design means beyond the finding: `infralint fix` applies it.
    case safe
    /// Changes the architecture (a second load balancer, a firewall in front of a
    /// path): applied with `--unsafe`.
    case unsafe
    /// No edit can be right without the author's intent: the advice is prose.
    case manual

    private var rank: Int {
        switch self {
        case .safe: return 0
        case .unsafe: return 1
        case .manual: return 2
        }
    }

    public static func < (a: Applicability, b: Applicability) -> Bool { a.rank < b.rank }
}

/// What a finding proposes: a list of edits of the design with their
/// applicability, or, for a manual fix, prose naming the elements.
///
/// Every output prints `text`, which is rendered from the edits (`Fix.render`),
/// so what is printed is exactly what `infralint fix` would do.
public struct Fix: Hashable, Sendable {
    public var applicability: Applicability
    /// A few words saying what the edits achieve ("pair lb-01 with a standby");
    /// for a manual fix, the whole advice.
    public var title: String
    /// The edits, in the order they are applied; empty for a manual fix.
    public var edits: [Edit]
    /// What every output prints.
    public var text: String
    /// The edits as byte-range replacements of the file, when they were compiled
    /// against its syntax (SARIF's `artifactChanges`, `infralint fix`).
    public var patches: [TextPatch]?

    /// A fix made of edits.
    public init(_ applicability: Applicability, _ title: String, _ edits: [Edit]) {
        self.applicability = edits.isEmpty ? .manual : applicability
        self.title = title
        self.edits = edits
        self.text = Fix.render(title: title, edits: edits)
        self.patches = nil
    }

    /// Advice no edit can carry out.
    public static func manual(_ advice: String) -> Fix {
        Fix(.manual, advice, [])
    }

    /// The text of a fix: its title, then each edit in the design language;
    /// consecutive edits that point links at one name, or route them through one
    /// firewall, are said once.
    public static func render(title: String, edits: [Edit]) -> String {
        guard !edits.isEmpty else { return title }
        // One edit, the usual case: nothing to group.
        if edits.count == 1 {
            let description = edits[0].description
            guard !title.isEmpty else { return description }
            var text = title
            text.reserveCapacity(title.utf8.count + 2 + description.utf8.count)
            text += ": "
            text += description
            return text
        }
        var steps: [String] = []
        var index = 0
        while index < edits.count {
            var group = [edits[index]]
            while index + group.count < edits.count, Edit.sameGroup(edits[index], edits[index + group.count]) {
                group.append(edits[index + group.count])
            }
            steps.append(group.count == 1 ? group[0].description : Edit.describe(group))
            index += group.count
        }
        let text = steps.joined(separator: "; ")
        return title.isEmpty ? text : "\(title): \(text)"
    }

    /// How outputs introduce it: "Fix", "Fix (unsafe)", "Advice".
    public var label: String {
        switch applicability {
        case .safe: return "Fix"
        case .unsafe: return "Fix (unsafe)"
        case .manual: return "Advice"
        }
    }

    /// The names the fix declares: two fixes that declare the same name cannot be
    /// applied together.
    public var declaredNames: Set<String> {
        Set(edits.flatMap(\.declaredNames))
    }
}

/// One replacement of a byte range of the source (an insertion when the range is empty).
public struct TextPatch: Hashable, Sendable, Comparable {
    public var range: SourceRange
    public var replacement: String
    /// An insertion that cannot share its place with another (a block opened after
    /// a declaration's head); insertions of whole lines can.
    public var exclusive: Bool

    public init(_ range: SourceRange, _ replacement: String, exclusive: Bool = false) {
        self.range = range
        self.replacement = replacement
        self.exclusive = exclusive
    }

    /// Whether two patches touch the same text: overlapping ranges, an insertion
    /// strictly inside the other's range, or two insertions at one place when
    /// either is exclusive.
    public func conflicts(with other: TextPatch) -> Bool {
        if range.start == range.end, other.range.start == other.range.end {
            return range.start == other.range.start && exclusive && other.exclusive
        }
        if range.start == range.end { return other.range.start < range.start && range.start < other.range.end }
        if other.range.start == other.range.end { return range.start < other.range.start && other.range.start < range.end }
        return range.start < other.range.end && other.range.start < range.end
    }

    public static func < (a: TextPatch, b: TextPatch) -> Bool { a.range < b.range }

    /// Applies non-conflicting patches to bytes (insertions at one place keep their order).
    public static func apply(_ patches: [TextPatch], to bytes: [UInt8]) -> [UInt8] {
        // At one place, a block opened after a head comes before lines inserted there.
        let ordered = patches.enumerated().sorted {
            ($0.element.range.start, $0.element.range.end, $0.element.exclusive ? 0 : 1, $0.offset)
                < ($1.element.range.start, $1.element.range.end, $1.element.exclusive ? 0 : 1, $1.offset)
        }.map(\.element)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + patches.reduce(0) { $0 + $1.replacement.utf8.count })
        var cursor = 0
        for patch in ordered {
            let start = min(max(patch.range.start, cursor), bytes.count)
            out.append(contentsOf: bytes[cursor..<start])
            out.append(contentsOf: Array(patch.replacement.utf8))
            cursor = max(cursor, min(patch.range.end, bytes.count))
        }
        out.append(contentsOf: bytes[cursor...])
        return out
    }
}
