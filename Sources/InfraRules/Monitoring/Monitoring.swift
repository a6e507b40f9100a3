import InfraCore

/// What the monitoring rules share: who reports to what.
enum Monitoring {
    /// Whether the design has a monitor at all (without one, MON000 stands for every other MON finding).
    static func hasMonitor(_ design: Design) -> Bool {
        design.elements.contains { $0.kind == .monitor }
    }

    /// Where an agent reports: its `reports-to` (which wins), else the target of its first link.
    static func destination(of agent: Element, in design: Design) -> (endpoint: Endpoint?, link: Link?) {
        if let reference = agent.reportsTo {
            switch reference.symbol {
            case .element(let index): return (.element(index), link(from: agent, to: .element(index), in: design))
            case .cluster(let index): return (.cluster(index), link(from: agent, to: .cluster(index), in: design))
            case .network: return (nil, nil)
            }
        }
        guard let first = design.linksFrom[.element(agent.index)]?.first else { return (nil, nil) }
        let link = design.links[first]
        return (link.to, link)
    }

    private static func link(from agent: Element, to endpoint: Endpoint, in design: Design) -> Link? {
        design.linksFrom[.element(agent.index)]?.map { design.links[$0] }.first { $0.to == endpoint }
    }

    /// Whether an endpoint is a monitor, or a cluster of them.
    static func isMonitor(_ endpoint: Endpoint?, in design: Design) -> Bool {
        guard let endpoint else { return false }
        let members = design.members(of: endpoint)
        return !members.isEmpty && members.allSatisfy { design.elements[$0].kind == .monitor }
    }

    /// Hosts that are monitored: an agent on them reports to a monitor, or a monitor watches something on them.
    static func monitoredHosts(_ design: Design) -> Set<Int> {
        var hosts = Set<Int>()
        for element in design.elements {
            if element.kind == .agent, isMonitor(destination(of: element, in: design).endpoint, in: design) {
                hosts.insert(element.host)
            }
            if element.kind == .monitor {
                for watched in element.watches {
                    switch watched.symbol {
                    case .element(let index): hosts.insert(design.elements[index].host)
                    case .cluster(let index): hosts.formUnion(design.clusters[index].members.map { design.elements[$0].host })
                    case .network: break
                    }
                }
            }
        }
        return hosts
    }
}
