import InfraAnalysis
import InfraCore
import InfraRules

/// What the explanation's templates read. The sentences about this design are
/// computed from `ExplainFacts` (so that every one is a fact of the model, and
/// two sections that speak of one thing read the same fact); the templates hold
/// the document's order and the explanations of concepts (algorithms, the two
/// modes, replication, firewalls, HTTPS), which users can copy and change.
///
/// Values are markdown, already escaped. A value that would be empty is nil, and
/// its section is left out: no template can print a blank where a name belongs.
public struct ExplainModel: Encodable, Sendable {
    public var title: String
    public var description: String?
    public var file: String
    public var fileCode: String
    /// `--detail full`: the long forms of every section.
    public var full: Bool
    public var summary: Summary
    public var path: Path?
    public var roles: [Role]
    /// Whether the design declares any element: the elements and the diagram are said only then.
    public var declared: Bool
    public var balancing: Balancing?
    public var modes: Modes?
    public var databases: Databases?
    /// How often it is down, and whether it takes the load.
    public var uptime: Uptime?
    public var issues: Issues
    public var diagram: DiagramEntry

    /// How much the document says.
    public enum Detail: String, CaseIterable, Sendable {
        case concise, full
    }

    public struct Balancing: Encodable, Sendable {
        public var balancers: [Balancer]
    }

    public struct Databases: Encodable, Sendable {
        public var replications: [Replication]
    }

    public struct DiagramEntry: Encodable, Sendable {
        public var mermaid: String
        public var image: String?
    }

    /// Builds the model of a design and its findings; suppressed findings are listed
    /// as accepted, with their reasons. `failures` is the design's failure model when
    /// the caller has built it already (linting builds one).
    public init(design: Design, findings: [Finding], suppressed: [Finding] = [], diagramPath: String? = nil,
                detail: Detail = .concise, failures: FailureModel? = nil) {
        let facts = ExplainFacts(model: failures ?? FailureModel(design: design))
        let full = detail == .full
        title = MarkdownText.escape(design.title)
        description = design.description.map(MarkdownText.prose)
        file = design.file.fileName
        fileCode = MarkdownText.code(file)
        self.full = full
        summary = Summary(facts, findings: findings)
        path = Path(facts)
        roles = Role.all(facts)
        declared = !design.elements.isEmpty
        let balancers = Balancer.all(facts, requests: full ? 8 : 6)
        balancing = balancers.isEmpty ? nil : Balancing(balancers: balancers)
        modes = Modes(facts)
        let replications = Replication.all(facts)
        databases = replications.isEmpty ? nil : Databases(replications: replications)
        uptime = Uptime(facts)
        issues = Issues(findings: findings, suppressed: suppressed, facts: facts, full: full)
        diagram = DiagramEntry(mermaid: MermaidRenderer.render(Diagram(design: design, findings: findings)),
                               image: diagramPath)
    }
}
