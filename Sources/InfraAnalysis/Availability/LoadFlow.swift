import InfraCore

/// How the clients' peak `load` flows through the design (AVAILABILITY.md,
/// "Capacity"), for one set of served states:
/// - a client splits each kind of request equally over the entries that serve it
///   (its `dns` lookups carry no load);
/// - a load balancer splits over its serving backends by its algorithm (round robin,
///   random, ip hash: equally; weighted round robin: by the links' `weight`; least
///   connections: in proportion to each backend's capacity, equally where one has
///   none); a firewall or cdn splits equally;
/// - a cluster sends to its serving members: active-active equally, active-passive
///   all to the serving one (the member that takes writes, else the first), and
///   writes only to members that take them (a promoted replica when none can);
/// - anything else sends what it receives to every target that carries that kind.
///
/// States are visited once, in a topological order of the flow computed once per
/// design; a link that closes a cycle carries nothing (a request does not go round).
/// Cost: O(states + edges) a flow.
struct LoadFlow {
    let graph: TrafficGraph
    let equations: ServingEquations
    /// The states load can reach, in topological order.
    private(set) var order: [Int] = []
    /// Each state's place in `order`, or -1.
    private(set) var position: [Int]
    /// Where each state in `order` can send load, whatever has failed (computed once).
    private var targets: [[Int]]
    /// For the states of weighted load balancers: each target's weight.
    private var weights: [Int: [Int: Double]] = [:]
    /// For each state, the states in `order` before it that can send it load.
    private(set) var predecessors: [[Int]]

    init(equations: ServingEquations, sources: [Int]) {
        graph = equations.graph
        self.equations = equations
        let count = graph.nodeCount * 2
        position = Array(repeating: -1, count: count)
        targets = Array(repeating: [], count: count)
        predecessors = Array(repeating: [], count: count)
        // Depth-first from the clients' states; reversed postorder is topological
        // once the edges into states still on the stack (the cycles) are dropped.
        var state = [UInt8](repeating: 0, count: count)  // 0 new, 1 on the stack, 2 done
        var postorder: [Int] = []
        for source in sources {
            for root in [source * 2, source * 2 + 1] where state[root] == 0 {
                targets[root] = structuralTargets(of: root)
                var stack: [(state: Int, next: Int)] = [(root, 0)]
                state[root] = 1
                while !stack.isEmpty {
                    let top = stack.count - 1
                    let current = stack[top].state
                    if stack[top].next < targets[current].count {
                        let target = targets[current][stack[top].next]
                        stack[top].next += 1
                        if state[target] == 0 {
                            state[target] = 1
                            targets[target] = structuralTargets(of: target)
                            stack.append((target, 0))
                        }
                        continue
                    }
                    state[stack[top].state] = 2
                    postorder.append(stack[top].state)
                    stack.removeLast()
                }
            }
        }
        order = postorder.reversed()
        for (offset, visited) in order.enumerated() { position[visited] = offset }
        for visited in order {
            for target in targets[visited] where position[target] > position[visited] { predecessors[target].append(visited) }
        }
        // A weighted load balancer's weight for each target: the weight of the first link to it (1 if none).
        for visited in order {
            guard case .element(let index) = graph.node(visited / 2), graph.design.elements[index].kind == .loadBalancer,
                  graph.design.elements[index].algorithm == .weightedRoundRobin else { continue }
            var weight: [Int: Double] = [:]
            for edgeIndex in graph.outgoing[visited / 2] {
                let edge = graph.edges[edgeIndex]
                // A cluster spread over its members gives each the weight of the link to it.
                for node in graph.spreadMembers(ofBackend: edge.to) ?? [edge.to] {
                    let target = node * 2 + visited % 2
                    if weight[target] == nil, let link = edge.links.first, let declared = graph.design.links[link].weight {
                        weight[target] = Double(declared)
                    }
                }
            }
            weights[visited] = weight
        }
    }

    /// Where a state can send load, whatever has failed.
    private func structuralTargets(of state: Int) -> [Int] {
        let node = state / 2, kind = state % 2
        if case .cluster(let cluster) = graph.node(node) {
            return graph.memberNodes(ofCluster: cluster).map { $0 * 2 + kind }
        }
        let balancer = graph.element(of: node)?.kind == .loadBalancer
        var targets: [Int] = []
        var seen = Set<Int>()
        for index in graph.outgoing[node] {
            let edge = graph.edges[index]
            guard edge.role == .request, edge.kinds.contains(kind == 0 ? .read : .write) else { continue }
            if balancer, let members = graph.spreadMembers(ofBackend: edge.to) {
                for member in members where seen.insert(member).inserted { targets.append(member * 2 + kind) }
                continue
            }
            if seen.insert(edge.to).inserted { targets.append(edge.to * 2 + kind) }
        }
        return targets
    }


    /// The load (requests a second) arriving at each state, from these clients'
    /// loads, where `served` says which states serve and `capacity` gives a node's
    /// capacity for least connections (nil where it has none); and the replicas'
    /// write states promoted on the way.
    func run(loads: [(client: Int, load: Double, writeShare: Double)], served: [Bool],
             capacity: (Int) -> Double?) -> (inflow: [Double], promoted: Set<Int>) {
        var inflow = [Double](repeating: 0, count: graph.nodeCount * 2)
        var promoted = Set<Int>()
        for source in loads {
            inflow[source.client * 2] += source.load * (1 - source.writeShare)
            inflow[source.client * 2 + 1] += source.load * source.writeShare
        }
        for state in order {
            let amount = inflow[state]
            guard amount > 0, served[state] || promoted.contains(state) else { continue }
            for (target, share) in split(state, served: served, capacity: capacity, promoted: &promoted)
            where position[target] > position[state] {
                inflow[target] += amount * share
            }
        }
        return (inflow, promoted)
    }

