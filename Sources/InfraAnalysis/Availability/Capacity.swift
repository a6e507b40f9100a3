import InfraCore

/// Whether the design carries its clients' peak load (AVAILABILITY.md, "Capacity"):
/// the load that reaches each element with a `capacity`, its utilisation, the
/// bottleneck, the headroom, and what each single failure does to them.
///
/// Load flows as `LoadFlow` says. An element's capacity is `capacity` × its
/// instances × its host's instances (a component runs on every copy of its host).
/// After a failure, the load is split again over what still serves:
/// - each failure unit of the failure model (a host, or a component on one), when
///   every client still completes what it completed before (a failure that stops a
///   client is AV001's, not a question of capacity); a component only where its
///   host is not such a unit, since the host's failure takes it down as well;
/// - the loss of one instance of an element or host with several, which takes that
///   share of the capacity away and leaves the load where it was.
///
/// Cost: one flow per client, O(states + edges) each; then, per failure unit, the
/// serving equations re-solved for what depends on it (`ServingEquations.resolve`)
/// and the flow recomputed downstream of what changed (`LoadFlow.rerun`): what the
/// failure moves, not the whole design (a fan-out of n backends still moves n
/// loads a failure: O(n²) in all). Past `scenarioLimit` units, or once `workLimit`
/// states have been solved again, the units on which the most load rests are
/// checked first and the report says how many were.
public struct CapacityReport: Sendable {
    /// An element with a `capacity`.
    public struct Row: Sendable {
        public var element: Int
        /// Requests a second at peak, with nothing failed.
        public var load: Double
        /// `capacity` as written: one instance.
        public var perInstance: Double
        /// Instances, times the host's.
        public var copies: Int
        /// Each client's share of the load, largest first.
        public var clients: [(client: Int, load: Double)]
        /// Whether the requests of a client that states a `load` can reach it at all.
        /// A worker that takes jobs from a queue is not reached: its load (the jobs'
        /// rate) is not estimated, and a 0 would read as idle.
        public var reached: Bool = true
        /// The queues it takes work from (elements), when it is not reached.
        public var queues: [Int] = []
        /// The server it runs on, when requests reach that server but not it: a
        /// server with no load balancer, web server or app server (and no `entry`)
        /// serves them as a black box (LANGUAGE.md).
        public var blackBox: Int?

        public var capacity: Double { perInstance * Double(copies) }
        public var utilisation: Double { capacity > 0 ? load / capacity : 0 }

        /// Why no load is given for it, or nil when it is reached: `it takes its
        /// work from jobs, whose rate the load model does not follow`.
        public func notEstimated(in design: Design) -> String? {
            guard !reached else { return nil }
            if let blackBox {
                let host = design.elements[blackBox].id
                return "requests reach \(host) as a whole, not it: a server with no load balancer, web server or app server has no entry, so its load is not estimated (set entry: \(design.elements[element].id) on \(host) to send them to it)"
            }
            guard !queues.isEmpty else { return "no client's requests reach it, so its load is not estimated" }
            return "it takes its work from \(listed(queues.map { design.elements[$0].id })), and the load of queued jobs is not estimated"
        }
    }

    /// What a single failure does to the element it loads most.
    public struct Failure: Sendable {
        /// The failure as the outputs name it: `web-01`, `one of web-01's 3 instances`.
        public var failed: String
        /// The element or host that failed (for the loss of one instance, the one that has several).
        public var unit: Int
        /// Whether it is the loss of one instance rather than the whole element.
        public var oneInstance: Bool
        /// The surviving element, its load and its capacity after the failure.
        public var element: Int
        public var load: Double
        public var capacity: Double

        public var utilisation: Double { capacity > 0 ? load / capacity : 0 }

        /// `if web-01 fails, web-02 must serve 1,200 requests a second; it can serve 800 (150%)`.
        public func sentence(in design: Design) -> String {
            "if \(failed) fails, " + consequence(in: design)
        }

