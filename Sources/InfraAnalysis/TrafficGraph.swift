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
    ///
    /// Nodes and links are kept in 32 bits (indexes are below 2^31: a design file is
    /// at most `SourceLoader.maxFileBytes`), and one link inline: an edge went from
    /// 64 bytes and an array of its own to 48 bytes.
    public struct Edge: Sendable {
        @Index32 public var from: Int
        @Index32 public var to: Int
        public var role: Role
        /// The kinds of request it carries.
        public var kinds: RequestKinds
        /// For a connection made after a lookup: the link into the `dns`.
        @OptionalIndex32 public var lookupLink: Int?
        /// The declared links behind it (several when links to cluster members were merged);
        /// empty for the implicit client's edges.
        public var links: EdgeLinks
        /// A name other than `SRC->DST` from the nodes' names: the implicit client's
        /// `clients->ENTRY`, a resolution's connection name. Read through
        /// `TrafficGraph.name(of:)`: building a name for every edge up front cost
        /// more than the edges.
        var renamed: String?

        init(from: Int, to: Int, role: Role, kinds: RequestKinds, links: [Int], lookupLink: Int?, renamed: String? = nil) {
            self.from = from
            self.to = to
            self.role = role
            self.kinds = kinds
            self.lookupLink = lookupLink
            self.links = EdgeLinks(links)
            self.renamed = renamed
        }
    }

    /// An edge's declared links: nearly always one, kept inline; the others of
    /// merged links to cluster members in an array.
    public struct EdgeLinks: RandomAccessCollection, Equatable, Sendable, ExpressibleByArrayLiteral {
        /// -1 when there is none.
        private let firstLink: Int32
        private let others: [Int32]

        public init(_ links: [Int]) {
            firstLink = links.first.map { Int32(truncatingIfNeeded: $0) } ?? -1
            others = links.dropFirst().map { Int32(truncatingIfNeeded: $0) }
        }

        public init(arrayLiteral links: Int...) { self.init(links) }

        public var startIndex: Int { 0 }
        public var endIndex: Int { firstLink < 0 ? 0 : 1 + others.count }
        public subscript(position: Int) -> Int { position == 0 ? Int(firstLink) : Int(others[position - 1]) }
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
        public var sourceName: String
        public var targetName: String
        // The source and the links in 32 bits, as an edge keeps them.
        private var storedSource: Int32
        /// The declared link that says where it goes (for a resolution, the link out of the dns).
        @Index32 public var link: Int
        /// For a resolution: the link into the dns.
        @OptionalIndex32 public var lookupLink: Int?

        /// The source as written: the link's source, or the client that looked the name up.
        public var source: Endpoint {
            get { Endpoint(compactKey: storedSource) }
            set { storedSource = newValue.compactKey }
        }

        init(source: Endpoint, sourceName: String, targetName: String, link: Int, lookupLink: Int?) {
            self.sourceName = sourceName
            self.targetName = targetName
            storedSource = source.compactKey
            self.link = link
            self.lookupLink = lookupLink
        }
    }

    /// A node's edges, in link order, without copying them into a new array.
    public struct EdgeList: RandomAccessCollection, Sendable {
        let edges: [Edge]
        let indexes: FlatList
        public var startIndex: Int { 0 }
        public var endIndex: Int { indexes.count }
        public subscript(position: Int) -> Edge { edges[indexes[position]] }
    }

    public let design: Design
    public internal(set) var edges: [Edge] = []
    // The three adjacency lists are built once every edge is known, at the end of `init`.
    /// Edge indexes leaving each node, in link order.
    public internal(set) var outgoing = FlatLists()
    /// The request edges among them.
    var outgoingRequests = FlatLists()
    /// Edge indexes arriving at each node.
    public internal(set) var incoming = FlatLists()
    /// The nodes requests start from: the declared clients, or the implicit client.
    public internal(set) var clients: [Int] = []
    /// Declared links that are monitoring traffic.
    public internal(set) var telemetryLinks: [Int] = []
    /// The connections requests make, as findings name them (see `Connection`).
    public internal(set) var connections: [Connection] = []
    /// For each node, whether it has a request edge to a datastore.
    public internal(set) var hasDatastoreEdges: [Bool]
    /// Per node: is it a datastore, a `dns`, only replicas (see `servingElements`).
    var datastoreNodes: [Bool] = []
    var dnsNodes: [Bool] = []
    var replicaOnlyNodes: [Bool] = []
    /// Per cluster: its members as the nodes that receive their requests.
    var clusterMemberNodes = FlatLists()
    /// Per dns node: the links out of it and the nodes they name.
    var resolutions: [Int: [(link: Int, target: Int)]] = [:]
    /// Per element: the node its requests arrive at (a server's entry, or itself).
    var receiving: [Int32] = []
    /// Per node: `servingIndexes`.
    var serving = FlatLists()

    /// With no declared client, what nothing links to: each is the entry of an implicit client of its own.
    public internal(set) var implicitEntries: [Endpoint] = []

    public var elementCount: Int { design.elements.count }
    public var nodeCount: Int { hasDatastoreEdges.count }

    public init(design: Design) {
        self.design = design
        let declaredClients = design.elements.filter { $0.kind == .client }.map(\.index)
        if declaredClients.isEmpty { implicitEntries = Self.unlinkedEntries(design) }
        let count = design.elements.count + design.clusters.count + implicitEntries.count
        hasDatastoreEdges = Array(repeating: false, count: count)
        receiving = design.elements.indices.map { Int32(truncatingIfNeeded: design.entry(of: $0) ?? $0) }
        clusterMemberNodes.reserveCapacity(lists: design.clusters.count, items: design.clusters.reduce(0) { $0 + $1.members.count })
        for cluster in design.clusters {
            for member in cluster.members { clusterMemberNodes.append(Int(receiving[member])) }
            clusterMemberNodes.endList()
        }
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
    public func nodesStandingFor(_ node: Int) -> FlatList {
        if case .cluster(let cluster) = self.node(node) { return memberNodes(ofCluster: cluster) }
        return FlatList(single: node)
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
        Int(receiving[index])
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
    public func memberNodes(ofCluster cluster: Int) -> FlatList {
        clusterMemberNodes.count <= cluster ? FlatList(design.clusters[cluster].members.map { receivingNode(ofElement: $0) }) : clusterMemberNodes[cluster]
    }

    /// The member an active-passive cluster serves from with nothing failed: the one
    /// that takes writes, else the first (AVAILABILITY.md: "all to the serving one");
    /// as the element declared in the cluster and the node its requests arrive at.
    public func servingMember(ofCluster cluster: Int) -> (element: Int, node: Int)? {
        let nodes = memberNodes(ofCluster: cluster)
        let members = design.clusters[cluster].members
        guard let position = nodes.indices.first(where: { !isReplicaOnly(nodes[$0]) }) ?? nodes.indices.first,
              position < members.count else { return nil }
        return (members[position], nodes[position])
    }

    /// When a load balancer's backend is an active-active cluster of servers with no
    /// shared address, its member nodes: the balancer's algorithm spreads the requests
    /// over them, as a balancer configured with those servers does (the load flow,
    /// AV005 and explain count them so). Nil for any other node: an active-passive
    /// cluster, or one behind one address, serves from one member; a cluster of
    /// datastores promotes a replica for writes.
    public func spreadMembers(ofBackend node: Int) -> [Int]? {
        guard case .cluster(let cluster) = self.node(node), !isDatastore(node) else { return nil }
        let declared = design.clusters[cluster]
        guard declared.mode == .activeActive, declared.vip == nil else { return nil }
        return Array(memberNodes(ofCluster: cluster))
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
    public func servingIndexes(of node: Int) -> FlatList {
        node >= 0 && node < serving.count ? serving[node] : .empty
    }

    /// Lists what a node stands for, after the nodes before it: an element itself,
    /// or the datastores a server without an entry holds and nothing else; a
    /// cluster's members' lists (members are elements, listed before clusters).
    mutating func appendServing(of node: Int) {
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
}
