import InfraCore

/// The design's links as the failure model reads them (LANGUAGE.md, "What the
/// links mean"):
/// - a link into a server enters at its entry, and a link out of it leaves from there;
/// - links from one element to several members of a cluster are one link to the cluster;
/// - links out of a cluster are links out of each member;
/// - a link into a `dns` is a lookup, and a link out of it says what a name resolves
///   to, so whoever looks it up connects to the target itself;
/// - links out of an agent or a monitor, or into one, are monitoring traffic, not requests.
///
/// Nodes are numbered: elements first (their indexes), then clusters, then, when the
/// design declares no client, one implicit client per entry (what nothing links to).
///
/// What the accessors answer is computed once, at build time.
public struct TrafficGraph: Sendable {
    /// What a node stands for.
    public enum Node: Hashable, Sendable {
        case element(Int)
        case cluster(Int)
        /// In a design that declares no client, the clients that enter at one
        /// element or cluster nothing links to (its index in `implicitEntries`).
        case implicitClient(Int)
    }

    /// How an edge is used.
    public enum Role: Sendable {
        /// A request: the source needs the target to serve its own requests.
        case request
        /// A name lookup in a `dns`.
        case lookup
    }

    /// One connection between two nodes.
    public struct Edge: Sendable {
        public var from: Int
        public var to: Int
        public var role: Role
        /// The kinds of request it carries.
        public var kinds: RequestKinds
        /// The declared links behind it (several when links to cluster members were merged);
        /// empty for the implicit client's edges.
        public var links: [Int]
        /// For a connection made after a lookup: the link into the `dns`.
        public var lookupLink: Int?
        /// A name other than `SRC->DST` from the nodes' names: the implicit client's
        /// `clients->ENTRY`, a resolution's connection name. Read through
        /// `TrafficGraph.name(of:)`: building a name for every edge up front cost
        /// more than the edges.
        var renamed: String?
    }

    /// How findings name an edge's connection: `users->lb-01`.
    public func name(of edge: Edge) -> String {
        edge.renamed ?? name(of: edge.from) + "->" + name(of: edge.to)
    }

    /// A connection one element opens to another: a declared link (not into or out
    /// of a `dns`, not monitoring), or, after a lookup, a client's connection to what
    /// the name resolves to. Named `SRC->DST` with the names as written (the target
    /// of a resolution as the dns link writes it: a server, not its entry; a cluster,
    /// not a member), and `SRC->DST:PROTOCOL` where the source has more than one
    /// connection to that target, directly or through any dns.
    public struct Connection: Sendable {
        /// `SRC->DST`, with `:PROTOCOL` where the pair connects more than once.
        /// Built when asked: most connections of a large design are never named.
        public var name: String {
            let pair = sourceName + "->" + targetName
            return protocolSuffix.map { pair + $0 } ?? pair
        }
        /// `:PROTOCOL` where the source connects to the target more than once.
        var protocolSuffix: String?
        /// The source as written: the link's source, or the client that looked the name up.
        public var source: Endpoint
        public var sourceName: String
        public var targetName: String
        /// The declared link that says where it goes (for a resolution, the link out of the dns).
        public var link: Int
        /// For a resolution: the link into the dns.
        public var lookupLink: Int?
    }

    /// A node's edges, in link order, without copying them into a new array.
    public struct EdgeList: RandomAccessCollection, Sendable {
        let edges: [Edge]
        let indexes: ArraySlice<Int>
        public var startIndex: Int { 0 }
        public var endIndex: Int { indexes.count }
        public subscript(position: Int) -> Edge { edges[indexes[indexes.startIndex + position]] }
    }