        /// `web-02 must serve 1,200 requests a second; it can serve 800 (150%)`.
        public func consequence(in design: Design) -> String {
            "\(design.elements[element].id) must serve \(Figures.rate(load)) requests a second; "
                + "it can serve \(Figures.rate(capacity)) (\(Figures.utilisation(utilisation)))"
        }
    }

    /// The clients that state a `load`, as traffic-graph nodes, and the load of each.
    public var sources: [(client: Int, load: Double)]
    /// The elements with a capacity, in declaration order.
    public var rows: [Row]
    /// The row with the highest utilisation, if any element carries load.
    public var bottleneck: Int?
    /// The total peak load the design takes before its first element reaches 100%
    /// (the clients' loads scaled together); nil when no element with a capacity carries load.
    public var headroom: Double?
    /// Each single failure that raises some utilisation, with the element it loads
    /// most: highest utilisation first.
    public var afterFailure: [Failure]
    /// For each element (by index), the failure that loads it most, where one raises its utilisation.
    public var worstFailure: [Int: Failure]
    /// For each element (by index), the most load a failure of something else sends it.
    public var worstLoadAfterFailure: [Int: Double]
    /// How many failure units were checked, of how many.
    public var failuresChecked: Int
    public var failuresTotal: Int

    /// The sum of the clients' loads.
    public var totalLoad: Double { sources.map(\.load).reduce(0, +) }

