import InfraCore

/// `what-if`: fail some hosts or elements at once and see, for each client,
/// whether it can still read and write, and how.
public struct WhatIf: Sendable {
    /// How one kind of request fares for one client.
    public struct Outcome: Sendable, Equatable {
        public var served: Bool
        /// When served: the chains of nodes its requests take now (the first is the
        /// main path; the others start where an element needs several targets).
        public var paths: [[Int]]
        /// When not served: the ways that were tried and where each one breaks.
        public var blocked: [Blocked]
    }

    /// A way that breaks: the chain of nodes, and why its last node cannot serve.
    public struct Blocked: Sendable, Equatable {
        public var path: [Int]
        public var reason: String
    }

    /// One client's reads and writes (nil for a kind it cannot complete even with nothing failed).
    public struct ClientOutcome: Sendable {
        public var client: Int
        public var read: Outcome?
        public var write: Outcome?

        public var fullyServed: Bool { read?.served != false && write?.served != false }
    }

    public let graph: TrafficGraph
    /// The failed element indexes, hosts' components included.
    public let failed: Set<Int>
    public let clients: [ClientOutcome]
    /// Replica members promoted to take writes.
    public let promoted: Set<Int>
    /// Each state's value with nothing failed (`node * 2 + kind`).
    private let baseline: [Bool]

    /// Fails these elements (a cluster's members stand for the cluster) and evaluates.
    public init(graph: TrafficGraph, failing elements: Set<Int>) {
        self.graph = graph
        let design = graph.design
        var failed = elements
        for element in elements { failed.formUnion(design.elements[element].children) }
        self.failed = failed
        let equations = ServingEquations(graph: graph)
        let baseline = equations.solve { _ in true }
        let values = equations.solve { node in
            !FailureModel.baseUnits(of: node, in: design, graph: graph).contains { elements.contains($0) }
        }
        // A promoted replica serves writes when it is up and serves reads.
        var promoted = Set<Int>()
        let served: (Int, RequestKind, Int) -> Bool = { node, kind, from in
            if values[node * 2 + kind.rawValue] { return true }
            guard kind == .write, equations.promotable.contains(node), case .cluster = graph.node(from) else { return false }
            return values[node * 2]
        }
        var outcomes: [ClientOutcome] = []
        for client in graph.clients {
            var outcome = ClientOutcome(client: client, read: nil, write: nil)
            for kind in RequestKind.allCases where baseline[client * 2 + kind.rawValue] {
                let result = Self.outcome(client, kind, graph: graph, values: values, served: served, failed: elements)
                for path in result.paths {
                    for node in path where kind == .write && !values[node * 2 + 1] && equations.promotable.contains(node) {
                        promoted.insert(node)
                    }
                }
                outcome[kind] = result
            }
            outcomes.append(outcome)
        }
        clients = outcomes
        self.promoted = promoted
        self.baseline = baseline
    }

    /// Where every way of a client's requests of this kind breaks with nothing
    /// failed, for a kind it cannot complete even then (its outcome is nil).
    public func neverServed(_ client: Int, _ kind: RequestKind) -> [Blocked] {
        Self.neverServed(client, kind, graph: graph, values: baseline)
    }

    /// True when every client can still do everything it could with nothing failed.
    public var everyoneServed: Bool { clients.allSatisfy(\.fullyServed) }

    /// The declared links on the paths that still serve, each once, by name
    /// (`fw->gate`: a cluster or a server as the link names it, not the member or
    /// entry the request reaches; for a client's connection after a lookup, the
    /// link out of the dns): the names a drawing draws its links by.
    public var servingLinks: [String] {
        var links = Set<Int>()
        for path in servedPaths {
            // A cluster and the member that takes the request are consecutive nodes
            // with no edge between them: that step is no link.
            for (from, to) in zip(path, path.dropFirst()) {
                links.formUnion(graph.edges(from: from).first { $0.to == to }?.links ?? [])
            }
        }
        return links.sorted().map { graph.design.links[$0].name }
    }

    /// Every path a client's reads or writes still take, client by client, reads first.
    public var servedPaths: [[Int]] {
        clients.flatMap { client in
            RequestKind.allCases.compactMap { client[$0] }.filter(\.served).flatMap(\.paths)
        }
    }

    // MARK: Paths

