import Foundation
import InfraCore

/// How often each client's reads and writes are served, from the same serving
/// equations as AV001 (AVAILABILITY.md).
///
/// Each host, and each component with its own `availability`, is an independent
/// variable: up with its availability, or, for `instances: N`, with the chance that
/// any of N copies is up. A component on a host with several instances is one
/// variable too (some copy of host and component up): an approximation, since
/// components on one copy fail together. The serving equations are solved over
/// binary decision diagrams of these variables (exact, however paths share hosts);
/// a diagram that grows past its limit falls back to a Monte Carlo estimate of the
/// same equations, with a 95% interval. Active-passive clusters add the outage of
/// each failover (`failover-time`) to what depends on them.
public struct AvailabilityReport: Sendable {
    public enum Method: String, Sendable { case exact, monteCarlo = "monte-carlo" }

    /// One client's kind of request.
    public struct Figure: Sendable {
        public var availability: Double
        public var method: Method
        /// For Monte Carlo: the 95% interval.
        public var interval: (low: Double, high: Double)?
        /// Hours a year that disappear if each element never failed, largest first.
        public var fixFirst: [(element: Int, hoursPerYear: Double)]
        /// Hours a year of failover outage included (active-passive clusters).
        public var failoverHours: Double

        public var nines: Double { availability >= 1 ? 9.9 : min(9.9, -log10(max(1 - availability, 1e-12))) }
        public var downtimeHoursPerYear: Double { (1 - availability) * AvailabilityReport.hoursPerYear }
    }

    public struct Client: Sendable {
        /// The client's node in the traffic graph.
        public var node: Int
        public var name: String
        public var reads: Figure?
        public var writes: Figure?
    }

    public static let hoursPerYear = 8_766.0
    public static let defaultAvailability = 99.9
    public static let defaultMTTR = 3_600.0

    public var clients: [Client]
    /// The variables: what each stands for (an element index) and its chance to be up.
    public var variables: [(element: Int, up: Double)]
    /// For each node of the traffic graph, the variables that must all be up for it to be.
    public var nodeVariables: [[Int]]

