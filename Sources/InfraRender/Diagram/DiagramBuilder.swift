import InfraAnalysis
import InfraCore

/// Builds a `Diagram` from a design: the boxes, the nodes, the edges and the
/// badges, with alike hosts collapsed and the drawing cut to the findings when
/// asked.
struct DiagramBuilder {
    let design: Design
    let findings: [Finding]
    let collapse: DiagramCollapse
    /// The elements drawn: every one, or those `--findings-only` keeps.
    let focus: Set<Int>?
    let marks: DiagramFindings
    let isCollapsed: Bool
    /// The clients' nines, for the title, and each loaded element's utilisation
    /// (`infralint availability`'s figures); left out of collapsed drawings.
    let estimate: String?
    let utilisation: [Int: String]

    init(design: Design, findings: [Finding], collapse: Bool, findingsOnly: Bool, failures: FailureModel?) {
        self.design = design
        self.findings = findings
        let subjects = DiagramFindings.subjects(of: findings, in: design)
        var codes: [DiagramFindings.Subject: [String]] = [:]
        for (finding, subject) in zip(findings, subjects) { codes[subject, default: []].append(finding.code) }
        let mapping = collapse ? DiagramCollapse(design: design, codes: codes) : DiagramCollapse(identity: design)
        self.collapse = mapping
        isCollapsed = collapse
        focus = findingsOnly ? DiagramFocus.elements(design: design, subjects: subjects) : nil
        if collapse {
            (estimate, utilisation) = (nil, [:])
        } else {
            (estimate, utilisation) = Self.figures(model: failures ?? FailureModel(design: design))
        }
        marks = DiagramFindings(findings: findings, subjects: subjects) { subject in
            switch subject {
            case .element(let index): return .element(mapping.drawnAs[index])
            case .cluster(let index): return .cluster(mapping.clusterDrawnAs[index])
            case .replication(let index): return .replication(mapping.drawnAs[index])
            case .link, .design: return subject
            }
        }
    }

    /// Whether an element is drawn itself (not collapsed into another, not a part
    /// written inside its host, and in focus).
    func isDrawn(_ index: Int) -> Bool {
        let element = design.elements[index]
        return collapse.drawnAs[index] == index && !isPart(element) && soleComponent(of: element) == nil && (focus?.contains(index) ?? true)
    }

    /// Whether an element is on the drawing: drawn, or a server drawn as its one component.
    func isShown(_ index: Int) -> Bool {
        isDrawn(index) || soleComponent(of: design.elements[index]).map(isDrawn) == true
    }

    /// A server running one component is drawn as that component, which says "on
    /// SERVER": a box around a single node doubled its size for nothing.
    func soleComponent(of element: Element) -> Int? {
        guard element.kind == .server, element.isHost else { return nil }
        let components = element.children.filter { !isPart(design.elements[$0]) }
        return components.count == 1 ? components[0] : nil
    }

    /// An agent or a firewall declared inside a host is written in its host's box or
    /// node, not drawn: side by side with what they watch and guard, they doubled
    /// the width of every host.
    func isPart(_ element: Element) -> Bool {
        element.container != nil && (element.kind == .agent || element.kind == .firewall)
    }

    /// The parts of a host as lines, and the badges of their findings.
    func parts(of host: Element) -> (lines: [String], badges: [Diagram.Badge], names: [String]) {
        var lines: [String] = []
        var badges: [Diagram.Badge] = []
        var names: [String] = []
        for child in host.children.map({ design.elements[$0] }) where isPart(child) && collapse.drawnAs[child.index] == child.index {
            // Short: the agent's own name is in its findings' marks and in the SVG's titles.
            var line = child.kind == .agent ? "agent" : "firewall \(child.id)"
            if child.kind == .agent { line += Self.reportsTo(child, in: design).map { " → \($0)" } ?? " → nowhere" }
            lines.append(line)
            names.append(name(ofElement: child.index))
            for badge in marks.badges[.element(child.index)] ?? [] {
                var badge = badge
                badge.mark = "\(child.id): \(badge.mark)"
                badges.append(badge)
            }
        }
        if host.firewall { lines.append("own firewall") }
        return (lines, badges, names)
    }