    public let design: Design
    public private(set) var edges: [Edge] = []
    // The three adjacency lists are built once every edge is known, at the end of `init`.
    /// Edge indexes leaving each node, in link order.
    public private(set) var outgoing = FlatLists()
    /// The request edges among them.
    private var outgoingRequests = FlatLists()
    /// Edge indexes arriving at each node.
    public private(set) var incoming = FlatLists()
    /// The nodes requests start from: the declared clients, or the implicit client.
    public private(set) var clients: [Int] = []
    /// Declared links that are monitoring traffic.
    public private(set) var telemetryLinks: [Int] = []
    /// The connections requests make, as findings name them (see `Connection`).
    public private(set) var connections: [Connection] = []
    /// For each node, whether it has a request edge to a datastore.
    public private(set) var hasDatastoreEdges: [Bool]
    /// Per node: is it a datastore, a `dns`, only replicas (see `servingElements`).
    private var datastoreNodes: [Bool] = []
    private var dnsNodes: [Bool] = []
    private var replicaOnlyNodes: [Bool] = []
    /// Per cluster: its members as the nodes that receive their requests.
    private var clusterMemberNodes: [[Int]] = []
    /// Per dns node: the links out of it and the nodes they name.
    private var resolutions: [Int: [(link: Int, target: Int)]] = [:]
    /// Per element: the node its requests arrive at (a server's entry, or itself).
    private var receiving: [Int] = []
    /// Per node: `servingIndexes`.
    private var serving = FlatLists()

    /// With no declared client, what nothing links to: each is the entry of an implicit client of its own.
    public private(set) var implicitEntries: [Endpoint] = []

    public var elementCount: Int { design.elements.count }
    public var nodeCount: Int { hasDatastoreEdges.count }

    public init(design: Design) {
        self.design = design
        let declaredClients = design.elements.filter { $0.kind == .client }.map(\.index)
        if declaredClients.isEmpty { implicitEntries = Self.unlinkedEntries(design) }
        let count = design.elements.count + design.clusters.count + implicitEntries.count
        hasDatastoreEdges = Array(repeating: false, count: count)
        receiving = design.elements.indices.map { design.entry(of: $0) ?? $0 }
        clusterMemberNodes = design.clusters.map { $0.members.map { receiving[$0] } }
        serving.reserveCapacity(lists: count, items: count)
        datastoreNodes.reserveCapacity(count)
        dnsNodes.reserveCapacity(count)
        replicaOnlyNodes.reserveCapacity(count)
        for node in 0..<count {
            // Clusters come after the elements their members stand for.
            appendServing(of: node)
            let served = serving[node]
            let elements = design.elements
            datastoreNodes.append(!served.isEmpty && served.allSatisfy { elements[$0].kind.isDatastore })
            dnsNodes.append(!served.isEmpty && served.allSatisfy { elements[$0].kind == .dns })
            replicaOnlyNodes.append(!served.isEmpty && served.allSatisfy {
                elements[$0].kind == .database && elements[$0].role == .replica
            })
        }
        buildEdges()
        nameConnections()
        if declaredClients.isEmpty {
            addImplicitClients(firstNode: design.elements.count + design.clusters.count)
        } else {
            clients = declaredClients
        }
        outgoing = FlatLists(count: count, pairs: edges.indices.map { (edges[$0].from, $0) })
        outgoingRequests = FlatLists(count: count, pairs: edges.indices.filter { edges[$0].role == .request }.map { (edges[$0].from, $0) })
        incoming = FlatLists(count: count, pairs: edges.indices.map { (edges[$0].to, $0) })
    }

    // MARK: Nodes

    /// What a node number stands for.
    public func node(_ index: Int) -> Node {
        if index < elementCount { return .element(index) }
        if index < elementCount + design.clusters.count { return .cluster(index - elementCount) }
        return .implicitClient(index - elementCount - design.clusters.count)
    }

    /// The node of a cluster.
    public func clusterNode(_ cluster: Int) -> Int { elementCount + cluster }

    /// Whether a node stands for a cluster.
    public func isCluster(_ node: Int) -> Bool {
        if case .cluster = self.node(node) { return true }
        return false
    }

    /// A cluster's member nodes, or the node itself.
    public func nodesStandingFor(_ node: Int) -> [Int] {
        if case .cluster(let cluster) = self.node(node) { return memberNodes(ofCluster: cluster) }
        return [node]
    }

