import InfraCore

/// A design laid out for drawing, whatever draws it (DOT or Mermaid): boxes
/// nested as networks ⊃ clusters ⊃ hosts, a node per element, a styled edge per
/// link and replication, and the findings as markers on what they are about.
///
/// Identifiers in the output are generated (`n3`, `c1`, `h5`), never taken from
/// the design, so no name can inject syntax; names only ever appear in labels,
/// which each printer escapes.
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
        public var title: String
        public var detail: String?
        public var markers: [Marker] = []
        public var groups: [Group] = []
        public var nodes: [Int] = []

        /// Whether any node is drawn inside it, directly or in a nested group.
        public var holdsNodes: Bool { !nodes.isEmpty || groups.contains(where: \.holdsNodes) }
        /// The element a host box stands for, or the cluster's index.
        public var element: Int?

        /// Whether a box inside it, at any depth, matches.
        public func contains(where matches: (Group) -> Bool) -> Bool {
            groups.contains { matches($0) || $0.contains(where: matches) }
        }
    }

    /// One element drawn.
    public struct Node: Sendable {
        public var index: Int
        public var id: String
        public var name: String
        public var kind: ElementKind
        /// "load balancer · haproxy".
        public var detail: String
        /// The label written in the design, if any.
        public var label: String?
        public var tooltip: String?
        public var markers: [Marker] = []
    }

    public enum EdgeStyle: String, Sendable, CaseIterable {
        case encrypted, plaintext, lookup, replication, telemetry
    }

    /// One link (or a replication) drawn.
    public struct Edge: Sendable {
        public var from: Int
        public var to: Int
        /// The box the edge leaves or enters, when it stands for a server or a cluster.
        public var fromGroup: String?
        public var toGroup: String?
        public var label: String
        public var style: EdgeStyle
        /// A finding is about this link (SEC002, MON003, DES005).
        public var flagged: Bool
        public var tooltip: String?
    }

    /// A finding drawn on a node or a box.
    public enum Marker: String, Sendable, CaseIterable, Comparable {
        case singlePointOfFailure
        case noFirewall
        case exposed
        case tlsEnds
        case manualFailover
        case onlyWriter
        case unmonitored

        public var text: String {
            switch self {
            case .singlePointOfFailure: return "⚠ single point of failure"
            case .noFirewall: return "⚠ no firewall"
            case .exposed: return "⚠ exposed to clients"
            case .tlsEnds: return "TLS ends here"
            case .manualFailover: return "⚠ manual failover"
            case .onlyWriter: return "only writer"
            case .unmonitored: return "○ unmonitored"
            }
        }

        /// The colour of the marker's text, and of the outline for the serious ones.
        public var color: String {
            switch self {
            case .singlePointOfFailure: return "#c53030"
            case .noFirewall, .exposed, .manualFailover: return "#c05621"
            case .tlsEnds, .onlyWriter: return "#975a16"
            case .unmonitored: return "#718096"
            }
        }

        /// Whether it outlines its node or box.
        public var outlines: Bool { self == .singlePointOfFailure || self == .noFirewall || self == .exposed }

        static func from(code: String) -> Marker? {
            switch code {
            case "AV001": return .singlePointOfFailure
            case "AV002": return .onlyWriter
            case "AV003": return .manualFailover
            case "SEC001": return .noFirewall
            case "SEC003": return .tlsEnds
            case "SEC004": return .exposed
            case "MON001": return .unmonitored
            default: return nil
            }
        }

        public static func < (a: Marker, b: Marker) -> Bool {
            allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
        }
    }

    public var title: String
    public var subtitle: String?
    public var root: Group
    /// By element index.
    public var nodes: [Node]
    public var edges: [Edge]
    /// The kinds drawn, in catalogue order, for the legend.
    public var kinds: [ElementKind]
    public var edgeStyles: [EdgeStyle]
    public var markers: [Marker]
    /// Nodes drawn side by side (the same rank): a cluster's members, and a host's
    /// entry with its agents and firewall. Without this, a member no edge enters
    /// drifts to the first rank and stretches every box around it.
    public var sameRank: [[Int]]

    public var nodeCount: Int { nodes.count }
}