    /// `down`: elements that have failed and stay down (`what-if`): one with several
    /// instances loses one of them, any other is down for good.
    public init(model: FailureModel, down: Set<Int> = [], nodeLimit: Int = 400_000, samples: Int = 20_000) {
        let graph = model.graph
        let design = graph.design
        var variables: [(element: Int, up: Double)] = []
        var variableOf: [Int: Int] = [:]
        func chance(_ element: Element, copies: Int) -> Double {
            let up = (element.availability ?? Self.defaultAvailability) / 100
            let left = down.contains(element.index) ? copies - 1 : copies
            guard left >= 1 else { return 0 }
            return 1 - pow(1 - up, Double(left))
        }
        func variable(for element: Int, up: Double) -> Int {
            if let existing = variableOf[element] { return existing }
            variableOf[element] = variables.count
            variables.append((element, up))
            return variables.count - 1
        }
        // What takes each node down, as variables (the same cases as FailureModel.baseUnits).
        var bases: [[Int]] = Array(repeating: [], count: graph.nodeCount)
        for node in 0..<graph.elementCount {
            let element = design.elements[node]
            guard element.kind != .client else { continue }
            let host = design.elements[element.host]
            var needed: [Int] = []
            if element.host == node {
                needed.append(variable(for: node, up: chance(element, copies: element.instances)))
            } else if host.instances >= 2 {
                let own = element.availability.map { _ in chance(element, copies: element.instances) } ?? (down.contains(node) ? 0 : 1)
                // One copy of the host with the component on it; a failed host has lost one copy.
                let copy = ((host.availability ?? Self.defaultAvailability) / 100) * own
                let copies = host.instances - (down.contains(host.index) ? 1 : 0)
                needed.append(variable(for: node, up: copies >= 1 ? 1 - pow(1 - copy, Double(copies)) : 0))
            } else {
                needed.append(variable(for: host.index, up: chance(host, copies: host.instances)))
                if element.availability != nil {
                    needed.append(variable(for: node, up: chance(element, copies: element.instances)))
                }
            }
            if element.kind == .server, element.instances < 2 {
                for held in graph.servingIndexes(of: node) where held != node && design.elements[held].availability != nil {
                    needed.append(variable(for: held, up: chance(design.elements[held], copies: design.elements[held].instances)))
                }
            }
            bases[node] = needed
        }
        let manager = BDD(nodeLimit: nodeLimit)
        let values = model.equations.solve { node -> Formula in
            bases[node].reduce(Formula.servedUnconditionally) { Formula.all($0, Formula(node: manager.variable($1), manager: manager)) }
        }
        let exact = !manager.overflowed
        let failover = Self.failoverOutage(model: model)
        // The failovers each state waits for: the active-passive clusters on every
        // way it is served. A client with another way (a CDN beside the site, say)
        // does not wait for a cluster it can do without.
        let waitsFor = Self.failoversWaitedFor(model: model, clusters: Set(failover.map { $0.state / 2 }))
        var clients: [Client] = []
        for client in graph.clients {
            // An implicit client is named by its entry in parentheses, as AVAILABILITY.md asks.
            var name = graph.name(of: client)
            if case .implicitClient(let entry) = graph.node(client), graph.implicitEntries.indices.contains(entry) {
                name = "(\(design.name(of: graph.implicitEntries[entry])))"
            }
            var entry = Client(node: client, name: name)
            for kind in RequestKind.allCases where model.failures(of: client, kind).isServed {
                let reached = model.equations.reachable(from: client * 2 + kind.rawValue)
                let waiting = waitsFor[client * 2 + kind.rawValue]
                let outages = failover.filter { reached.contains($0.state) && waiting.contains($0.state / 2) }
                let lost = outages.map(\.fraction).reduce(0, +)
                // What to fix first counts the failovers a unit's failures cause, as well as its downtime.
                let failoverHours = outages.map { ($0.unit, $0.fraction * Self.hoursPerYear) }
                var figure: Figure
                if exact {
                    let root = values[client * 2 + kind.rawValue].node
                    let (p, importance) = manager.evaluate(root) { variables[$0].up }
                    var fixFirst: [(Int, Double)] = []
                    for (number, gain) in importance {
                        let hours = (1 - variables[number].up) * gain * Self.hoursPerYear
                        if hours > 1e-9 { fixFirst.append((variables[number].element, hours)) }
                    }
                    figure = Figure(availability: max(0, p - lost), method: .exact, interval: nil,
                                    fixFirst: Self.ranked(fixFirst + failoverHours, design: design), failoverHours: lost * Self.hoursPerYear)
                } else {
                    // Each sample solves every state: fewer samples on larger designs, so
                    // that the estimate takes seconds, not hours (the interval says so).
                    let budget = max(200, min(samples, 4_000_000 / max(graph.nodeCount * 2, 1)))
                    let (p, interval) = Self.simulate(model: model, bases: bases, variables: variables, state: client * 2 + kind.rawValue, samples: budget)
                    figure = Figure(availability: max(0, p - lost), method: .monteCarlo,
                                    interval: (max(0, interval.low - lost), max(0, interval.high - lost)),
                                    fixFirst: Self.ranked(model.failures(of: client, kind).elements.map { ($0, (1 - (variableOf[$0].map { variables[$0].up } ?? 1)) * Self.hoursPerYear) } + failoverHours, design: design),
                                    failoverHours: lost * Self.hoursPerYear)
                }
                if kind == .read { entry.reads = figure } else { entry.writes = figure }
            }
            clients.append(entry)
        }
        self.clients = clients
        self.variables = variables
        nodeVariables = bases
    }