    /// The edges leaving a node.
    public func edges(from node: Int) -> EdgeList { EdgeList(edges: edges, indexes: outgoing[node]) }

    /// The request edges leaving a node (lookups and telemetry aside).
    public func requestEdges(from node: Int) -> EdgeList { EdgeList(edges: edges, indexes: outgoingRequests[node]) }

    /// What an edge's links name as their target, when they all name the same: a
    /// server as written, not the entry its requests arrive at; nil for an edge no
    /// declared link stands behind (an implicit client's).
    public func writtenTarget(of edge: Edge) -> Endpoint? {
        guard let first = edge.links.first else { return nil }
        let target = design.links[first].to
        return edge.links.allSatisfy({ design.links[$0].to == target }) ? target : nil
    }

    /// A node's display name.
    public func name(of node: Int) -> String {
        switch self.node(node) {
        case .element(let index): return design.elements[index].id
        case .cluster(let index): return design.clusters[index].id
        case .implicitClient(let entry): return "clients entering at \(design.name(of: implicitEntries[entry]))"
        }
    }

    /// The element behind a node, if it is one.
    public func element(of node: Int) -> Element? {
        if case .element(let index) = self.node(node) { return design.elements[index] }
        return nil
    }

    /// The node that receives requests sent to an element: a server's entry, or the element.
    public func receivingNode(ofElement index: Int) -> Int {
        receiving[index]
    }

    /// The node requests sent to an endpoint arrive at.
    public func receivingNode(of endpoint: Endpoint) -> Int {
        switch endpoint {
        case .element(let index): return receivingNode(ofElement: index)
        case .cluster(let index): return clusterNode(index)
        }
    }

    /// The nodes requests from an endpoint leave: a server's entry, or each member of a cluster.
    public func sendingNodes(of endpoint: Endpoint) -> [Int] {
        design.members(of: endpoint).map { receivingNode(ofElement: $0) }
    }

    /// The cluster a node belongs to as a member (a server's entry belongs to the server's cluster).
    public func cluster(ofNode node: Int) -> Int? {
        guard let element = element(of: node) else { return nil }
        return design.cluster(of: element)
    }

    /// The members of a cluster node, as the nodes that receive their requests.
    public func memberNodes(ofCluster cluster: Int) -> [Int] {
        clusterMemberNodes.isEmpty ? design.clusters[cluster].members.map { receivingNode(ofElement: $0) } : clusterMemberNodes[cluster]
    }

    /// Every element a node stands for: a cluster's members, or the element.
    public func elements(of node: Int) -> [Int] {
        switch self.node(node) {
        case .element(let index): return [index]
        case .cluster(let index): return design.clusters[index].members
        case .implicitClient: return []
        }
    }

    /// What serves a node's requests: for a black-box server that holds only
    /// datastores (agents and its firewall aside), those datastores, so that a server
    /// holding a replica behaves as a replica; for a cluster, what serves each member;
    /// otherwise the element itself.
    public func servingElements(of node: Int) -> [Element] {
        servingIndexes(of: node).map { design.elements[$0] }
    }

    /// `servingElements` as element indexes (every node's, listed once at build).
    public func servingIndexes(of node: Int) -> ArraySlice<Int> {
        node >= 0 && node < serving.count ? serving[node] : []
    }

    /// Lists what a node stands for, after the nodes before it: an element itself,
    /// or the datastores a server without an entry holds and nothing else; a
    /// cluster's members' lists (members are elements, listed before clusters).
    private mutating func appendServing(of node: Int) {
        switch self.node(node) {
        case .element(let index):
            if design.elements[index].kind == .server, design.entry(of: index) == nil {
                let held = design.elements[index].children.filter {
                    design.elements[$0].kind != .agent && design.elements[$0].kind != .firewall
                }
                if !held.isEmpty, held.allSatisfy({ design.elements[$0].kind.isDatastore }) {
                    for element in held { serving.append(element) }
                    serving.endList()
                    return
                }
            }
            serving.append(index)
        case .cluster(let cluster):
            // Copied out first: appending while a slice of the list is alive
            // would copy the whole list.
            let members = memberNodes(ofCluster: cluster).flatMap { Array(serving[$0]) }
            for element in members { serving.append(element) }
        case .implicitClient:
            break
        }
        serving.endList()
    }