extension Diagram {
    /// Lays out a design; with `findings`, draws them too.
    public init(design: Design, findings: [Finding] = []) {
        title = design.title
        subtitle = design.description
        let elements = design.elements
        nodes = elements.map { element in
            var detail = element.kind.noun
            // An agent's lines to its monitor would cross the whole drawing: its label says where it reports.
            if element.kind == .agent, let monitor = Self.reportsTo(element, in: design) { detail = "agent → \(monitor)" }
            if let software = element.software { detail += " · \(software)" }
            if element.instances > 1 { detail += " ×\(element.instances)" }
            if element.kind == .loadBalancer, element.algorithm != .roundRobin { detail += " · \(element.algorithm.rawValue)" }
            if element.kind == .database, element.role == .primary { detail += " · primary" }
            if element.kind == .database, element.role == .replica {
                // The replication edge stays unlabelled: its label would collide with the links' labels.
                detail += " · replica" + (element.replicates.map { " of \($0.name)" } ?? "")
                detail += " · \(element.replication.rawValue)" + (element.replicationTLS ? " · tls" : "")
            }
            if element.tls == .terminate { detail += " · TLS" }
            return Node(index: element.index, id: "n\(element.index)", name: element.id, kind: element.kind, detail: detail,
                        label: element.label, tooltip: element.description)
        }

        // Markers from findings, by what they name.
        var groupMarkers: [String: [Marker]] = [:]
        var flaggedLinks = Set<String>()
        for finding in findings {
            guard let name = finding.element else { continue }
            if let marker = Marker.from(code: finding.code) {
                groupMarkers[name, default: []].append(marker)
            } else if ["SEC002", "MON003", "DES005"].contains(finding.code) {
                flaggedLinks.insert(name)
            }
        }

        // Boxes: a server with components, or a host holding its agent or firewall, is a
        // host box; every cluster and network is a box.
        func hasBox(_ element: Element) -> Bool { element.isHost && !element.children.isEmpty }
        var hostGroups: [Int: Group] = [:]
        for element in elements where hasBox(element) {
            var group = Group(id: "h\(element.index)", kind: .host,
                              title: element.kind == .server ? element.id : "",
                              detail: element.kind == .server ? (element.label ?? element.software.map { "server · \($0)" }) : nil,
                              element: element.index)
            group.nodes = (element.kind == .server ? [] : [element.index]) + element.children
            hostGroups[element.index] = group
        }
        var clusterGroups = design.clusters.map { cluster -> Group in
            var detail = cluster.mode.rawValue
            if cluster.mode == .activePassive || cluster.failoverDeclared { detail += " · failover \(cluster.failover.rawValue)" }
            if let vip = cluster.vip { detail += " · vip \(vip)" }
            return Group(id: "c\(cluster.index)", kind: .cluster, title: cluster.label.map { "\(cluster.id) · \($0)" } ?? cluster.id,
                         detail: detail, element: cluster.index)
        }
        var networkGroups = design.networks.map { network in
            Group(id: "w\(network.index)", kind: .network(untrusted: network.trust == .untrusted),
                  title: network.label.map { "\(network.id) · \($0)" } ?? network.id,
                  detail: network.trust == .untrusted ? "untrusted" : nil)
        }
        var root = Group(id: "root", kind: .host, title: "")

        func place(_ group: Group?, node: Int?, network: Int?, cluster: Int?) {
            if let cluster {
                if let group { clusterGroups[cluster].groups.append(group) }
                if let node { clusterGroups[cluster].nodes.append(node) }
            } else if let network {
                if let group { networkGroups[network].groups.append(group) }
                if let node { networkGroups[network].nodes.append(node) }
            } else {
                if let group { root.groups.append(group) }
                if let node { root.nodes.append(node) }
            }
        }
        for element in elements where element.isHost {
            if let group = hostGroups[element.index] {
                place(group, node: nil, network: element.network, cluster: element.cluster)
            } else {
                place(nil, node: element.index, network: element.network, cluster: element.cluster)
            }
        }
        for cluster in design.clusters {
            let networks = Set(cluster.members.map { elements[$0].network })
            let network = cluster.network ?? (networks.count == 1 ? networks.first ?? nil : nil)
            place(clusterGroups[cluster.index], node: nil, network: network, cluster: nil)
        }
        root.groups = networkGroups + root.groups

        // Markers go on the box when the finding names a boxed host or a cluster.
        func mark(_ group: inout Group) {
            let name = group.kind == .cluster ? design.clusters[group.element ?? 0].id
                : (group.kind == .host ? elements[group.element ?? 0].id : nil)
            if let name, let markers = groupMarkers[name] {
                group.markers = Array(Set(markers)).sorted()
                groupMarkers[name] = nil
            }
            for index in group.groups.indices { mark(&group.groups[index]) }
        }
        mark(&root)
        for index in nodes.indices {
            if let markers = groupMarkers[nodes[index].name] { nodes[index].markers = Array(Set(markers)).sorted() }
        }
        self.root = root

        // Edges: a link to a server or a cluster enters its box at a representative node.
        func representative(_ endpoint: Endpoint) -> (node: Int, group: String?) {
            switch endpoint {
            case .element(let index):
                let element = elements[index]
                if element.kind == .server, !element.children.isEmpty {
                    let inside = design.entry(of: index)
                        ?? element.children.first { elements[$0].kind != .agent && elements[$0].kind != .firewall }
                        ?? element.children[0]
                    return (inside, "h\(index)")
                }
                return (index, nil)
            case .cluster(let index):
                let first = design.clusters[index].members.first ?? 0
                let inner = representative(.element(first)).node
                return (inner, "c\(index)")
            }
        }
        func ancestors(of node: Int) -> Set<String> {
            var names = Set<String>()
            let element = elements[node]
            names.insert("h\(element.host)")
            if let cluster = design.cluster(of: element) { names.insert("c\(cluster)") }
            return names
        }
        var edges: [Edge] = []
        for link in design.links {
            let toKinds = design.members(of: link.to).map { elements[$0].kind }
            let fromKinds = design.members(of: link.from).map { elements[$0].kind }
            if fromKinds == [.agent], toKinds.allSatisfy({ $0 == .monitor }), !flaggedLinks.contains(link.name) { continue }
            let style: EdgeStyle
            if (fromKinds + toKinds).contains(where: \.isMonitoring) {
                style = .telemetry
            } else if toKinds.contains(.dns) || link.protocolName == Protocols.lookup {
                style = .lookup
            } else {
                style = link.isEncrypted ? .encrypted : .plaintext
            }
            let (from, tailGroup) = representative(link.from)
            let (to, headGroup) = representative(link.to)
            var fromGroup = tailGroup
            var toGroup = headGroup
            if from == to { continue }
            // A box an edge leaves must not hold its head, nor the box it enters its tail.
            if let group = fromGroup, ancestors(of: to).contains(group) { fromGroup = nil }
            if let group = toGroup, ancestors(of: from).contains(group) { toGroup = nil }
            var label = style == .lookup ? "dns" : link.protocolLabel
            if link.tls == true, !Protocols.isEncrypted(link.protocolName) { label += " · tls" }
            if let access = link.access { label += " · \(access.rawValue)" }
            if let weight = link.weight { label += " · weight \(weight)" }
            edges.append(Edge(from: from, to: to, fromGroup: fromGroup, toGroup: toGroup, label: label, style: style,
                              flagged: flaggedLinks.contains(link.name), tooltip: link.description))
        }
        for replica in elements where replica.kind == .database && replica.role == .replica {
            guard case .element(let primary)? = replica.replicates?.symbol, elements[primary].kind == .database else { continue }
            edges.append(Edge(from: primary, to: replica.index, fromGroup: nil, toGroup: nil, label: "",
                              style: .replication, flagged: false, tooltip: "replication \(replica.replication.rawValue)"))
        }
        self.edges = edges
        let used = Set(elements.map(\.kind))
        // A server with components is a box, not a node: the legend shows the server shape only when one is drawn.
        kinds = ElementKind.allCases.filter { kind in
            kind == .server ? elements.contains { $0.kind == .server && $0.children.isEmpty } : used.contains(kind)
        }
        let styles = Set(edges.map(\.style))
        edgeStyles = EdgeStyle.allCases.filter(styles.contains)
        markers = Array(Set(nodes.flatMap(\.markers) + Self.allMarkers(in: root))).sorted()

        var ranks: [[Int]] = []
        for cluster in design.clusters where cluster.members.count > 1 {
            ranks.append(cluster.members.map { representative(.element($0)).node })
        }
        for element in elements where hasBox(element) {
            let main = representative(.element(element.index)).node
            let beside = element.children.filter { elements[$0].kind == .agent || elements[$0].kind == .firewall }
            if !beside.isEmpty, !beside.contains(main) { ranks.append([main] + beside) }
        }
        // A monitor no line reaches (its agents' lines are not drawn) stands beside the
        // first node of its box instead of drifting to the last rank.
        let linked = Set(edges.flatMap { [$0.from, $0.to] })
        func firstNode(holding index: Int, in group: Group) -> Int? {
            if group.nodes.contains(index) { return group.nodes.first { $0 != index && !elements[$0].kind.isMonitoring } }
            for child in group.groups { if let found = firstNode(holding: index, in: child) { return found } }
            return nil
        }
        for monitor in elements where monitor.kind == .monitor && !linked.contains(monitor.index) {
            if let beside = firstNode(holding: monitor.index, in: root) { ranks.append([beside, monitor.index]) }
        }
        sameRank = ranks
    }

    /// The elements drawn as nodes (a server with components is a box instead).
    public var drawnNodes: Set<Int> {
        func collect(_ group: Group) -> [Int] { group.nodes + group.groups.flatMap(collect) }
        return Set(collect(root))
    }

    /// The monitor an agent reports to, by name, when it reports to one.
    static func reportsTo(_ agent: Element, in design: Design) -> String? {
        guard let endpoint = design.destination(ofAgent: agent),
              design.members(of: endpoint).allSatisfy({ design.elements[$0].kind == .monitor }) else { return nil }
        return design.name(of: endpoint)
    }

    private static func allMarkers(in group: Group) -> [Marker] {
        group.markers + group.groups.flatMap(allMarkers)
    }
}
