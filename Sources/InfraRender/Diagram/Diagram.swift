import InfraAnalysis
import InfraCore

/// A design laid out for drawing, whatever draws it (DOT or Mermaid): boxes
/// nested as networks ⊃ clusters ⊃ hosts, a node per element, an edge per link
/// and replication, and every finding as a numbered badge on what it is about,
/// with its sentence in `notes` (the findings table under the drawing).
///
/// Identifiers in the output are generated (`n3`, `c1`, `h5`), never taken from
/// the design, so no name can inject syntax; names appear in labels, which each
/// printer escapes, and in SVG ids and classes made from them (`DiagramNames`).
public struct Diagram: Sendable {
    public enum GroupKind: Sendable, Equatable {
        case network(untrusted: Bool)
        case cluster
        case host
    }

    /// A box: a network, a cluster or a host with what it holds.
    public struct Group: Sendable {
        public var id: String
        public var kind: GroupKind
        /// The design's name for it (a host's, a cluster's, a network's).
        public var name: String
        public var title: String
        /// The label written in the design, if any.
        public var label: String?
        public var detail: String?
        /// What runs on a host without a box of its own: its agents, its firewall.
        public var parts: [String] = []
        /// Their identifiers, for the SVG's titles.
        public var partNames: [String] = []
        public var badges: [Badge] = []
        public var groups: [Group] = []
        public var nodes: [Int] = []
        /// The element a host box stands for, or the cluster's index.
        public var element: Int?

        /// Whether any node is drawn inside it, directly or in a nested group.
        public var holdsNodes: Bool { !nodes.isEmpty || groups.contains(where: \.holdsNodes) }

        /// Whether a box inside it, at any depth, matches.
        public func contains(where matches: (Group) -> Bool) -> Bool {
            groups.contains { matches($0) || $0.contains(where: matches) }
        }
    }

    /// One element drawn (or, collapsed, several alike).
    public struct Node: Sendable {
        public var index: Int
        public var id: String
        /// The element's identifier in the design.
        public var identifier: String
        /// As the drawing shows it: the identifier, or "web-0 … web-9 ×10" collapsed.
        public var name: String
        public var kind: ElementKind
        /// "load balancer · haproxy".
        public var detail: String
        /// The label written in the design, if any.
        public var label: String?
        /// Its settings, agents and firewall, drawn inside it: "agent → prometheus".
        public var parts: [String] = []
        /// The identifiers of the agents and firewalls (and server) written inside it.
        public var partNames: [String] = []
        public var tooltip: String?
        public var badges: [Badge] = []
    }

    public enum EdgeStyle: String, Sendable, CaseIterable {
        /// Encrypted between hosts.
        case encrypted
        /// Plaintext between hosts.
        case plaintext
        /// Between two parts of one host: it never leaves the machine.
        case local
        case lookup, replication, telemetry
    }

    /// One link (or a replication) drawn.
    public struct Edge: Sendable {
        public var from: Int
        public var to: Int
        /// The box the edge leaves or enters, when it stands for a server or a cluster.
        public var fromGroup: String?
        public var toGroup: String?
        /// The link's name as findings give it: `users->lb-01`.
        public var name: String
        public var label: String
        public var style: EdgeStyle
        public var badges: [Badge] = []
        public var tooltip: String?
        /// The names of the links it draws: its own, and those drawn once with it
        /// (alike links of collapsed elements, a pair linked twice alike).
        public var links: [String] = []
        /// A replication edge that places its replica under its source: nothing
        /// sends the replica requests, so nothing else would, and it would float to
        /// the top of the drawing, far from the database it copies.
        public var placesReplica = false
    }

    /// A finding drawn: its number on the element, box or link it is about, its
    /// severity (the badge's colour, and the outline: solid for errors, dashed for
    /// warnings), and a few words ("no firewall").
    public struct Badge: Sendable, Hashable {
        public var number: Int
        public var code: String
        public var severity: Severity
        public var mark: String
    }