    /// True for a datastore, a server holding only datastores, or a cluster of them.
    public func isDatastore(_ node: Int) -> Bool { datastoreNodes[node] }

    /// True for a `dns`, or a cluster of them.
    public func isDNS(_ node: Int) -> Bool { dnsNodes[node] }

    /// True for a replica database (or what holds only replicas): it serves reads only.
    public func isReplicaOnly(_ node: Int) -> Bool { replicaOnlyNodes[node] }

    // MARK: Edges

    /// What a link to this target carries: its `access` (default `read` to a replica,
    /// `read-write` otherwise) when the target is a datastore; both kinds otherwise.
    private func carriedKinds(to target: Int, access: Access?) -> RequestKinds {
        guard isDatastore(target) else { return .both }
        if let access { return access.kinds }
        return isReplicaOnly(target) ? .read : .both
    }

    private mutating func buildEdges() {
        // Request edges before merging, per source node: (target node, link).
        var pending = [[(target: Int, link: Int)]](repeating: [], count: nodeCount)
        var sourceOrder: [Int] = []
        let design = design
        func monitoring(_ endpoint: Endpoint) -> Bool {
            switch endpoint {
            case .element(let index): return design.elements[index].kind.isMonitoring
            case .cluster(let index): return design.clusters[index].members.contains { design.elements[$0].kind.isMonitoring }
            }
        }
        for linkIndex in design.links.indices {
            let from = design.links[linkIndex].from
            let to = design.links[linkIndex].to
            if monitoring(from) || monitoring(to) {
                telemetryLinks.append(linkIndex)
                continue
            }
            let target = receivingNode(of: to)
            let sources: ArraySlice<Int>
            switch from {
            case .element(let index): sources = [receiving[index]]
            case .cluster(let index): sources = clusterMemberNodes[index][...]
            }
            for source in sources {
                if isDNS(source) {
                    resolutions[source, default: []].append((linkIndex, target))
                    if case .cluster(let cluster) = from {
                        resolutions[clusterNode(cluster), default: []].append((linkIndex, target))
                    }
                    continue
                }
                if pending[source].isEmpty { sourceOrder.append(source) }
                pending[source].append((target, linkIndex))
            }
        }
        for source in sourceOrder {
            for (target, links) in mergeClusterTargets(pending[source]) {
                // Each link carries what its own access says; a link without one carries the default.
                let kinds = links.reduce(RequestKinds()) { $0.union(carriedKinds(to: target, access: design.links[$1].access)) }
                if isDNS(target) {
                    // Each lookup as written is its own: `cl6 -> dns` and `app8 -> dns` name two askers.
                    for link in links {
                        var asked: Set<Int> = [target]
                        addLookup(from: source, of: target, links: [link], lookupLink: link, asked: &asked)
                    }
                } else {
                    addEdge(Edge(from: source, to: target, role: .request, kinds: kinds, links: links,
                                 lookupLink: nil))
                }
            }
        }
    }

