import InfraCore

extension CapacityReport {
    /// The elements above their capacity at peak while these elements are down
    /// together (what-if's failures: a host takes its components, an element with
    /// several instances loses one and keeps the rest), each with its load and what
    /// it can serve, the most loaded first. Empty when no client states a `load` or
    /// nothing overloads. `failed` names the failure in each `Failure`.
    public static func overloads(model: FailureModel, failing units: Set<Int>, failed: String) -> [Failure] {
        let graph = model.graph
        let design = graph.design
        let shares = loads(graph: graph)
        guard !shares.isEmpty else { return [] }
        let flow = LoadFlow(equations: model.equations, sources: shares.map(\.client))
        let served = model.equations.solve { node in
            !FailureModel.baseUnits(of: node, in: design, graph: graph).contains { units.contains($0) }
        }
        let inflow = flow.run(loads: shares, served: served, capacity: capacityFunction(graph: graph)).inflow
        var found: [Failure] = []
        for element in design.elements where element.kind != .client {
            guard let perInstance = element.capacity, perInstance > 0 else { continue }
            let host = design.elements[element.host]
            // A failed element or host with several instances keeps serving with one fewer.
            var copies = copies(of: element, in: design)
            var down = false
            for owner in Set([element, host].map(\.index)) where units.contains(owner) {
                let instances = design.elements[owner].instances
                if instances >= 2 { copies = copiesLeft(copies, losingOneOf: instances) } else { down = true }
            }
            guard !down, copies > 0 else { continue }
            let node = graph.receivingNode(ofElement: element.index)
            let load = inflow[node * 2] + inflow[node * 2 + 1]
            let capacity = perInstance * Double(copies)
            guard load > capacity * (1 + 1e-9) else { continue }
            found.append(Failure(failed: failed, unit: -1, oneInstance: false, element: element.index, load: load, capacity: capacity))
        }
        return found.sorted { ($0.utilisation, design.elements[$1.element].id) > ($1.utilisation, design.elements[$0.element].id) }
    }
}
