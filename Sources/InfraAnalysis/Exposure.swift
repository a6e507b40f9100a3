import InfraCore

/// Where hostile traffic comes from and how far it gets: the paths SEC001 and
/// SEC004 follow.
public struct Exposure: Sendable {
    public let graph: TrafficGraph

    public init(graph: TrafficGraph) {
        self.graph = graph
    }

    /// The nodes hostile requests start from: every client, and every element that
    /// sits in an untrusted network (its requests may be an attacker's).
    public var sources: [Int] {
        var nodes = graph.clients
        for element in graph.design.elements
        where ![.client, .agent, .monitor].contains(element.kind) && graph.design.trust(of: element.index) == .untrusted {
            nodes.append(graph.receivingNode(ofElement: element.index))
        }
        var seen = Set<Int>()
        return nodes.filter { seen.insert($0).inserted }
    }

    /// The first nodes hostile requests from a source enter: a client's targets; an
    /// element in an untrusted network is itself entered from there.
    func entered(from source: Int) -> [Int] {
        graph.element(of: source).map { $0.kind == .client } ?? true ? next(source) : [source]
    }

    /// Kinds a hostile walk stops at: a firewall filters, DNS and monitors forward no requests.
    static let walkStops: Set<ElementKind> = [.firewall, .dns, .monitor]

    /// The request targets of a node: its request edges' targets, or a cluster's members.
    public func next(_ node: Int) -> [Int] {
        if case .cluster(let cluster) = graph.node(node) { return Array(graph.memberNodes(ofCluster: cluster)) }
        return graph.requestEdges(from: node).map(\.to)
    }

    /// Kinds never reported as an unprotected host: they are the internet's, or
    /// protect themselves.
    public static let neverUnprotected: Set<ElementKind> = [.client, .dns, .cdn, .firewall, .monitor]

    /// One host that hostile traffic enters with no firewall before it.
    public struct UnprotectedHost: Sendable {
        /// The host's element index.
        public var host: Int
        /// Who reaches it: the sources' names (clients, or elements in untrusted networks).
        public var reachedFrom: [String]
        /// The same sources, as traffic-graph nodes.
        public var sources: [Int]
        /// The hosts reachable through it.
        public var behind: [Int]
        /// The declared links hostile requests enter it by, in declaration order
        /// (none when they start in its own network, or come from the implicit client).
        public var enteredBy: [Int]
        /// Whether some hostile requests reach it by no declared link.
        public var enteredDirectly: Bool
    }

    /// The first host on each hostile path with no `firewall` element before it and
    /// no firewall of its own. A host's own firewall protects that host only, so the
    /// walk goes on past it; a firewall element protects everything behind it.
    public func unprotectedHosts() -> [UnprotectedHost] {
        let design = graph.design
        var found: [Int: Set<Int>] = [:]
        // Every way hostile requests arrive at a node: the declared links, or none
        // (a node in an untrusted network, or an implicit client's entry).
        var arrivals: [Int: Set<Int>] = [:]
        var direct = Set<Int>()
        var seen = Marks(capacity: graph.nodeCount)
        for source in sources {
            seen.startOver()
            var stack: [(node: Int, links: TrafficGraph.EdgeLinks)] = enteredWithLinks(from: source)
            while let (node, links) = stack.popLast() {
                if links.isEmpty { direct.insert(node) } else { arrivals[node, default: []].formUnion(links) }
                guard seen.insert(node) else { continue }
                guard let element = graph.element(of: node) else {
                    stack.append(contentsOf: next(node).map { ($0, links) })
                    continue
                }
                if Self.walkStops.contains(element.kind) { continue }
                let host = element.host
                if !Self.neverUnprotected.contains(design.elements[host].kind) && !Self.neverUnprotected.contains(element.kind)
                    && !design.hasOwnFirewall(host: host) {
                    found[host, default: []].insert(source)
                    continue
                }
                stack.append(contentsOf: nextWithLinks(node))
            }
        }
        var behind = Marks(capacity: graph.nodeCount)
        return found.keys.sorted().map { host in
            // The links into the host, into what runs on it, and into its cluster.
            var nodes = [host] + design.elements[host].children
            if let cluster = design.elements[host].cluster { nodes.append(graph.clusterNode(cluster)) }
            let entering = nodes.reduce(into: Set<Int>()) { $0.formUnion(arrivals[$1] ?? []) }
            let sources = (found[host] ?? []).sorted()
            return UnprotectedHost(host: host, reachedFrom: sources.map { graph.name(of: $0) }.sorted(), sources: sources, behind: hostsBehind(host, marks: &behind),
                                   enteredBy: entering.sorted(), enteredDirectly: nodes.contains(where: direct.contains))
        }
    }

