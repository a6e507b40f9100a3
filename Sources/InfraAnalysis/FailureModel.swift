import InfraCore

/// What one client loses when something fails.
public struct ClientLoss: Hashable, Sendable {
    /// The client's node.
    public var client: Int
    public var read: Bool
    public var write: Bool
}

/// For each client and kind of request, whether it is served with nothing failed
/// and which single failures would stop it: computed once per design and read by
/// every availability rule, `what-if` and `explain`.
///
/// The failure units are element indexes: a host (a server, or an element declared
/// outside one), or a component on a host. Failing a host fails what runs on it;
/// an element with `instances: 2` or more (or on such a host) survives one loss.
public struct FailureModel: Sendable {
    public let graph: TrafficGraph
    public let equations: ServingEquations
    /// `values[node * 2 + kind]`: the single failures that stop that state.
    public let values: [FailureSet]

    public var design: Design { graph.design }

    /// Whether each state (`node * 2 + kind`) is served with nothing failed.
    public var servedWithNothingFailed: [Bool] { values.map(\.isServed) }

    public init(design: Design) {
        self.init(graph: TrafficGraph(design: design))
    }

    public init(graph: TrafficGraph) {
        self.graph = graph
        equations = ServingEquations(graph: graph)
        let design = graph.design
        let bases = (0..<graph.nodeCount).map { node in Self.baseSet(of: node, in: design, graph: graph) }
        values = equations.solve { bases[$0] }
    }

    /// `baseUnits` as a failure set, built directly where it is the element and its
    /// host (at most two units): a set per node, at 100,000 elements, cost two
    /// arrays and a sort each.
    static func baseSet(of node: Int, in design: Design, graph: TrafficGraph) -> FailureSet {
        guard node < graph.elementCount else { return .servedUnconditionally }
        if holdsDatastores(node, in: design) {
            return FailureSet(units: baseUnits(of: node, in: design, graph: graph), universe: design.elements.count)
        }
        switch ownUnits(of: node, in: design) {
        case (let own?, let host?): return .small(own < host ? [Int32(own), Int32(host)] : [Int32(host), Int32(own)])
        case (let only?, nil), (nil, let only?): return .small([Int32(only)])
        case (nil, nil): return .servedUnconditionally
        }
    }

    /// The failures that take a node itself down: its own and its host's, unless it
    /// has several instances, or runs on a host that has (it then runs on each). A
    /// server that stands for the datastores it holds also goes down with them.
    public static func baseUnits(of node: Int, in design: Design, graph: TrafficGraph) -> [Int] {
        guard node < graph.elementCount else { return [] }
        let (own, host) = ownUnits(of: node, in: design)
        var units = [own, host].compactMap { $0 }
        if holdsDatastores(node, in: design) {
            for held in graph.servingIndexes(of: node) where held != node && design.elements[held].instances < 2 {
                units.append(held)
            }
        }
        return units.sorted()
    }

    /// The element itself and its host as failure units, each unless replicated.
    private static func ownUnits(of node: Int, in design: Design) -> (own: Int?, host: Int?) {
        let host = design.elements[node].host
        let hostReplicated = host != node && design.elements[host].instances >= 2
        return (design.elements[node].instances < 2 && !hostReplicated ? node : nil,
                host != node && !hostReplicated ? host : nil)
    }

    /// A single server, which may stand for the datastores it holds.
    private static func holdsDatastores(_ node: Int, in design: Design) -> Bool {
        design.elements[node].kind == .server && design.elements[node].instances < 2
    }

    /// The failures that stop a node serving a kind of request.
    public func failures(of node: Int, _ kind: RequestKind) -> FailureSet {
        values[node * 2 + kind.rawValue]
    }

    /// Whether a client can complete this kind of request with nothing failed; a
    /// kind no client can complete is not analysed.
    public func isAnalysed(_ kind: RequestKind) -> Bool {
        graph.clients.contains { failures(of: $0, kind).isServed }
    }

    /// Every element whose failure alone leaves some client unable to read or write,
    /// with what each client loses; hosts only where a host's failure explains it
    /// (a component is listed only when its host is not itself one).
    public func singlePointsOfFailure() -> [(unit: Int, losses: [ClientLoss])] {
        var lossesByUnit: [Int: [ClientLoss]] = [:]
        for client in graph.clients {
            var lost: [Int: ClientLoss] = [:]
            for kind in RequestKind.allCases {
                let set = failures(of: client, kind)
                guard set.isServed else { continue }
                for unit in set.elements {
                    var loss = lost[unit] ?? ClientLoss(client: client, read: false, write: false)
                    if kind == .read { loss.read = true } else { loss.write = true }
                    lost[unit] = loss
                }
            }
            for (unit, loss) in lost { lossesByUnit[unit, default: []].append(loss) }
        }
        let units = Set(lossesByUnit.keys)
        return units.sorted()
            .filter { unit in
                let host = design.elements[unit].host
                return host == unit || !units.contains(host)
            }
            .filter { unit in
                // A member of an active-passive cluster with manual failover and a
                // standby: AV003 reports that nothing promotes the standby; the members
                // are not single points of failure on top.
                guard let cluster = design.cluster(of: design.elements[unit]) else { return true }
                return !design.clusters[cluster].hasUnpromotedStandby
            }
            .map { unit in (unit, (lossesByUnit[unit] ?? []).sorted { $0.client < $1.client }) }
    }

    /// The components on a host whose own failure stops this client's kind of request:
    /// what explains why the host is a single point of failure.
    public func criticalComponents(onHost host: Int, client: Int, kind: RequestKind) -> [Int] {
        let set = failures(of: client, kind)
        return design.elements[host].children.filter { set.contains($0) }
    }

    /// The databases that answer a kind of request with nothing failed: those the
    /// clients' served requests of that kind reach (for writes, those that accept
    /// writes).
    public func databases(serving kind: RequestKind) -> Set<Int> {
        var seen = Marks(capacity: graph.nodeCount)
        var stack = graph.clients.filter { failures(of: $0, kind).isServed }
        var found = Set<Int>()
        while let node = stack.popLast() {
            guard seen.insert(node) else { continue }
            if case .cluster(let cluster) = graph.node(node) {
                for member in graph.memberNodes(ofCluster: cluster) where failures(of: member, kind).isServed {
                    stack.append(member)
                }
                continue
            }
            for element in graph.servingIndexes(of: node) where design.elements[element].kind == .database {
                if kind == .read || design.elements[element].role != .replica { found.insert(element) }
            }
            for index in graph.outgoing[node] where graph.edges[index].role == .request {
                let target = graph.edges[index].to
                if graph.edges[index].kinds.contains(kind) && failures(of: target, kind).isServed { stack.append(target) }
            }
        }
        return found
    }
}