    /// Nil when no client states a `load`: capacity is not analysed.
    /// `incremental: false` solves and flows the whole design again for each failure:
    /// the obvious algorithm, which the tests compare with the fast one.
    public init?(model: FailureModel, scenarioLimit: Int = 2_000, workLimit: Int = 1_000_000, incremental: Bool = true) {
        let graph = model.graph
        let design = graph.design
        let shares = Self.loads(graph: graph)
        guard !shares.isEmpty else { return nil }
        let sources = shares.map { (client: $0.client, load: $0.load) }
        self.sources = sources
        let flow = LoadFlow(equations: model.equations, sources: sources.map(\.client))
        let capacity = Self.capacityFunction(graph: graph)
        let baseline = model.servedWithNothingFailed

        // The rows: each element with a capacity, its load and who sends it.
        let perClient = shares.map { flow.run(loads: [$0], served: baseline, capacity: capacity).inflow }
        var rows: [Row] = []
        for element in design.elements where element.kind != .client {
            guard let perInstance = element.capacity, perInstance > 0 else { continue }
            let node = graph.receivingNode(ofElement: element.index)
            let contributions = zip(sources, perClient).map { source, inflow in
                (client: source.client, load: inflow[node * 2] + inflow[node * 2 + 1])
            }
            var row = Row(
                element: element.index, load: contributions.map(\.load).reduce(0, +), perInstance: perInstance,
                copies: Self.copies(of: element, in: design),
                clients: contributions.filter { $0.load > 1e-9 }.sorted { $0.load > $1.load })
            row.reached = flow.position[node * 2] >= 0 || flow.position[node * 2 + 1] >= 0
            if !row.reached {
                var queues: [Int] = []
                for edge in graph.requestEdges(from: node) {
                    for served in graph.servingElements(of: edge.to) where served.kind == .queue && !queues.contains(served.index) {
                        queues.append(served.index)
                    }
                }
                row.queues = queues
                if let container = element.container {
                    let host = graph.receivingNode(ofElement: container)
                    if host != node, flow.position[host * 2] >= 0 || flow.position[host * 2 + 1] >= 0 { row.blackBox = container }
                }
            }
            rows.append(row)
        }
        self.rows = rows
        let busiest = rows.indices.max { rows[$0].utilisation < rows[$1].utilisation }
        bottleneck = busiest.flatMap { rows[$0].utilisation > 0 ? $0 : nil }
        let total = sources.map(\.load).reduce(0, +)
        headroom = bottleneck.map { total / rows[$0].utilisation }

        // Single failures of whole units, where every client keeps what it had.
        let bases = (0..<graph.nodeCount).map { FailureModel.baseUnits(of: $0, in: design, graph: graph) }
        let baselineFlow = flow.run(loads: shares, served: baseline, capacity: capacity)
        let baselineInflow = baselineFlow.inflow
        var weight: [Int: Double] = [:]
        // The nodes each unit takes down itself (its own, its components', what runs on it).
        var downNodes: [Int: [Int]] = [:]
        for node in 0..<graph.nodeCount {
            for unit in bases[node] { downNodes[unit, default: []].append(node) }
        }
        for node in 0..<graph.nodeCount {
            let carried = baselineInflow[node * 2] + baselineInflow[node * 2 + 1]
            for unit in bases[node] { weight[unit, default: 0] += carried }
        }
        let stopsAClient = Set(graph.clients.flatMap { client in
            RequestKind.allCases.flatMap { kind -> [Int] in
                let set = model.failures(of: client, kind)
                return set.isServed ? set.elements : []
            }
        })
        let kept = Set(weight.keys.filter { !stopsAClient.contains($0) })
        // A component is checked only where its host is not: the host's failure takes it down too.
        let candidates = kept.filter { unit in
            let host = design.elements[unit].host
            return host == unit || !kept.contains(host)
        }
            .sorted { (weight[$0] ?? 0, $1) > (weight[$1] ?? 0, $0) }
        let rowNodes = rows.map { graph.receivingNode(ofElement: $0.element) }
        // The states from which load can reach an element with a capacity: the only ones a failure's flow recomputes.
        var relevant = [Bool](repeating: false, count: graph.nodeCount * 2)
        var stack = rows.flatMap { row -> [Int] in
            let node = graph.receivingNode(ofElement: row.element)
            return [node * 2, node * 2 + 1]
        }
        while let state = stack.popLast() {
            guard !relevant[state] else { continue }
            relevant[state] = true
            stack.append(contentsOf: flow.predecessors[state])
        }
        failuresTotal = candidates.count
        let checked = rows.isEmpty ? [] : candidates.prefix(scenarioLimit)
        var failures: [Failure] = []
        // Work: the states solved and flowed again. A design whose failures each move
        // most of it (a ring the serving values travel round, a fan-out of thousands
        // whose every backend takes a share of the load) stops at the budget, the
        // units that carry the most load checked first.
        var work = 0
        var done = 0
        for unit in checked where work < workLimit {
            done += 1
            let inflow: [Double]
            if incremental {
                let served = model.equations.resolve(baseline, down: downNodes[unit] ?? [], solved: &work) { node -> Bool in
                    !bases[node].contains(unit)
                }
                let changed = served.indices.filter { served[$0] != baseline[$0] }
                inflow = flow.rerun(baselineFlow, loads: shares, served: served, changed: changed, relevant: relevant, work: &work, capacity: capacity)
            } else {
                let served = model.equations.solve { node -> Bool in !bases[node].contains(unit) }
                inflow = flow.run(loads: shares, served: served, capacity: capacity).inflow
            }
            for (row, node) in zip(rows, rowNodes) where row.element != unit && design.elements[row.element].host != unit {
                let load = inflow[node * 2] + inflow[node * 2 + 1]
                guard load > row.load + 1e-9 else { continue }
                failures.append(Failure(failed: design.elements[unit].id, unit: unit, oneInstance: false,
                                        element: row.element, load: load, capacity: row.capacity))
            }
        }
        // The loss of one instance: that share of the capacity goes, the load stays.
        for row in rows {
            let element = design.elements[row.element]
            let host = design.elements[element.host]
            var losses: [(unit: Int, copiesLeft: Int)] = []
            if element.instances >= 2 { losses.append((element.index, Self.copiesLeft(row.copies, losingOneOf: element.instances))) }
            if host.index != element.index, host.instances >= 2 {
                losses.append((host.index, Self.copiesLeft(row.copies, losingOneOf: host.instances)))
            }
            for loss in losses where row.load > 0 {
                let owner = design.elements[loss.unit]
                failures.append(Failure(
                    failed: "one of \(owner.id)'s \(owner.instances) instances", unit: loss.unit, oneInstance: true,
                    element: row.element, load: row.load, capacity: row.perInstance * Double(loss.copiesLeft)))
            }
        }
        failuresChecked = done
        var worstFailure: [Int: Failure] = [:]
        for failure in failures where worstFailure[failure.element].map({ failure.utilisation > $0.utilisation }) ?? true {
            worstFailure[failure.element] = failure
        }
        self.worstFailure = worstFailure
        var worstLoad: [Int: Double] = [:]
        for failure in failures where !failure.oneInstance { worstLoad[failure.element] = max(worstLoad[failure.element] ?? 0, failure.load) }
        worstLoadAfterFailure = worstLoad
        // One line a failure: the element it loads most.
        var byFailure: [String: Failure] = [:]
        var order: [String] = []
        for failure in failures {
            let key = "\(failure.unit):\(failure.oneInstance)"
            if let existing = byFailure[key] {
                if failure.utilisation > existing.utilisation { byFailure[key] = failure }
            } else {
                byFailure[key] = failure
                order.append(key)
            }
        }
        afterFailure = order.compactMap { byFailure[$0] }.sorted { a, b in
            let x = (a.utilisation * 1e9).rounded(), y = (b.utilisation * 1e9).rounded()
            return x != y ? x > y : (a.failed, design.elements[a.element].id) < (b.failed, design.elements[b.element].id)
        }
    }