    /// "web-01", or "web-0-0 … web-9-0 ×10" for what a collapsed node stands for.
    func name(ofElement index: Int) -> String {
        guard let all = collapse.members[index], let last = all.last else { return design.elements[index].id }
        return "\(design.elements[index].id) … \(design.elements[last].id) ×\(all.count)"
    }

    func name(ofCluster index: Int) -> String {
        let cluster = design.clusters[index]
        guard let all = collapse.clusterMembers[index], let last = all.last else { return cluster.id }
        return "\(cluster.id) … \(design.clusters[last].id) ×\(all.count)"
    }

    func build() -> Diagram {
        let nodes = design.elements.map(node)
        var root = boxes()
        root.groups = root.groups.filter(\.holdsNodes)
        let edges = self.edges()
        let drawn = Set(collectNodes(root))
        let kinds = ElementKind.allCases.filter { kind in
            drawn.contains { design.elements[$0].kind == kind }
        }
        let styles = Set(edges.map(\.style))
        return Diagram(
            title: design.title, subtitle: design.description, estimate: estimate, root: root, nodes: nodes, edges: edges,
            designBadges: marks.badges[.design] ?? [], notes: marks.notes, kinds: kinds,
            edgeStyles: Diagram.EdgeStyle.allCases.filter(styles.contains), sameRank: sameRank(drawn: drawn, edges: edges),
            collapsed: isCollapsed, elementCount: design.elements.count)
    }

    /// `users: reads 3.0 nines, writes 2.7 nines`, and `600 of 800 req/s · 75%` by element.
    static func figures(model: FailureModel) -> (String?, [Int: String]) {
        let report = AvailabilityReport(model: model, nodeLimit: 100_000, samples: 2_000)
        let clients = report.clients.compactMap { client -> String? in
            var kinds = [("reads", client.reads), ("writes", client.writes)].compactMap { kind, figure in
                figure.map { (kind, "\(Figures.nines($0.nines)) nines (\(Figures.percent($0.availability)))") }
            }
            // The same figure for both kinds is said once.
            if kinds.count == 2, kinds[0].1 == kinds[1].1 { kinds = [("reads and writes", kinds[0].1)] }
            // An implicit client, "(lb)" in the availability report, is said in words on a drawing.
            let name = model.graph.name(of: client.node)
            return kinds.isEmpty ? nil : "\(name): " + kinds.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        }
        let estimate = clients.isEmpty ? nil : clients.prefix(3).joined(separator: "; ") + (clients.count > 3 ? "; …" : "")
        var loads: [Int: String] = [:]
        for row in CapacityReport(model: model)?.rows ?? [] {
            // A worker fed by a queue: its load is not estimated, and "0 of 150" would read as idle.
            loads[row.element] = row.reached
                ? "\(Figures.rate(row.load)) of \(Figures.rate(row.capacity)) req/s · \(Figures.utilisation(row.utilisation))"
                : "\(Figures.rate(row.capacity)) req/s · load not estimated"
        }
        return (estimate, loads)
    }

    private func collectNodes(_ group: Diagram.Group) -> [Int] { group.nodes + group.groups.flatMap(collectNodes) }

    // MARK: Nodes