    /// A source looks a name up in a dns, then connects to what it resolves to; a
    /// name that resolves to another dns is looked up there in turn.
    private mutating func addLookup(from source: Int, of dns: Int, links: [Int], lookupLink: Int?, asked: inout Set<Int>) {
        addEdge(Edge(from: source, to: dns, role: .lookup, kinds: .both, links: links,
                     lookupLink: nil))
        // A name that resolves to the asker itself (or its cluster of one) makes no connection.
        for (resolved, resolvedTarget) in resolutions[dns] ?? [] where resolvedTarget != source && nodesStandingFor(resolvedTarget) != [source] {
            if isDNS(resolvedTarget) {
                if asked.insert(resolvedTarget).inserted {
                    addLookup(from: source, of: resolvedTarget, links: [resolved], lookupLink: lookupLink, asked: &asked)
                }
                continue
            }
            let resolvedKinds = carriedKinds(to: resolvedTarget, access: design.links[resolved].access)
            addEdge(Edge(from: source, to: resolvedTarget, role: .request, kinds: resolvedKinds,
                         links: [resolved], lookupLink: lookupLink))
        }
    }

    /// Groups one source's targets, merging two or more members of one cluster into the cluster.
    private func mergeClusterTargets(_ targets: [(target: Int, link: Int)]) -> [(Int, [Int])] {
        // One target, the usual case, merges with nothing.
        if targets.count == 1, let only = targets.first { return [(only.target, [only.link])] }
        var byCluster: [Int: Set<Int>] = [:]
        for (target, _) in targets {
            if let cluster = memberCluster(ofNode: target) { byCluster[cluster, default: []].insert(target) }
        }
        var order: [Int] = []
        var links: [Int: [Int]] = [:]
        for (target, link) in targets {
            var node = target
            if let cluster = memberCluster(ofNode: target), (byCluster[cluster]?.count ?? 0) >= 2 {
                node = clusterNode(cluster)
            }
            if links[node] == nil { order.append(node) }
            links[node, default: []].append(link)
        }
        return order.map { ($0, links[$0] ?? []) }
    }

    /// The cluster whose member a node stands for: the member itself, the entry of a
    /// member server, or what a member server with no entry runs (a database on a
    /// black box). Another component of a member server with an entry is not the
    /// member: a link to it beside a link to another member is two links, not one
    /// link to the cluster, whose requests would enter at the entries and never reach it.
    private func memberCluster(ofNode node: Int) -> Int? {
        guard let element = element(of: node) else { return nil }
        let member = element.cluster != nil ? element.index : element.host
        guard let cluster = design.elements[member].cluster else { return nil }
        return receiving[member] == node || design.entry(of: member) == nil ? cluster : nil
    }

    private mutating func addEdge(_ edge: Edge) {
        edges.append(edge)
        if edge.role == .request, isDatastore(edge.to) { hasDatastoreEdges[edge.from] = true }
    }

    /// With no declared client, every top-level element (or server) and every
    /// cluster that no request link names, agents and monitors aside, in declaration
    /// order: each is the entry of an implicit client of its own, so that an element
    /// nothing uses cannot stand in for a real entry and hide a single point of failure.
    static func unlinkedEntries(_ design: Design) -> [Endpoint] {
        var linked = Set<Int>()
        var linkedClusters = Set<Int>()
        for link in design.links {
            let ends = design.members(of: link.from) + design.members(of: link.to)
            if ends.contains(where: { design.elements[$0].kind.isMonitoring }) { continue }
            if case .cluster(let cluster) = link.to { linkedClusters.insert(cluster) }
            for member in design.members(of: link.to) {
                let host = design.elements[member].host
                linked.insert(member)
                linked.insert(host)
                if let cluster = design.elements[host].cluster { linkedClusters.insert(cluster) }
            }
        }
        // A replica is reached by its primary's replication, as DES001 counts it: a
        // replica nothing else links to is not an entry of its own.
        // (Its chain of `replicates` must end at a database that is not a replica: a
        // cycle of replicas copies nothing.)
        func copiesAPrimary(_ replica: Element) -> Bool {
            var seen = Set<Int>()
            var current = replica
            while seen.insert(current.index).inserted {
                guard case .element(let next)? = current.replicates?.symbol, design.elements[next].kind == .database else { return false }
                current = design.elements[next]
                if current.role != .replica { return true }
            }
            return false
        }
        for element in design.elements where element.kind == .database && element.role == .replica && copiesAPrimary(element) {
            linked.insert(element.index)
            linked.insert(element.host)
            if let cluster = design.elements[element.host].cluster { linkedClusters.insert(cluster) }
        }
        var entries: [(position: Int, endpoint: Endpoint)] = []
        for element in design.elements where element.container == nil && element.cluster == nil {
            guard !linked.contains(element.index), !element.kind.isMonitoring, element.kind != .client else { continue }
            entries.append((element.range.start, .element(element.index)))
        }
        for cluster in design.clusters where !linkedClusters.contains(cluster.index) {
            let kinds = cluster.members.map { design.elements[$0].kind }
            guard !cluster.members.contains(where: linked.contains), !kinds.contains(where: \.isMonitoring) else { continue }
            entries.append((cluster.range.start, .cluster(cluster.index)))
        }
        return entries.sorted { $0.position < $1.position }.map(\.endpoint)
    }

