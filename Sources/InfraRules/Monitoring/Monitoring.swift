import InfraCore

/// What the monitoring rules share: who reports to what.
enum Monitoring {
    /// Whether the design has a monitor at all (without one, MON000 stands for every other MON finding).
    static func hasMonitor(_ design: Design) -> Bool {
        design.elements.contains { $0.kind == .monitor }
    }

    /// Where an agent reports (`Design.destination(ofAgent:)`), with its link there if it has one.
    static func destination(of agent: Element, in design: Design) -> (endpoint: Endpoint?, link: Link?) {
        guard let endpoint = design.destination(ofAgent: agent) else { return (nil, nil) }
        let link = design.linksFrom[.element(agent.index)]?.map { design.links[$0] }.first { $0.to == endpoint }
        return (endpoint, link)
    }

    /// Points an agent that reports nowhere at the design's first monitor: MON002's
    /// fix, and MON001's for a host whose own agent is that one. Safe when the
    /// design has one monitor; with several, which one is the author's call.
    static func pointAtMonitor(_ agent: Element, monitors: [String], title: String) -> Fix? {
        guard let monitor = monitors.first else { return nil }
        return Fix(monitors.count == 1 ? .safe : .unsafe, title, [.setProperty(.named(agent.id), name: "reports-to", value: monitor)])
    }

    /// Whether an endpoint is a monitor, or a cluster of them.
    static func isMonitor(_ endpoint: Endpoint?, in design: Design) -> Bool {
        guard let endpoint else { return false }
        if case .element(let index) = endpoint { return design.elements[index].kind == .monitor }
        let members = design.members(of: endpoint)
        return !members.isEmpty && members.allSatisfy { design.elements[$0].kind == .monitor }
    }

    /// Hosts that are monitored: an agent on them reports to a monitor, or a monitor watches something on them.
    static func monitoredHosts(_ design: Design) -> Set<Int> {
        var hosts = Set<Int>()
        for element in design.elements {
            if element.kind == .agent, isMonitor(design.destination(ofAgent: element), in: design) {
                hosts.insert(element.host)
            }
            if element.kind == .monitor {
                for watched in element.watches.compactMap(\.symbol.endpoint) {
                    hosts.formUnion(design.members(of: watched).map { design.elements[$0].host })
                }
            }
        }
        return hosts
    }
}
