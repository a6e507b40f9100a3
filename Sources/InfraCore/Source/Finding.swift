/// How serious a finding is.
public enum Severity: String, CaseIterable, Comparable, Sendable, Codable {
    /// Worth knowing.
    case note
    /// A real risk.
    case warning
    /// The design fails its purpose, or the file cannot be read.
    case error

    private var rank: Int {
        switch self {
        case .note: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// The family a rule belongs to; reports group findings by it.
public enum Category: String, CaseIterable, Sendable, Codable {
    case parse
    case availability
    case security
    case monitoring
    case design

    /// A heading for reports.
    public var title: String {
        switch self {
        case .parse: return "Parse errors"
        case .availability: return "Availability"
        case .security: return "Security"
        case .monitoring: return "Monitoring"
        case .design: return "Design hygiene"
        }
    }
}

/// A second place a finding is about, such as the first declaration of a duplicate.
public struct RelatedLocation: Hashable, Sendable {
    public var message: String
    public var location: Location

    public init(message: String, location: Location) {
        self.message = message
        self.location = location
    }
}

/// One thing infralint reports: a parse error (code `PARSE`) or a rule's finding.
///
/// Every output format (text, JSON, SARIF, GitHub, GitLab, markdown) is a view of
/// these fields.
public struct Finding: Hashable, Sendable {
    /// `PARSE` or a rule code such as `AV001`.
    public var code: String
    /// The rule's kebab-case name, `parse-error` for parse errors.
    public var name: String
    public var severity: Severity
    public var category: Category
    /// What goes wrong, in a sentence naming the element.
    public var message: String
    public var location: Location
    /// The element's identifier, `SRC->DST` for a link, or nil for the design as a whole.
    public var element: String?
    /// The fix: edits of the design with their applicability, or advice.
    public var fix: Fix?
    /// Other places involved.
    public var related: [RelatedLocation]
    /// Stable across edits elsewhere in the file: the code with the element, or with the file's name.
    public var fingerprint: String
    /// Set when a comment or the configuration silenced the finding.
    public var suppression: Suppression? {
        get { rare.fields.suppression }
        set { rare.fields.suppression = newValue }
    }
    /// What a diagram's badge says, when the rule's mark would say it wrongly or
    /// vaguely ("single point of failure for writes", "load not judged").
    public var mark: String? {
        get { rare.fields.mark }
        set { rare.fields.mark = newValue }
    }
    /// The suppression and the mark, which few findings have, out of line: a
    /// finding is 208 bytes where it was 240, and a large lint holds tens of thousands.
    private var rare = OutOfLine<Rare>()

    private struct Rare: OutOfLineFields {
        var suppression: Suppression?
        var mark: String?
    }

    public init(
        code: String, name: String, severity: Severity, category: Category, message: String,
        location: Location, element: String?, fix: Fix? = nil,
        related: [RelatedLocation] = [], fingerprint: String? = nil
    ) {
        self.code = code
        self.name = name
        self.severity = severity
        self.category = category
        self.message = message
        self.location = location
        self.element = element
        self.fix = fix
        self.related = related
        self.fingerprint = fingerprint ?? Finding.fingerprint(code: code, element: element, file: location.file)
    }

    /// Makes a parse error.
    public static func parseError(
        _ message: String, at location: Location, fix: String? = nil, related: [RelatedLocation] = []
    ) -> Finding {
        var finding = Finding(
            code: "PARSE", name: "parse-error", severity: .error, category: .parse, message: message,
            location: location, element: nil, fix: fix.map(Fix.manual), related: related)
        // Parse errors have no element; the position keeps two of them apart in a baseline.
        finding.fingerprint = "PARSE:\(location.start.line):\(location.start.column)"
        return finding
    }

    /// The rule code with the element's identifier, or with the file's name for a design-level finding.
    public static func fingerprint(code: String, element: String?, file: String) -> String {
        if let element { return "\(code):\(element)" }
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return "\(code):\(name)"
    }

    /// The order every output uses: by file, position, code, then element.
    public static func sortOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.location != b.location { return a.location < b.location }
        if a.code != b.code { return a.code < b.code }
        if (a.element ?? "") != (b.element ?? "") { return (a.element ?? "") < (b.element ?? "") }
        return a.message < b.message
    }
}

extension Array where Element == Finding {
    /// In `Finding.sortOrder`, stably; a list already in order is returned as it is.
    public func inReportOrder() -> [Finding] {
        var sorted = self
        sorted.sortInReportOrder()
        return sorted
    }

    /// Sorts in `Finding.sortOrder`, stably, in place. Indexes are sorted, not the
    /// findings (a finding is a dozen reference-counted fields), and the findings
    /// are then moved along the permutation's cycles: no second array of them is
    /// ever alive, and at 100,000 elements the 18,000 findings are a few megabytes.
    public mutating func sortInReportOrder() {
        guard count > 1 else { return }
        // Locations as integers (files ranked once): nearly every comparison is of
        // integers, and only findings at one place are compared whole. Neighbours
        // nearly always share a file, so a file is looked up only when it changes.
        var files = Set<String>()
        for index in indices where index == startIndex || self[index].location.file != self[index - 1].location.file {
            files.insert(self[index].location.file)
        }
        let rank = Dictionary(uniqueKeysWithValues: files.sorted().enumerated().map { ($1, $0) })
        var last: (file: String, rank: Int)?
        let keys = indices.map { index in
            let location = self[index].location
            if last?.file != location.file { last = (location.file, rank[location.file] ?? 0) }
            return (last?.rank ?? 0, location.start.line, location.start.column, location.end.line, location.end.column)
        }
        func before(_ a: Int, _ b: Int) -> Bool {
            keys[a] != keys[b] ? keys[a] < keys[b] : Finding.sortOrder(self[a], self[b])
        }
        if indices.dropFirst().allSatisfy({ !before($0, $0 - 1) }) { return }
        // Position i takes the finding at order[i]: follow each cycle once.
        let order = indices.sorted(by: before)
        var placed = [Bool](repeating: false, count: count)
        for start in indices where !placed[start] {
            var position = start
            while order[position] != start {
                swapAt(position, order[position])
                placed[position] = true
                position = order[position]
            }
            placed[position] = true
        }
    }
}

/// Why a finding is silenced.
public struct Suppression: Hashable, Sendable {
    public enum Kind: String, Sendable {
        /// `# infralint: ignore CODE -- reason` on or before the element.
        case comment
        /// `# infralint: ignore-file CODE -- reason`.
        case file
        /// Listed in a baseline file.
        case baseline
    }

    public var kind: Kind
    public var justification: String

    public init(kind: Kind, justification: String) {
        self.kind = kind
        self.justification = justification
    }
}