    /// `run` again after a failure changed which states serve (`changed`), from the
    /// flow before it: only the states downstream of a changed state or of a state
    /// whose targets changed, and from which `relevant` states can be reached, are
    /// computed again, each from its predecessors, in the same order. Equal to `run`
    /// (a test checks it); cost: what the failure moves, not the whole design
    /// (`work` counts the states computed again).
    func rerun(_ before: (inflow: [Double], promoted: Set<Int>), loads: [(client: Int, load: Double, writeShare: Double)],
               served: [Bool], changed: [Int], relevant: [Bool], work: inout Int, capacity: (Int) -> Double?) -> [Double] {
        // The states whose split may differ: the changed ones and those that send to them.
        var seeds = Set<Int>()
        for state in changed where position[state] >= 0 {
            seeds.insert(state)
            seeds.formUnion(predecessors[state])
        }
        var redo = Set<Int>()
        var stack = Array(seeds)
        while let state = stack.popLast() {
            guard relevant[state], redo.insert(state).inserted else { continue }
            stack.append(contentsOf: targets[state].filter { position[$0] > position[state] })
        }
        work += redo.count
        guard !redo.isEmpty else { return before.inflow }
        var sourceLoad: [Int: Double] = [:]
        for source in loads {
            sourceLoad[source.client * 2, default: 0] += source.load * (1 - source.writeShare)
            sourceLoad[source.client * 2 + 1, default: 0] += source.load * source.writeShare
        }
        var inflow = before.inflow
        var promoted = before.promoted.subtracting(redo)
        var splits: [Int: [Int: Double]] = [:]
        for state in redo.sorted(by: { position[$0] < position[$1] }) {
            var amount = sourceLoad[state] ?? 0
            for origin in predecessors[state] {
                let sent = inflow[origin]
                guard sent > 0, served[origin] || promoted.contains(origin) else { continue }
                if splits[origin] == nil {
                    var shares: [Int: Double] = [:]
                    for (target, share) in split(origin, served: served, capacity: capacity, promoted: &promoted) {
                        shares[target, default: 0] += share
                    }
                    splits[origin] = shares
                }
                amount += sent * (splits[origin]?[state] ?? 0)
            }
            inflow[state] = amount
        }
        return inflow
    }

    /// Where one state's load goes, as shares that add up to one (or to one per
    /// target for an element that needs every target).
    private func split(_ state: Int, served: [Bool], capacity: (Int) -> Double?,
                       promoted: inout Set<Int>) -> [(Int, Double)] {
        let node = state / 2, kind = state % 2
        switch graph.node(node) {
        case .cluster(let cluster):
            return clusterSplit(cluster, kind: kind, served: served, promoted: &promoted)
        case .implicitClient:
            return equally(servedTargets(of: state, served: served))
        case .element(let index):
            let element = graph.design.elements[index]
            let targets = servedTargets(of: state, served: served)
            if element.kind == .client { return equally(targets) }
            guard element.kind.forwardsToOne else { return targets.map { ($0, 1) } }
            guard element.kind == .loadBalancer else { return equally(targets) }
            switch element.algorithm {
            case .weightedRoundRobin:
                let weight = weights[state] ?? [:]
                return proportionally(targets) { weight[$0] ?? 1 }
            case .leastConnections:
                let capacities = targets.map { capacity($0 / 2) }
                if capacities.contains(where: { $0 == nil }) { return equally(targets) }
                return proportionally(targets) { capacity($0 / 2) ?? 1 }
            default:
                return equally(targets)
            }
        }
    }

    private func clusterSplit(_ cluster: Int, kind: Int, served: [Bool], promoted: inout Set<Int>) -> [(Int, Double)] {
        let design = graph.design
        let members = graph.memberNodes(ofCluster: cluster)
        var candidates = members.filter { served[$0 * 2 + kind] }
        if kind == 1, candidates.isEmpty {
            // No member takes writes: a replica is promoted, and serves them while it serves reads.
            if let replica = members.first(where: { equations.promotable.contains($0) && served[$0 * 2] }) {
                promoted.insert(replica * 2 + 1)
                candidates = [replica]
            }
        }
        guard !candidates.isEmpty else { return [] }
        if design.clusters[cluster].mode == .activePassive {
            let writer = candidates.first { !graph.isReplicaOnly($0) }
            return [((writer ?? candidates[0]) * 2 + kind, 1)]
        }
        return equally(candidates.map { $0 * 2 + kind })
    }

    private func servedTargets(of state: Int, served: [Bool]) -> [Int] {
        targets[state].filter { served[$0] }
    }

    private func equally(_ targets: [Int]) -> [(Int, Double)] {
        targets.map { ($0, 1 / Double(targets.count)) }
    }

    private func proportionally(_ targets: [Int], weight: (Int) -> Double) -> [(Int, Double)] {
        let weights = targets.map { max(0, weight($0)) }
        let total = weights.reduce(0, +)
        guard total > 0 else { return equally(targets) }
        return zip(targets, weights).map { ($0, $1 / total) }
    }
}
