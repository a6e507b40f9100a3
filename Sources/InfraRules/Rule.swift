import InfraAnalysis
import InfraCore

/// A design used to document and test a rule. In a triggering example, `↓` marks
/// each place a finding must point at (the start of the element's or link's
/// declaration); the marker is removed before parsing.
public struct RuleExample: Sendable {
    /// The source with its markers.
    public let marked: String
    /// Where the example is written, so a failing example points at the rule's file.
    public let file: String
    public let line: Int

    public init(_ marked: String, file: StaticString = #filePath, line: UInt = #line) {
        self.marked = marked
        self.file = "\(file)"
        self.line = Int(line)
    }

    public static let marker: Character = "↓"

    /// The source without markers.
    public var source: String { marked.filter { $0 != Self.marker } }

    /// The positions the markers stand at, in the source without markers.
    public var markedPositions: [Position] {
        var positions: [Position] = []
        var line = 1
        var column = 1
        for character in marked {
            if character == Self.marker {
                positions.append(Position(line: line, column: column))
            } else if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return positions
    }
}

/// Everything about a rule that is not its logic: what `infralint rules CODE`,
/// the docs pages, SARIF's `rules[]` and the example tests are all made from.
public struct RuleDescription: Sendable {
    /// A stable code: `AV001`.
    public let code: String
    /// The flagged pattern in kebab case: `single-point-of-failure`.
    public let name: String
    public let category: Category
    public let defaultSeverity: Severity
    /// One sentence: when the rule fires.
    public let summary: String
    /// The "What it does" section.
    public let whatItDoes: String
    /// The "Why is this bad?" section.
    public let whyIsThisBad: String
    /// The "Fix safety" section: what its fixes do, and their applicability.
    public let fixSafety: String
    /// Designs that trigger it, with markers where the findings point.
    public let triggering: [RuleExample]
    /// Designs that do not.
    public let nonTriggering: [RuleExample]
    /// For security rules: GitHub code scanning's `security-severity`, 0.1 to 10
    /// (9+ critical, 7+ high, 4+ medium, below that low).
    public let securitySeverity: Double?
    /// What a diagram writes beside the element or link a finding is about, a few
    /// words: "no firewall". The name in words unless the rule says better.
    public let mark: String

    public init(
        code: String, name: String, category: Category, defaultSeverity: Severity, summary: String,
        whatItDoes: String, whyIsThisBad: String, fixSafety: String, triggering: [RuleExample], nonTriggering: [RuleExample],
        securitySeverity: Double? = nil, mark: String? = nil
    ) {
        self.code = code
        self.name = name
        self.category = category
        self.defaultSeverity = defaultSeverity
        self.summary = summary
        self.whatItDoes = whatItDoes
        self.whyIsThisBad = whyIsThisBad
        self.fixSafety = fixSafety
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.securitySeverity = securitySeverity
        // Not Foundation's replacingOccurrences: through NSString, it was 3% of a
        // lint of an empty design, which makes every rule's description.
        self.mark = mark ?? String(name.map { $0 == "-" ? " " : $0 })
    }

    /// Whether findings of this rule are about security (SARIF tags them).
    public var isSecurity: Bool { category == .security }
}

/// A rule: a description and a check over one design.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    /// The rule's findings on a design, at the rule's default severity.
    static func check(_ context: LintContext) -> [Finding]
}

/// What rules read: the model, the traffic graph, the failure model and the
/// capacity analysis, each built once; and the names fixes may declare, handed out once a run.
public struct LintContext: Sendable {
    public let design: Design
    public let graph: TrafficGraph
    public let failures: FailureModel
    public let names: NameAllocator
    /// The load each element carries, when some client states a `load` (AV009, AV010).
    public let capacity: CapacityReport?
    /// The one address the design's dns records give the site, if there is one.
    let siteAddress: String?
    /// The single points of failure and the databases that answer each kind, found
    /// once for the rules that read them (AV001, AV006).
    let singlePoints: [(unit: Int, losses: [ClientLoss])]
    let servingDatabases: [RequestKind: Set<Int>]

