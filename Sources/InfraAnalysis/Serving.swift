import InfraCore

/// A value the serving equations can be solved over: "is it served?" for a given
/// set of failed things (`Bool`), or "which single failures stop it?" for all of
/// them at once (`FailureSet`).
///
/// Each node's equation combines its own base (is it up?) with its targets'
/// values: `all` where it needs every target, `any` where it needs one.
public protocol ServingValue: Equatable, Sendable {
    /// Not served even with nothing failed: where the solver starts.
    static var unserved: Self { get }
    /// Served, needing nothing: the result of `all` over no targets.
    static var servedUnconditionally: Self { get }
    /// Served only when both are.
    static func all(_ a: Self, _ b: Self) -> Self
    /// Served when either is.
    static func any(_ a: Self, _ b: Self) -> Self
}

extension Bool: ServingValue {
    public static var unserved: Bool { false }
    public static var servedUnconditionally: Bool { true }
    public static func all(_ a: Bool, _ b: Bool) -> Bool { a && b }
    public static func any(_ a: Bool, _ b: Bool) -> Bool { a || b }
}

/// The serving equations of a traffic graph, solved for any `ServingValue`.
///
/// A state is a node and a kind of request (`node * 2 + kind`). Each state's value
/// is its base (is the node up?) combined with the values of the states it depends
/// on: a client needs every `dns` it looks up and any one of its other targets; a
/// load balancer, firewall or cdn needs any one target (all of them without health
/// checks); a cluster needs any one member (for writes, a replica member counts as
/// promotable once some member accepts writes); a replica serves no writes; anything
/// else needs all its targets for that kind of request.
///
/// Solving: the states' dependency graph is split into strongly connected
/// components (Tarjan's algorithm, iterative), which come out dependencies first;
/// an acyclic component is evaluated once, a cyclic one from `unserved` with a
/// worklist (a state again only when one it depends on changed) until nothing
/// changes, which gives the least fixed point: a request served only
/// by going round a cycle is not served. With `FailureSet` values, every
/// element's failure is tracked at once, pointwise exactly as the `Bool` solution for
/// that single failure would be.
///
/// Cost: O(V + E) evaluations outside cycles. Each evaluation costs its set
/// operations, which on persistent `UnitSet`s cost the height of the trie
/// (log₄ of the element count) times the leaves in which the operands differ: a
/// chain of n needs-all elements is O(n log n) in time and memory, a fan-out of n
/// targets behind one load balancer O(n log n). In a cycle a state is evaluated
/// again each time a state it depends on changes; values only move one way (from
/// unserved to served, then to fewer failures), so each changes at most a few
/// times on real designs, and at most k times in a cycle of k.
public struct ServingEquations: Sendable {
    public let graph: TrafficGraph
    /// For each node, the states it depends on, per kind.
    /// Per state (`node * 2 + kind`): the states it depends on.
    private var dependencies = FlatLists()

    /// How a node combines its targets: read once per node, not per evaluation.
    /// (A cluster's index in 32 bits keeps it 8 bytes a node.)
    enum Combination: Sendable {
        case client
        case cluster(Int32)
        /// Needs any one target (load balancers with health checks, firewalls, cdns).
        case anyTarget
        /// Needs every target.
        case allTargets
    }

    private var combinations: [Combination] = []
    /// The strongly connected components of the dependencies, dependencies first:
    /// computed once, since capacity solves the equations once per failure.
    private var components = FlatLists()
    /// Per state: the states that depend on it, and its component's place in `components`.
    private var dependents = FlatLists()
    private var componentOf: [Int32] = []
    /// Nodes of replica members in a cluster with a member that accepts writes: a
    /// failure of the writer gets one of them promoted.
    public private(set) var promotable: Set<Int> = []

    public init(graph: TrafficGraph) {
        self.graph = graph
        combinations = (0..<graph.nodeCount).map { node in
            switch graph.node(node) {
            case .implicitClient: return .client
            case .cluster(let cluster): return .cluster(Int32(truncatingIfNeeded: cluster))
            case .element(let index):
                let element = graph.design.elements[index]
                if element.kind == .client { return .client }
                return element.needsAnyTarget ? .anyTarget : .allTargets
            }
        }
        for cluster in graph.design.clusters.indices {
            let members = graph.memberNodes(ofCluster: cluster)
            if members.contains(where: { !graph.isReplicaOnly($0) }) {
                promotable.formUnion(members.filter { graph.isReplicaOnly($0) })
            }
        }
        // States in order: node 0 read, node 0 write, node 1 read, …
        var built = FlatLists()
        built.reserveCapacity(lists: graph.nodeCount * 2, items: graph.edges.count * 2)
        for node in 0..<graph.nodeCount {
            for kind in [RequestKind.read, .write] {
                appendDependencies(node: node, kind: kind, to: &built)
                built.endList()
            }
        }
        dependencies = built
        components = stronglyConnectedComponents()
        // Each state once per dependency, however often it needs it: `marked` holds
        // the last state that listed a dependency (cheaper than a set per state).
        var marked = [Int](repeating: -1, count: dependencies.count)
        var pairs: [(key: Int, item: Int)] = []
        for state in 0..<dependencies.count {
            for dependency in dependencies[state] where marked[dependency] != state {
                marked[dependency] = state
                pairs.append((dependency, state))
            }
        }
        dependents = FlatLists(count: dependencies.count, pairs: pairs)
        componentOf = Array(repeating: 0, count: dependencies.count)
        for index in 0..<components.count {
            for state in components[index] { componentOf[state] = Int32(truncatingIfNeeded: index) }
        }
    }