    private static func outcome(_ client: Int, _ kind: RequestKind, graph: TrafficGraph, values: [Bool],
                                served: (Int, RequestKind, Int) -> Bool, failed: Set<Int>) -> Outcome {
        if values[client * 2 + kind.rawValue] {
            var visited = Set<Int>()
            let paths = chains(from: client, kind, graph: graph, served: served, visited: &visited)
            return Outcome(served: true, paths: paths, blocked: [])
        }
        var blocked: [Blocked] = []
        var seen = Set<Int>()
        explain(client, kind, path: [client], graph: graph, values: values, failed: failed, seen: &seen, blocked: &blocked)
        return Outcome(served: false, paths: [], blocked: blocked)
    }

    /// The targets a node's requests of this kind go to, and whether it needs all of them.
    static func targets(_ node: Int, _ kind: RequestKind, graph: TrafficGraph) -> (lookups: [Int], targets: [Int], needsAll: Bool) {
        if case .cluster(let cluster) = graph.node(node) {
            return ([], Array(graph.memberNodes(ofCluster: cluster)), false)
        }
        var lookups: [Int] = []
        var targets: [Int] = []
        for edge in graph.edges(from: node) {
            if edge.role == .lookup { lookups.append(edge.to) } else if edge.kinds.contains(kind) { targets.append(edge.to) }
        }
        // Clients (the implicit one too) need one entry point, like the serving equations.
        let needsAll = graph.element(of: node).map { $0.kind != .client && !$0.needsAnyTarget } ?? false
        return (lookups, targets, needsAll)
    }

    /// The chains a served request takes from `node`: the main chain follows the first
    /// served target of each node; a node that needs several targets starts a chain for
    /// each of the others, and each lookup is a chain of its own.
    ///
    /// Iterative, each chain under way a frame on a stack: a chain of services that
    /// each need a cache and the next service was a recursion as deep as the chain
    /// (the stack overflowed at 50,000).
    private static func chains(from node: Int, _ kind: RequestKind, graph: TrafficGraph,
                               served isServed: (Int, RequestKind, Int) -> Bool, visited: inout Set<Int>) -> [[Int]] {
        struct Chain {
            var main: [Int]
            var others: [[Int]] = []
            /// Where the main chain has got to.
            var current: Int
            /// Set once `current`'s targets are read: the next step of the main chain,
            /// after the branches to the other targets `current` needs.
            var next: Int?
            var branches: [Int] = []
            var branchesStarted = 0
            init(_ node: Int) { main = [node]; current = node }
        }
        visited.insert(node)
        var stack = [Chain(node)]
        while let top = stack.indices.last {
            guard let next = stack[top].next else {
                let current = stack[top].current
                let (lookups, targets, needsAll) = Self.targets(current, kind, graph: graph)
                for lookup in lookups where visited.insert(lookup).inserted {
                    stack[top].others.append([current, lookup])
                }
                let served = targets.filter { isServed($0, kind, current) && !visited.contains($0) }
                if let first = served.first {
                    stack[top].next = first
                    if needsAll { stack[top].branches = Array(served.dropFirst()) }
                    continue
                }
                // This chain ends: its chains join its parent's, the first from where it branched off.
                let done = stack.removeLast()
                guard let parent = stack.indices.last else { return [done.main] + done.others }
                stack[parent].others.append([stack[parent].current] + done.main)
                stack[parent].others.append(contentsOf: done.others)
                continue
            }
            if stack[top].branchesStarted < stack[top].branches.count {
                let other = stack[top].branches[stack[top].branchesStarted]
                stack[top].branchesStarted += 1
                if visited.insert(other).inserted { stack.append(Chain(other)) }
                continue
            }
            visited.insert(next)
            stack[top].main.append(next)
            stack[top].current = next
            stack[top].next = nil
            stack[top].branches = []
            stack[top].branchesStarted = 0
        }
        return []
    }

    private static let maximumBlocked = 12

    /// The same, from the values with nothing failed a caller has already solved
    /// (the failure model's, for DES006).
    public static func neverServed(_ client: Int, _ kind: RequestKind, graph: TrafficGraph, values: [Bool]) -> [Blocked] {
        guard !values[client * 2 + kind.rawValue] else { return [] }
        var blocked: [Blocked] = []
        var seen = Set<Int>()
        explain(client, kind, path: [client], graph: graph, values: values, failed: [], seen: &seen, blocked: &blocked)
        return blocked
    }