    private func node(_ element: Element) -> Diagram.Node {
        // What it is on the first line, how it is set up on the second: short lines keep nodes narrow.
        var detail = element.kind.noun
        if element.kind == .agent, let monitor = Self.reportsTo(element, in: design) { detail = "agent → \(monitor)" }
        if let software = element.software { detail += " · \(software)" }
        if element.instances > 1 { detail += " ×\(element.instances)" }
        var settings: [String] = []
        var more: [String] = []
        if element.kind == .loadBalancer, element.algorithm != .roundRobin { settings.append(element.algorithm.rawValue) }
        if element.kind == .loadBalancer, !element.healthCheck { settings.append("no health check") }
        if element.kind == .database, element.role == .primary { settings.append("primary") }
        if element.kind == .database, element.role == .replica {
            settings.append("replica" + (element.replicates.map { " of \($0.name)" } ?? ""))
            more.append(element.replication.rawValue + " replication" + (element.replicationTLS ? " · tls" : ""))
        }
        if element.tls == .terminate { settings.append("TLS") }
        // A host drawn as a node carries its parts; a host drawn as a box carries them itself;
        // the one component of a server carries the server's.
        var parts: (lines: [String], badges: [Diagram.Badge], names: [String]) = hasBox(element) ? ([], [], []) : self.parts(of: element)
        if let server = element.container.map({ design.elements[$0] }), soleComponent(of: server) == element.index {
            let hosting = self.parts(of: server)
            parts.lines = ["on \(name(ofElement: server.index))" + (server.software.map { " · \($0)" } ?? "")]
                + (utilisation[server.index].map { ["\(server.id): \($0)"] } ?? []) + hosting.lines + parts.lines
            let own = (marks.badges[.element(server.index)] ?? []).map { badge -> Diagram.Badge in
                var badge = badge
                badge.mark = "\(server.id): \(badge.mark)"
                return badge
            }
            parts.badges = own + hosting.badges + parts.badges
            parts.names = [name(ofElement: server.index)] + hosting.names + parts.names
        }
        if let load = utilisation[element.index] { parts.lines.insert(load, at: 0) }
        if !more.isEmpty { parts.lines.insert(more.joined(separator: " · "), at: 0) }
        if !settings.isEmpty { parts.lines.insert(settings.joined(separator: " · "), at: 0) }
        return Diagram.Node(index: element.index, id: "n\(element.index)", identifier: element.id, name: name(ofElement: element.index),
                            kind: element.kind, detail: detail, label: element.label, parts: parts.lines, partNames: parts.names,
                            tooltip: element.description,
                            badges: (marks.badges[.element(element.index)] ?? []) + parts.badges)
    }

    /// The ports each protocol uses unless told otherwise: a drawing leaves them out.
    static let defaultPorts: [String: Int] = [
        "http": 80, "https": 443, "ws": 80, "wss": 443, "mysql": 3306, "postgres": 5432, "redis": 6379,
        "memcached": 11211, "amqp": 5672, "smtp": 25, "ftp": 21, "ssh": 22, "dns": 53,
    ]

    /// A link's protocol, and its port when it is not the protocol's usual one
    /// (AMQP over TLS listens on 5671): short labels keep the drawing narrow.
    static func shortLabel(_ link: Link) -> String {
        let name = link.protocolName ?? "tcp"
        guard let port = link.port else { return name }
        let usual = name == "amqp" && link.tls == true ? 5671 : defaultPorts[name]
        return port == usual ? name : "\(name) \(port)"
    }

    /// The monitor an agent reports to, by name, when it reports to one.
    static func reportsTo(_ agent: Element, in design: Design) -> String? {
        guard let endpoint = design.destination(ofAgent: agent),
              design.members(of: endpoint).allSatisfy({ design.elements[$0].kind == .monitor }) else { return nil }
        return design.name(of: endpoint)
    }

    // MARK: Boxes

    /// A host holding components is a host box (its agents and firewall written in
    /// it); every cluster and network is a box.
    func hasBox(_ element: Element) -> Bool {
        element.isHost && soleComponent(of: element) == nil && element.children.contains { !isPart(design.elements[$0]) }
    }