    private func appendDependencies(node: Int, kind: RequestKind, to states: inout FlatLists) {
        for index in graph.outgoing[node] {
            let edge = graph.edges[index]
            if edge.role == .lookup || edge.kinds.contains(kind) { states.append(edge.to * 2 + kind.rawValue) }
        }
        if case .cluster(let cluster) = graph.node(node) {
            for member in graph.memberNodes(ofCluster: cluster) {
                states.append(member * 2 + kind.rawValue)
                if kind == .write, promotable.contains(member) {
                    // A promoted replica needs what it would need as a primary.
                    appendDependencies(node: member, kind: .write, to: &states)
                }
            }
        }
    }

    /// Solves the equations; `base` says whether a node itself is up (for `Bool`)
    /// or which failures take it down (for `FailureSet`).
    public func solve<Value: ServingValue>(base: (Int) -> Value) -> [Value] {
        var values = [Value](repeating: .unserved, count: dependencies.count)
        for index in 0..<components.count { solve(components[index], values: &values, base: base) }
        return values
    }

    /// The same solution after some nodes went down, from the solution before:
    /// only the states that depend on theirs, directly or not, are solved again
    /// (a cycle among them from unserved up, as `solve` does), in the same order.
    /// Cost: the states and edges that depend on what went down, not the design's.
    /// `solved` counts the states solved again (the work done).
    public func resolve(_ before: [Bool], down nodes: [Int], solved: inout Int, base: (Int) -> Bool) -> [Bool] {
        var affected = Set<Int>()
        var stack = nodes.flatMap { [$0 * 2, $0 * 2 + 1] }
        while let state = stack.popLast() {
            guard affected.insert(state).inserted else { continue }
            stack.append(contentsOf: dependents[state])
        }
        var values = before
        for index in Set(affected.map { Int(componentOf[$0]) }).sorted() {
            let component = components[index]
            solved += component.count
            for state in component { values[state] = false }
            solve(component, values: &values, base: base)
        }
        return values
    }

    /// One strongly connected component: a single state once; a cycle by a
    /// worklist, where a state is evaluated again only when one it depends on changed.
    private func solve<Value: ServingValue>(_ states: FlatList, values: inout [Value], base: (Int) -> Value) {
        if states.count == 1, let state = states.first, !dependencies[state].contains(state) {
            values[state] = evaluate(state, values: values, base: base)
            return
        }
        let component = Array(states)
        var position: [Int: Int] = [:]
        for (offset, state) in component.enumerated() { position[state] = offset }
        var dependents = [[Int]](repeating: [], count: component.count)
        for (offset, state) in component.enumerated() {
            for dependency in dependencies[state] {
                if let at = position[dependency] { dependents[at].append(offset) }
            }
        }
        var queued = [Bool](repeating: true, count: component.count)
        var queue = Array(0..<component.count)
        var head = 0
        while head < queue.count {
            let offset = queue[head]
            head += 1
            queued[offset] = false
            let state = component[offset]
            let value = evaluate(state, values: values, base: base)
            guard value != values[state] else { continue }
            values[state] = value
            for dependent in dependents[offset] where !queued[dependent] {
                queued[dependent] = true
                queue.append(dependent)
            }
        }
    }

    private func evaluate<Value: ServingValue>(_ state: Int, values: [Value], base: (Int) -> Value) -> Value {
        let node = state / 2
        let kind: RequestKind = state % 2 == 0 ? .read : .write
        switch combinations[node] {
        case .client:
            return clientValue(node: node, kind: kind, values: values)
        case .cluster(let cluster):
            let members = graph.memberNodes(ofCluster: Int(cluster))
            if kind == .write {
                // Replicas count once the cluster has a member that accepts writes
                // (`promotable`): that member's failure gets one promoted.
                return members.reduce(Value.unserved) { result, member in
                    if promotable.contains(member) {
                        return Value.any(result, elementValue(node: member, kind: .write, values: values, base: base, promoted: true))
                    }
                    return Value.any(result, values[member * 2 + 1])
                }
            }
            return members.reduce(Value.unserved) { Value.any($0, values[$1 * 2]) }
        case .anyTarget, .allTargets:
            return elementValue(node: node, kind: kind, values: values, base: base, promoted: false)
        }
    }