    public init(design: Design) {
        self.design = design
        failures = FailureModel(design: design)
        graph = failures.graph
        names = NameAllocator(design: design)
        capacity = CapacityReport(model: failures)
        siteAddress = LintContext.siteAddress(of: design)
        singlePoints = failures.singlePointsOfFailure()
        let failures = failures
        servingDatabases = Dictionary(uniqueKeysWithValues: RequestKind.allCases.map { ($0, failures.databases(serving: $0)) })
    }

    /// A finding of a rule at a range of the design's file.
    /// `key` tells apart findings of one rule on one element (DES003's property name).
    public func finding(
        _ rule: RuleDescription, _ message: String, at range: SourceRange, element: String?,
        fix: Fix?, related: [(String, SourceRange)] = [], key: String? = nil
    ) -> Finding {
        let location = design.location(range)
        return Finding(
            code: rule.code, name: rule.name, severity: rule.defaultSeverity, category: rule.category,
            message: message, location: location, element: element, fix: fix,
            related: related.map { RelatedLocation(message: $0.0, location: design.location($0.1)) },
            fingerprint: Finding.fingerprint(code: rule.code, element: element, file: location.file) + (key.map { ":\($0)" } ?? ""))
    }

    /// A finding about an element, at its declaration.
    public func finding(
        _ rule: RuleDescription, _ message: String, on element: Element, fix: Fix?,
        related: [(String, SourceRange)] = []
    ) -> Finding {
        finding(rule, message, at: element.range, element: element.id, fix: fix, related: related)
    }

    /// A finding about a cluster, at its declaration.
    public func finding(_ rule: RuleDescription, _ message: String, on cluster: Cluster, fix: Fix?) -> Finding {
        finding(rule, message, at: cluster.range, element: cluster.id, fix: fix)
    }

    /// A finding about the design as a whole: at its `design` statement, else the first line.
    /// `key` tells apart several such findings of one rule (AV008's client).
    public func designFinding(_ rule: RuleDescription, _ message: String, fix: Fix?, key: String? = nil) -> Finding {
        let location = design.headerRange.map(design.location) ?? design.file.firstLineLocation
        return Finding(
            code: rule.code, name: rule.name, severity: rule.defaultSeverity, category: rule.category,
            message: message, location: location, element: nil, fix: fix,
            fingerprint: Finding.fingerprint(code: rule.code, element: nil, file: location.file) + (key.map { ":\($0)" } ?? ""))
    }
}

/// Runs rules over a design.
public enum Linter {
    /// The findings of these rules, in the order every output uses.
    public static func lint(_ design: Design, rules: [any Rule.Type] = RuleRegistry.all) -> [Finding] {
        lint(LintContext(design: design), rules: rules)
    }

    /// The same, on a context already built (whose failure model a caller reuses).
    public static func lint(_ context: LintContext, rules: [any Rule.Type] = RuleRegistry.all) -> [Finding] {
        gather(findingsByRule(context, rules: rules))
    }

    /// Each rule's findings, in the order of the rules: for a caller that lets the
    /// context's analyses go before `gather` (holding both was a large lint's peak).
    public static func findingsByRule(_ context: LintContext, rules: [any Rule.Type] = RuleRegistry.all) -> [[Finding]] {
        rules.map { $0.check(context) }
    }

    /// The rules' findings in one array, in the order every output uses.
    public static func gather(_ findings: consuming [[Finding]]) -> [Finding] {
        // Gathered into an array of their exact number: appending rule after rule
        // doubled it as it grew, and old and new were a large lint's peak of memory.
        // Each rule's array goes as soon as it is copied.
        var byRule = consume findings
        var all: [Finding] = []
        all.reserveCapacity(byRule.reduce(0) { $0 + $1.count })
        for index in byRule.indices {
            all.append(contentsOf: byRule[index])
            byRule[index] = []
        }
        all.sortInReportOrder()
        return all
    }
}