    /// The clients that state a `load`, as traffic-graph nodes, with the load and the
    /// share of it that writes (`writes`, 10% unless said).
    static func loads(graph: TrafficGraph) -> [(client: Int, load: Double, writeShare: Double)] {
        graph.clients.compactMap { node in
            guard let client = graph.element(of: node), let load = client.load, load > 0, load.isFinite else { return nil }
            return (node, load, min(1, max(0, (client.writes ?? 10) / 100)))
        }
    }

    /// The copies left of `copies` when one instance of something that runs
    /// `instances` of them is lost (an element's own, or its host's).
    static func copiesLeft(_ copies: Int, losingOneOf instances: Int) -> Int {
        copies - copies / instances
    }

    /// How many copies of an element serve: its instances, times its host's.
    public static func copies(of element: Element, in design: Design) -> Int {
        let host = design.elements[element.host]
        return max(1, element.instances) * (host.index == element.index ? 1 : max(1, host.instances))
    }

    /// A node's capacity, for least connections: an element's own, or for a server's
    /// entry the server's when the entry states none; a cluster's, the sum of its
    /// members' when each states one.
    static func capacityFunction(graph: TrafficGraph) -> (Int) -> Double? {
        let design = graph.design
        func ofElement(_ index: Int) -> Double? {
            let element = design.elements[index]
            if let capacity = element.capacity { return capacity * Double(copies(of: element, in: design)) }
            if let server = element.container.map({ design.elements[$0] }), server.kind == .server,
               design.entry(of: server.index) == index, let capacity = server.capacity {
                return capacity * Double(copies(of: server, in: design))
            }
            return nil
        }
        return { node in
            switch graph.node(node) {
            case .element(let index):
                return ofElement(index)
            case .cluster(let cluster):
                let parts = design.clusters[cluster].members.map { ofElement(graph.receivingNode(ofElement: $0)) ?? ofElement($0) }
                return parts.contains { $0 == nil } ? nil : parts.compactMap { $0 }.reduce(0, +)
            case .implicitClient:
                return nil
            }
        }
    }
}