    /// A row of the findings table: the number, and the finding's sentence.
    public struct Note: Sendable {
        public var number: Int
        public var code: String
        public var severity: Severity
        public var message: String
        /// Findings alike on collapsed elements, said once: how many more.
        public var alike: Int = 0
    }

    public var title: String
    public var subtitle: String?
    /// Each client's nines, under the title.
    public var estimate: String?
    public var root: Group
    /// By element index; a node is drawn only when a box holds it (`drawnNodes`).
    public var nodes: [Node]
    public var edges: [Edge]

    /// Each edge's SVG id, in `edges` order: `link-` and its name, then `-2`, `-3`…
    /// where two edges share one.
    public var edgeIDs: [String] {
        var ids = DiagramNames.Unique()
        return edges.map { ids.next(DiagramNames.link($0.name)) }
    }

    /// The SVG id of the edge that draws each link, by the link's name: what a page
    /// colours to show a link.
    public var linkIDs: [String: String] {
        var ids: [String: String] = [:]
        for (edge, id) in zip(edges, edgeIDs) {
            for name in edge.links where ids[name] == nil { ids[name] = id }
        }
        return ids
    }
    /// Findings about the design as a whole (no monitor, no client): on the title.
    public var designBadges: [Badge]
    public var notes: [Note]
    /// The kinds drawn, in catalogue order, for the legend.
    public var kinds: [ElementKind]
    public var edgeStyles: [EdgeStyle]
    /// Nodes drawn side by side (the same rank): a cluster's members, and a host's
    /// entry with its agents and firewall.
    public var sameRank: [[Int]]
    /// Whether alike hosts were drawn once with a count (`--collapse`), and how
    /// many elements the drawing stands for.
    public var collapsed: Bool
    public var elementCount: Int

    public var nodeCount: Int { nodes.count }

    /// The elements drawn as nodes (a server with components is a box instead).
    public var drawnNodes: Set<Int> {
        func collect(_ group: Group) -> [Int] { group.nodes + group.groups.flatMap(collect) }
        return Set(collect(root))
    }

    /// Every badge drawn, on nodes, boxes, edges and the title.
    public var allBadges: [Badge] {
        func collect(_ group: Group) -> [Badge] { group.badges + group.groups.flatMap(collect) }
        let drawn = drawnNodes
        return designBadges + collect(root) + nodes.filter { drawn.contains($0.index) }.flatMap(\.badges) + edges.flatMap(\.badges)
    }
}

extension Diagram {
    /// How a design is drawn.
    public struct Options: Sendable {
        /// Draw the findings (badges, outlines, the table).
        public var findings = true
        public var collapse = Collapse.automatic
        /// Draw only the elements and links findings are about, and the request
        /// paths from the clients that lead to them.
        public var findingsOnly = false

        public init(findings: Bool = true, collapse: Collapse = .automatic, findingsOnly: Bool = false) {
            self.findings = findings
            self.collapse = collapse
            self.findingsOnly = findingsOnly
        }
    }

    /// Whether alike hosts are drawn once with a count.
    public enum Collapse: String, Sendable, CaseIterable {
        /// Above `Diagram.collapseAbove` elements.
        case automatic
        case always
        case never
    }

    /// Above this many elements, `Collapse.automatic` collapses: past it, a drawing
    /// of every element no longer fits a page, and Graphviz slows down.
    public static let collapseAbove = 150

    /// Lays out a design; with `findings`, draws them too.
    public init(design: Design, findings: [Finding] = [], options: Options = Options(), failures: FailureModel? = nil) {
        let drawn = options.findings ? findings : []
        let collapse: Bool
        switch options.collapse {
        case .always: collapse = true
        case .never: collapse = false
        case .automatic: collapse = design.elements.count > Self.collapseAbove
        }
        self = DiagramBuilder(design: design, findings: drawn, collapse: collapse, findingsOnly: options.findingsOnly,
                              failures: failures).build()
    }
}
