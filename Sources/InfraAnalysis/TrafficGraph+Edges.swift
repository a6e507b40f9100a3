import InfraCore

/// TrafficGraph, continued: the edges, built from the links once the nodes are
/// known, the implicit clients of a design without one, and the connections' names.
extension TrafficGraph {
    /// What a link to this target carries: its `access` (default `read` to a replica,
    /// `read-write` otherwise) when the target is a datastore; both kinds otherwise.
    func carriedKinds(to target: Int, access: Access?) -> RequestKinds {
        guard isDatastore(target) else { return .both }
        if let access { return access.kinds }
        return isReplicaOnly(target) ? .read : .both
    }

    mutating func buildEdges() {
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
            let sources: FlatList
            switch from {
            case .element(let index): sources = FlatList(single: Int(receiving[index]))
            case .cluster(let index): sources = clusterMemberNodes[index]
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
    mutating func addLookup(from source: Int, of dns: Int, links: [Int], lookupLink: Int?, asked: inout Set<Int>) {
        addEdge(Edge(from: source, to: dns, role: .lookup, kinds: .both, links: links,
                     lookupLink: nil))
        // A name that resolves to the asker itself (or its cluster of one) makes no connection.
        for (resolved, resolvedTarget) in resolutions[dns] ?? [] where resolvedTarget != source && !nodesStandingFor(resolvedTarget).elementsEqual([source]) {
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
    func mergeClusterTargets(_ targets: [(target: Int, link: Int)]) -> [(Int, [Int])] {
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
    func memberCluster(ofNode node: Int) -> Int? {
        guard let element = element(of: node) else { return nil }
        let member = element.cluster != nil ? element.index : element.host
        guard let cluster = design.elements[member].cluster else { return nil }
        return Int(receiving[member]) == node || design.entry(of: member) == nil ? cluster : nil
    }

    mutating func addEdge(_ edge: Edge) {
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

    mutating func addImplicitClients(firstNode: Int) {
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
    mutating func nameConnections() {
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