    /// What to fix first: one line a unit, largest first; also how explain ranks it.
    public static func ranked(_ items: [(Int, Double)], design: Design) -> [(element: Int, hoursPerYear: Double)] {
        // One line a unit: its own downtime and the failovers it causes, added.
        var total: [Int: Double] = [:]
        for (unit, hours) in items { total[unit, default: 0] += hours }
        // Equal to the microsecond-hour are ties, in name order: rounding noise never reorders.
        return total.map { ($0.key, $0.value) }.sorted { a, b in
            let x = (a.1 * 1e6).rounded(), y = (b.1 * 1e6).rounded()
            return x != y ? x > y : design.elements[a.0].id < design.elements[b.0].id
        }
            .map { (element: $0.0, hoursPerYear: $0.1) }
    }

    /// For each state, the cluster nodes among `clusters` that every way of serving
    /// it passes through: the serving equations solved once more, each member of
    /// such a cluster stopped by one "unit", its cluster's node (a cluster node's
    /// value is its members').
    static func failoversWaitedFor(model: FailureModel, clusters: Set<Int>) -> [FailureSet] {
        let graph = model.graph
        var clusterOfMember: [Int: Int] = [:]
        for node in clusters {
            guard case .cluster(let cluster) = graph.node(node) else { continue }
            for member in graph.memberNodes(ofCluster: cluster) { clusterOfMember[member] = node }
        }
        guard !clusterOfMember.isEmpty else { return Array(repeating: .servedUnconditionally, count: graph.nodeCount * 2) }
        return model.equations.solve { node in clusterOfMember[node].map { .small([Int32($0)]) } ?? .servedUnconditionally }
    }

    /// Each active-passive cluster's failover outage, as a fraction of the year,
    /// and the cluster's state it applies to (reads and writes).
    static func failoverOutage(model: FailureModel) -> [(state: Int, fraction: Double, unit: Int)] {
        let design = model.design
        var result: [(Int, Double, Int)] = []
        for cluster in design.clusters where cluster.mode == .activePassive && cluster.members.count >= 2 {
            // The serving member: the one that takes writes, else the first.
            guard let serving = model.graph.servingMember(ofCluster: cluster.index)?.element else { continue }
            let element = design.elements[serving]
            let host = design.elements[element.host]
            // Failures a year of the serving member's host (and of the member, when it has its own
            // availability), each unit's share kept apart: the outage it would spare if it never failed.
            let seconds = cluster.failoverTime ?? (cluster.failover == .automatic ? 30 : 1_800)
            let node = model.graph.clusterNode(cluster.index)
            for unit in [host.index, element.index].reduce(into: [Int](), { if !$0.contains($1) { $0.append($1) } }) {
                let candidate = design.elements[unit]
                guard unit == host.index || candidate.availability != nil else { continue }
                let up = (candidate.availability ?? defaultAvailability) / 100
                let mttrHours = (candidate.mttr ?? defaultMTTR) / 3_600
                let fraction = (1 - up) / (up * mttrHours) * seconds / 3_600
                result.append((node * 2, fraction, unit))
                result.append((node * 2 + 1, fraction, unit))
            }
        }
        return result
    }

    /// The share of random states in which the state is served, and its 95% (Wilson) interval.
    static func simulate(model: FailureModel, bases: [[Int]], variables: [(element: Int, up: Double)], state: Int,
                         samples: Int) -> (Double, (low: Double, high: Double)) {
        var rng = SplitMix(seed: 0x1F2E_3D4C_5B6A_7988)
        var served = 0
        for _ in 0..<samples {
            let up = variables.map { Double(rng.next() >> 11) / Double(1 << 53) < $0.up }
            let values = model.equations.solve { node -> Bool in bases[node].allSatisfy { up[$0] } }
            if values[state] { served += 1 }
        }
        let n = Double(samples), p = Double(served) / n, z = 1.96
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z * ((p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()) / (1 + z * z / n)
        return (p, (max(0, centre - half), min(1, centre + half)))
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