    /// `entered(from:)` with the declared links each first node is entered by.
    private func enteredWithLinks(from source: Int) -> [(node: Int, links: TrafficGraph.EdgeLinks)] {
        let isClient = graph.element(of: source).map { $0.kind == .client } ?? true
        return isClient ? nextWithLinks(source) : [(source, TrafficGraph.EdgeLinks([]))]
    }

    /// `next(_:)` with the declared links behind each step (a cluster's members are
    /// entered by the links into the cluster, which the walk carries on).
    private func nextWithLinks(_ node: Int) -> [(node: Int, links: TrafficGraph.EdgeLinks)] {
        if case .cluster(let cluster) = graph.node(node) { return graph.memberNodes(ofCluster: cluster).map { ($0, TrafficGraph.EdgeLinks([])) } }
        return graph.requestEdges(from: node).map { ($0.to, $0.links) }
    }

    /// The hosts requests reach through a host, up to the next firewall element.
    /// `marks` are shared by a caller's walks from many hosts (made with room for
    /// every node of the graph): a set, or marks made afresh, apiece cost each walk
    /// a hash per node or a sweep of the whole graph.
    public func hostsBehind(_ host: Int, marks seen: inout Marks) -> [Int] {
        let design = graph.design
        seen.startOver()
        var hosts = Set<Int>()
        var stack = ([host] + design.elements[host].children).map { graph.receivingNode(ofElement: $0) }
        while let node = stack.popLast() {
            guard seen.insert(node) else { continue }
            if let element = graph.element(of: node) {
                if Self.walkStops.contains(element.kind) { continue }
                if element.host != host, !Self.neverUnprotected.contains(element.kind) { hosts.insert(element.host) }
            }
            stack.append(contentsOf: next(node))
        }
        return hosts.sorted()
    }

    /// A datastore hostile requests reach with nothing that runs application code in
    /// between: only load balancers, firewalls, cdns and servers holding no web
    /// server, app server or service (such a server passes requests on along its
    /// own links).
    public struct ExposedDatastore: Sendable {
        public var datastore: Int
        public var reachedFrom: String
        /// The node hostile requests start from: a client, or an element in an untrusted network.
        public var source: Int
        /// What is in between, in order, by name: a member entered through its
        /// cluster by the cluster's name (`inner-lbs`, not whichever member the search took).
        public var through: [String]
    }

    public func exposedDatastores() -> [ExposedDatastore] {
        var found: [Int: ExposedDatastore] = [:]
        // Reached behind a cdn and not is two different things for storage: a node is
        // marked twice over, as node * 2 and node * 2 + 1.
        var seen = Marks(capacity: graph.nodeCount * 2)
        for source in sources {
            // Depth-first, keeping the path, through transparent elements only.
            // `cluster`: the cluster a member was entered through.
            var stack: [(node: Int, path: [String], viaCDN: Bool, cluster: String?)] =
                entered(from: source).map { ($0, [], false, nil) }
            seen.startOver()
            while let (node, path, viaCDN, cluster) = stack.popLast() {
                guard seen.insert(node * 2 + (viaCDN ? 1 : 0)) else { continue }
                if graph.isCluster(node) {
                    let name = graph.name(of: node)
                    stack.append(contentsOf: next(node).map { ($0, path, viaCDN, name) })
                    continue
                }
                guard let element = graph.element(of: node) else { continue }
                let datastores = graph.servingElements(of: node).filter(\.kind.isDatastore)
                if !datastores.isEmpty {
                    for datastore in datastores where !(viaCDN && datastore.kind == .storage) && found[datastore.index] == nil {
                        found[datastore.index] = ExposedDatastore(datastore: datastore.index, reachedFrom: graph.name(of: source), source: source, through: path)
                    }
                    continue
                }
                // A server that runs no application passes requests on along its own links.
                let transparent = element.kind == .loadBalancer || element.kind == .firewall || element.kind == .cdn
                    || (element.kind == .server && !element.children.contains { graph.design.elements[$0].kind.processesRequests })
                guard transparent else { continue }
                let onward = path + [cluster ?? element.id]
                stack.append(contentsOf: next(node).map { ($0, onward, viaCDN || element.kind == .cdn, nil) })
            }
        }
        return found.keys.sorted().compactMap { found[$0] }
    }
}
