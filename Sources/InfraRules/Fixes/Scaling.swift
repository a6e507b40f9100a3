import InfraAnalysis
import InfraCore

/// The fix of AV009 and AV010: enough instances of an overloaded element to carry
/// its worst load and still lose one copy (N+1).
extension LintContext {
    /// `set instances: N` on the element: the fewest instances, above today's, with
    /// which its capacity covers `worstLoad` (what any failure of something else
    /// sends it) and, after losing one copy of it or of its host, still covers
    /// `baselineLoad`. A datastore gets advice instead: copies of a database are
    /// replicas, a primary and its writes do not multiply by a property.
    func scalingFix(_ element: Element, row: CapacityReport.Row, worstLoad: Double) -> Fix {
        let name = element.id
        if element.kind.isDatastore {
            return .manual("""
                give \(name) more room: a larger machine (a higher capacity), read replicas behind a cluster for \
                the reads, or sharding for the writes
                """)
        }
        let host = design.elements[element.host]
        let hostCopies = host.index == element.index ? 1 : max(1, host.instances)
        let needed = max(worstLoad, row.load)
        // Under least connections a backend's share grows with its capacity
        // (AVAILABILITY.md): more instances of this one alone draw more requests to
        // it, so no count of them is sure to be enough. All the backends together.
        if let balancer = leastConnectionsBalancer(sending: element) {
            let today = Double(max(1, element.instances) * hostCopies) * row.perInstance
            let factor = today > 0 ? Int((needed / today).rounded(.up)) : 2
            return .manual("""
                give \(name) and the other backends of \(balancer) \(max(2, factor))× their capacity together (more \
                instances or larger machines): \(balancer) shares requests by least connections, in proportion to \
                each backend's capacity, so more instances of \(name) alone would draw more requests to it
                """)
        }
        var instances = max(1, element.instances) + 1
        while instances < 1_000_000 {
            let copies = instances * hostCopies
            // Losing one instance of the element, or one copy of its host, whichever leaves less.
            var survivors = copies - hostCopies
            if hostCopies >= 2 { survivors = min(survivors, copies - instances) }
            if Double(copies) * row.perInstance >= needed - 1e-9, Double(survivors) * row.perInstance >= row.load - 1e-9 { break }
            instances += 1
        }
        let copies = instances * hostCopies
        let total = "\(Figures.rate(Double(copies) * row.perInstance)) requests a second"
        let size = hostCopies > 1 ? "\(copies) copies on \(host.id)'s \(hostCopies) instances: \(total)" : total
        let reason = needed > row.load + 1e-9
            ? "enough for the \(Figures.rate(needed)) it must serve after a failure, and for its \(Figures.rate(row.load)) with one copy lost"
            : "enough for its \(Figures.rate(row.load)) with one copy lost"
        return Fix(.unsafe, "run \(instances) instances of \(name) (\(size)), \(reason)",
                   [.setProperty(.named(name), name: "instances", value: String(instances))])
    }

    /// The name of a least-connections load balancer (or cluster of them) that sends
    /// the element requests directly: to it, to the server it is the entry of, or to
    /// the cluster of either.
    func leastConnectionsBalancer(sending element: Element) -> String? {
        func balancesByConnections(_ index: Int) -> Bool {
            let sender = design.entry(of: index).map { design.elements[$0] } ?? design.elements[index]
            return sender.kind == .loadBalancer && sender.algorithm == .leastConnections
        }
        for target in design.endpoints(standingFor: element) {
            for index in design.linksTo[target] ?? [] {
                let link = design.links[index]
                if design.members(of: link.from).contains(where: balancesByConnections) { return link.fromName }
            }
        }
        return nil
    }
}