    private mutating func addImplicitClients(firstNode: Int) {
        for (offset, entry) in implicitEntries.enumerated() {
            let node = firstNode + offset
            let target = receivingNode(of: entry)
            if isDNS(target) {
                var asked: Set<Int> = [target]
                addLookup(from: node, of: target, links: [], lookupLink: nil, asked: &asked)
            } else {
                addEdge(Edge(from: node, to: target, role: .request, kinds: carriedKinds(to: target, access: nil),
                             links: [], lookupLink: nil, renamed: "clients->\(design.name(of: entry))"))
            }
            clients.append(node)
        }
    }

    /// The connections, named as findings name them; resolution edges take the same names.
    private mutating func nameConnections() {
        var found: [(source: Endpoint, sourceName: String, target: String, link: Int, lookup: Int?, edge: Int?)] = []
        let telemetry = Set(telemetryLinks)
        for index in design.links.indices where !telemetry.contains(index) {
            let from = design.links[index].from
            let fromDNS = design.members(of: from).allSatisfy { design.elements[$0].kind == .dns }
            let toDNS = design.members(of: design.links[index].to).contains { design.elements[$0].kind == .dns }
            guard !fromDNS, !toDNS else { continue }
            found.append((from, design.links[index].fromName, design.links[index].toName, index, nil, nil))
        }
        // A resolution's source is the lookup's, as written; one lookup link from a
        // cluster makes one connection, whichever member asks.
        struct Resolution: Hashable {
            let source: Endpoint
            let link: Int
        }
        var resolutions = Set<Resolution>()
        var resolutionEdges: [Resolution: [Int]] = [:]
        for index in edges.indices {
            guard let lookup = edges[index].lookupLink, let link = edges[index].links.first else { continue }
            // Resolving a name to oneself is no connection.
            guard design.links[lookup].fromName != design.links[link].toName else { continue }
            let key = Resolution(source: design.links[lookup].from, link: link)
            resolutionEdges[key, default: []].append(index)
            guard resolutions.insert(key).inserted else { continue }
            found.append((design.links[lookup].from, design.links[lookup].fromName, design.links[link].toName, link, lookup, index))
        }
        // Counted by endpoints; the target is where the link out of the dns goes.
        let pairs = found.map { EndpointPair($0.source, design.links[$0.link].to) }
        var counts: [EndpointPair: Int] = [:]
        counts.reserveCapacity(pairs.count)
        for pair in pairs { counts[pair, default: 0] += 1 }
        connections = zip(found, pairs).map { connection, pair in
            var named = Connection(source: connection.source, sourceName: connection.sourceName,
                                   targetName: connection.target, link: connection.link, lookupLink: connection.lookup)
            if (counts[pair] ?? 0) > 1 { named.protocolSuffix = ":\(design.links[connection.link].protocolName ?? "tcp")" }
            if let edge = connection.edge, let lookup = connection.lookup {
                let name = named.name
                for index in resolutionEdges[Resolution(source: design.links[lookup].from, link: connection.link)] ?? [edge] {
                    edges[index].renamed = name
                }
            }
            return named
        }
    }
}