    private func clientValue<Value: ServingValue>(node: Int, kind: RequestKind, values: [Value]) -> Value {
        var lookups = Value.servedUnconditionally
        var targets = Value.unserved
        for index in graph.outgoing[node] {
            let edge = graph.edges[index]
            if edge.role == .lookup {
                lookups = Value.all(lookups, values[edge.to * 2 + kind.rawValue])
            } else if edge.kinds.contains(kind) {
                targets = Value.any(targets, values[edge.to * 2 + kind.rawValue])
            }
        }
        return Value.all(lookups, targets)
    }

    private func elementValue<Value: ServingValue>(
        node: Int, kind: RequestKind, values: [Value], base: (Int) -> Value, promoted: Bool
    ) -> Value {
        if kind == .write, !promoted, graph.isReplicaOnly(node) {
            return .unserved
        }
        let needsOne: Bool
        if case .anyTarget = combinations[node] { needsOne = true } else { needsOne = false }
        var needed = Value.servedUnconditionally
        var oneOf = Value.unserved
        var carriesKindToDatastore = false
        var forwards = false
        var targets = 0
        for index in graph.outgoing[node] {
            let edge = graph.edges[index]
            let value = values[edge.to * 2 + kind.rawValue]
            if edge.role == .lookup {
                needed = Value.all(needed, value)
                continue
            }
            guard edge.kinds.contains(kind) else { continue }
            targets += 1
            if graph.isDatastore(edge.to) { carriesKindToDatastore = true }
            if needsOne {
                oneOf = Value.any(oneOf, value)
                forwards = true
            } else {
                needed = Value.all(needed, value)
            }
        }
        // An element that has links to datastores but none that carries this kind
        // of request cannot serve it.
        if graph.hasDatastoreEdges[node], !carriesKindToDatastore {
            return .unserved
        }
        // A load balancer, firewall or cdn with nothing behind it serves nothing.
        if targets == 0, graph.element(of: node)?.kind.forwardsToOne == true {
            return .unserved
        }
        if forwards { needed = Value.all(needed, oneOf) }
        return Value.all(base(node), needed)
    }

    /// The states a state depends on, directly or not, itself included.
    public func reachable(from state: Int) -> Set<Int> {
        var seen: Set<Int> = [state]
        var stack = [state]
        while let next = stack.popLast() {
            for dependency in dependencies[next] where seen.insert(dependency).inserted { stack.append(dependency) }
        }
        return seen
    }

    /// Tarjan's algorithm without recursion; components come out dependencies first.
    private func stronglyConnectedComponents() -> FlatLists {
        let count = dependencies.count
        var index = [Int](repeating: -1, count: count)
        var lowLink = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        // Tarjan's stack, with its height kept apart: a component is popped by
        // lowering the height, not by removing from an array.
        var stack = [Int](repeating: 0, count: count)
        var height = 0
        var components = FlatLists()
        components.reserveCapacity(lists: count, items: count)
        var nextIndex = 0
        var work: [(state: Int, next: Int)] = []
        for root in 0..<count where index[root] == -1 {
            work.append((root, 0))
            index[root] = nextIndex; lowLink[root] = nextIndex; nextIndex += 1
            stack[height] = root; height += 1; onStack[root] = true
            while let (state, next) = work.last {
                let deps = dependencies.bounds(of: state)
                if next < deps.count {
                    work[work.count - 1].next += 1
                    let target = dependencies.item(at: deps.lowerBound + next)
                    if index[target] == -1 {
                        index[target] = nextIndex; lowLink[target] = nextIndex; nextIndex += 1
                        stack[height] = target; height += 1; onStack[target] = true
                        work.append((target, 0))
                    } else if onStack[target] {
                        lowLink[state] = min(lowLink[state], index[target])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last {
                    lowLink[parent.state] = min(lowLink[parent.state], lowLink[state])
                }
                if lowLink[state] == index[state], let bottom = stack[..<height].lastIndex(of: state) {
                    // The component is the stack from `state` up, in the order pushed.
                    for member in stack[bottom..<height] {
                        onStack[member] = false
                        components.append(member)
                    }
                    components.endList()
                    height = bottom
                }
            }
        }
        return components
    }
}