    private func boxes() -> Diagram.Group {
        let elements = design.elements
        var hostGroups: [Int: Diagram.Group] = [:]
        for element in elements where hasBox(element) && isDrawn(element.index) {
            var group = Diagram.Group(id: "h\(element.index)", kind: .host, name: element.id,
                                      title: element.kind == .server ? name(ofElement: element.index) : "",
                                      label: element.kind == .server ? element.label : nil,
                                      detail: element.kind == .server ? element.software.map { "server · \($0)" } : nil,
                                      element: element.index)
            group.nodes = ((element.kind == .server ? [] : [element.index]) + element.children).filter(isDrawn)
            let parts = self.parts(of: element)
            group.parts = (utilisation[element.index].map { [$0] } ?? []) + parts.lines
            group.partNames = parts.names
            group.badges = (element.kind == .server ? marks.badges[.element(element.index)] ?? [] : []) + parts.badges
            hostGroups[element.index] = group
        }
        var clusterGroups = design.clusters.map { cluster -> Diagram.Group in
            var detail = cluster.mode.rawValue
            if cluster.mode == .activePassive || cluster.failoverDeclared { detail += " · failover \(cluster.failover.rawValue)" }
            if let vip = cluster.vip { detail += " · vip \(vip)" }
            return Diagram.Group(id: "c\(cluster.index)", kind: .cluster, name: cluster.id, title: name(ofCluster: cluster.index),
                                 label: cluster.label, detail: detail, badges: marks.badges[.cluster(cluster.index)] ?? [], element: cluster.index)
        }
        var networkGroups = design.networks.map { network in
            Diagram.Group(id: "w\(network.index)", kind: .network(untrusted: network.trust == .untrusted), name: network.id,
                          title: network.id, label: network.label,
                          detail: network.trust == .untrusted ? "untrusted" : nil)
        }
        var root = Diagram.Group(id: "root", kind: .host, name: "", title: "")
        func place(_ group: Diagram.Group?, node: Int?, network: Int?, cluster: Int?) {
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
        for element in elements where element.isHost && isShown(element.index) {
            if let component = soleComponent(of: element) {
                place(nil, node: component, network: element.network, cluster: element.cluster)
            } else if let group = hostGroups[element.index] {
                place(group, node: nil, network: element.network, cluster: element.cluster)
            } else {
                place(nil, node: element.index, network: element.network, cluster: element.cluster)
            }
        }
        for cluster in design.clusters where collapse.clusterDrawnAs[cluster.index] == cluster.index {
            let networks = Set(cluster.members.map { elements[$0].network })
            let network = cluster.network ?? (networks.count == 1 ? networks.first ?? nil : nil)
            place(clusterGroups[cluster.index], node: nil, network: network, cluster: nil)
        }
        root.groups = networkGroups + root.groups
        return root
    }

    // MARK: Edges

    /// Where an edge to an endpoint is drawn: a node inside the box it enters (a
    /// server's entry, a cluster's first drawn member), and the box.
    private func representative(_ endpoint: Endpoint) -> (node: Int, group: String?) {
        switch endpoint {
        case .element(let raw):
            let index = collapse.drawnAs[raw]
            let element = design.elements[index]
            // A part is drawn in its host: an edge to it joins the host.
            if isPart(element), let container = element.container { return representative(.element(container)) }
            if let component = soleComponent(of: element) { return (collapse.drawnAs[component], nil) }
            if element.kind == .server, hasBox(element) {
                let inside = design.entry(of: index).map { collapse.drawnAs[$0] }
                    ?? element.children.first { design.elements[$0].kind != .agent && design.elements[$0].kind != .firewall && isDrawn($0) }
                    ?? element.children.first(where: isDrawn) ?? element.children[0]
                return (inside, "h\(index)")
            }
            return (index, nil)
        case .cluster(let raw):
            let index = collapse.clusterDrawnAs[raw]
            let first = design.clusters[index].members.first(where: isShown) ?? design.clusters[index].members.first ?? 0
            return (representative(.element(first)).node, "c\(index)")
        }
    }

    private func ancestors(of node: Int) -> Set<String> {
        let element = design.elements[node]
        var names: Set<String> = ["h\(element.host)"]
        if let cluster = design.cluster(of: element) { names.insert("c\(collapse.clusterDrawnAs[cluster])") }
        return names
    }

    private func edges() -> [Diagram.Edge] {
        let elements = design.elements
        var edges: [Diagram.Edge] = []
        var seen: [String: Int] = [:]
        for link in design.links {
            let badges = marks.badges[.link(link.index)] ?? []
            let toKinds = design.members(of: link.to).map { elements[$0].kind }
            let fromKinds = design.members(of: link.from).map { elements[$0].kind }
            if fromKinds == [.agent], toKinds.allSatisfy({ $0 == .monitor }), badges.isEmpty { continue }
            let (from, tailGroup) = representative(link.from)
            let (to, headGroup) = representative(link.to)
            guard from != to, isDrawn(from), isDrawn(to) else { continue }
            var fromGroup = tailGroup
            var toGroup = headGroup
            // A box an edge leaves must not hold its head, nor the box it enters its tail.
            if let group = fromGroup, ancestors(of: to).contains(group) { fromGroup = nil }
            if let group = toGroup, ancestors(of: from).contains(group) { toGroup = nil }
            let style: Diagram.EdgeStyle
            if (fromKinds + toKinds).contains(where: \.isMonitoring) {
                style = .telemetry
            } else if toKinds.contains(.dns) || link.protocolName == Protocols.lookup {
                style = .lookup
            } else if elements[from].host == elements[to].host {
                style = .local
            } else {
                style = link.isEncrypted ? .encrypted : .plaintext
            }
            var label = style == .lookup ? "dns" : Self.shortLabel(link)
            if link.tls == true, !Protocols.isEncrypted(link.protocolName) { label += " · tls" }
            if let access = link.access { label += " · \(access.rawValue)" }
            if let weight = link.weight { label += " · weight \(weight)" }
            // Links of collapsed elements are drawn once: the same ends, the same look.
            let key = "\(from)|\(to)|\(fromGroup ?? "")|\(toGroup ?? "")|\(label)|\(style)"
            if let drawn = seen[key] {
                for badge in badges where !edges[drawn].badges.contains(badge) { edges[drawn].badges.append(badge) }
                edges[drawn].links.append(link.name)
                continue
            }
            seen[key] = edges.count
            edges.append(Diagram.Edge(from: from, to: to, fromGroup: fromGroup, toGroup: toGroup, name: link.name, label: label,
                                      style: style, badges: badges, tooltip: link.description, links: [link.name]))
        }
        // Replicas that stand alone (no host, no cluster places them) and that no
        // request reaches: their replication edge places them.
        let reached = Set(edges.filter { DiagramLook.edge($0.style).constrains }.map(\.to))
        for replica in elements where replica.kind == .database && replica.role == .replica && isDrawn(replica.index) {
            guard case .element(let primary)? = replica.replicates?.symbol, elements[primary].kind == .database else { continue }
            let source = collapse.drawnAs[primary]
            guard source != replica.index, isDrawn(source) else { continue }
            let key = "\(source)|\(replica.index)|replication"
            guard seen[key] == nil else { continue }
            seen[key] = edges.count
            edges.append(Diagram.Edge(from: source, to: replica.index, fromGroup: nil, toGroup: nil,
                                      name: "\(elements[source].id)->\(replica.id)", label: "", style: .replication,
                                      badges: marks.badges[.replication(replica.index)] ?? [],
                                      tooltip: "replication \(replica.replication.rawValue)",
                                      placesReplica: replica.isHost && design.cluster(of: replica) == nil
                                          && !reached.contains(replica.index)))
        }
        return edges
    }

    // MARK: Ranks

    /// A cluster's drawn members side by side, in declared order.
    private func sameRank(drawn: Set<Int>, edges: [Diagram.Edge]) -> [[Int]] {
        var ranks: [[Int]] = []
        for cluster in design.clusters where collapse.clusterDrawnAs[cluster.index] == cluster.index {
            let members = cluster.members.filter(isShown).map { representative(.element($0)).node }.filter(drawn.contains)
            if members.count > 1 { ranks.append(members) }
        }
        return ranks
    }
}