    /// Follows the unserved targets to where each way breaks, depth first. Iterative,
    /// with the path kept on a stack and marked in a set: a ring of 100,000 services
    /// was a recursion as deep (the stack overflowed) and a copy of the path at each
    /// step.
    private static func explain(_ start: Int, _ kind: RequestKind, path initial: [Int], graph: TrafficGraph, values: [Bool],
                                failed: Set<Int>, seen: inout Set<Int>, blocked: inout [Blocked]) {
        var path = initial
        var onPath = Set(initial)
        // The unserved targets still to follow from each node on the path.
        var frames: [(down: [Int], next: Int)] = []
        if let down = step(start, kind, path: path, onPath: onPath, graph: graph, values: values, failed: failed,
                           seen: &seen, blocked: &blocked) {
            frames.append((down, 0))
        }
        while let frame = frames.last {
            guard frame.next < frame.down.count else {
                frames.removeLast()
                if let last = path.popLast() { onPath.remove(last) }
                continue
            }
            frames[frames.count - 1].next += 1
            let next = frame.down[frame.next]
            path.append(next)
            onPath.insert(next)
            if let down = step(next, kind, path: path, onPath: onPath, graph: graph, values: values, failed: failed,
                               seen: &seen, blocked: &blocked) {
                frames.append((down, 0))
            } else {
                path.removeLast()
                onPath.remove(next)
            }
        }
    }

    /// One node of `explain`'s walk, reached by `path` (which ends with it): records
    /// where the way breaks there, or returns the unserved targets to follow on.
    private static func step(_ node: Int, _ kind: RequestKind, path: [Int], onPath: Set<Int>, graph: TrafficGraph,
                             values: [Bool], failed: Set<Int>, seen: inout Set<Int>, blocked: inout [Blocked]) -> [Int]? {
        guard blocked.count < maximumBlocked, seen.insert(node).inserted else { return nil }
        let design = graph.design
        if let element = graph.element(of: node) {
            if failed.contains(element.index) {
                blocked.append(Blocked(path: path, reason: "\(element.id) has failed"))
                return nil
            }
            if failed.contains(element.host) {
                blocked.append(Blocked(path: path, reason: "\(element.id) is down: its host \(design.elements[element.host].id) has failed"))
                return nil
            }
            if kind == .write, graph.isReplicaOnly(node), graph.cluster(ofNode: node) == nil {
                blocked.append(Blocked(path: path, reason: "\(element.id) is a replica and accepts no writes"))
                return nil
            }
        }
        let (lookups, targets, _) = Self.targets(node, kind, graph: graph)
        let unserved = (lookups + targets).filter { !values[$0 * 2 + kind.rawValue] }
        let down = unserved.filter { !onPath.contains($0) }
        if down.isEmpty, let back = unserved.first {
            // What it needs is already on the way to it: a cycle, which serves nothing
            // (LANGUAGE.md: a request is not served by going round).
            blocked.append(Blocked(path: path + [back], reason: "\(graph.name(of: node)) needs \(graph.name(of: back)), which is on the way to it: a cycle of links serves nothing"))
            return nil
        }
        if down.isEmpty {
            let name = graph.name(of: node)
            let kindOfNode = graph.element(of: node)?.kind
            let reason: String
            if targets.isEmpty, kindOfNode == .client {
                reason = "\(name) has nothing to send \(kind.word)s to"
            } else if targets.isEmpty, kind == .write, !Self.targets(node, .read, graph: graph).targets.isEmpty {
                // LANGUAGE.md: links to datastores of which none carries writes serve no writes.
                reason = "\(name) has no link that carries writes: it only reads"
            } else if targets.isEmpty, kindOfNode.map(\.forwardsToOne) == true {
                // A load balancer, firewall or cdn with nothing behind it serves nothing.
                reason = "\(name) has nothing behind it to pass \(kind.word)s to"
            } else {
                reason = "\(name) cannot serve \(kind.word)s"
            }
            blocked.append(Blocked(path: path, reason: reason))
            return nil
        }
        return down
    }
}

extension WhatIf.ClientOutcome {
    public subscript(kind: RequestKind) -> WhatIf.Outcome? {
        get { kind == .read ? read : write }
        set { if kind == .read { read = newValue } else { write = newValue } }
    }
}
