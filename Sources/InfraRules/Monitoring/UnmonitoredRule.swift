import InfraCore

/// MON001: a host nothing watches.
public enum UnmonitoredRule: Rule {
    public static let description = RuleDescription(
        code: "MON001",
        name: "unmonitored",
        category: .monitoring,
        defaultSeverity: .warning,
        summary: "A host with no agent reporting to a monitor, that no monitor watches.",
        whatItDoes: """
            Reports each host (a `server`, or an element declared outside one) with no `agent` on it that \
            reports to a `monitor`, and that no monitor `watches` (watching any element on a host covers the \
            host). Clients, `dns`, `cdn`, `firewall`, `monitor` and `agent` are not reported.
            """,
        whyIsThisBad: """
            An unwatched host fails silently: its CPU, memory, disk, error rate and, for a web server, its \
            requests per second go unseen, so the first sign of trouble is a user's complaint.
            """,
        fixSafety: """
            Safe: declares an agent inside the host, reporting to the design's first monitor. When the host \
            already runs an agent that reports to no monitor, that agent is pointed at the monitor instead (the \
            fix MON002 gives it; unsafe when the design has several monitors), so fixing both findings does not \
            leave the host with two agents.
            """,
        triggering: [
            RuleExample("""
                monitor prometheus
                ↓server web-01 { web-server nginx }
                """),
            RuleExample("""
                monitor prometheus
                ↓server web-01 { web-server nginx; agent exporter }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                monitor prometheus
                server web-01 { web-server nginx; agent exporter { reports-to: prometheus } }
                """),
            RuleExample("""
                monitor pingdom { watches: [web-01] }
                server web-01 { web-server nginx }
                """),
        ])

    /// Kinds that are not watched hosts.
    static let exempt: Set<ElementKind> = [.client, .dns, .cdn, .firewall, .monitor, .agent]

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        guard Monitoring.hasMonitor(design) else { return [] }
        let monitored = Monitoring.monitoredHosts(design)
        let monitors = design.elements.filter { $0.kind == .monitor }.map(\.id)
        return design.hosts.filter { !Self.exempt.contains($0.kind) && !monitored.contains($0.index) }.map { host in
            context.finding(
                description,
                "\(host.id) is not monitored: no agent on it reports to a monitor and no monitor watches it, so nobody sees its load, errors or disk until it fails",
                on: host,
                fix: fix(host, monitors: monitors, context: context))
        }
    }

    /// The host's own agent that reports nowhere pointed at the monitor (MON002's
    /// fix for it), else a new agent.
    static func fix(_ host: Element, monitors: [String], context: LintContext) -> Fix? {
        let design = context.design
        let idle = host.children.lazy.map { design.elements[$0] }.first { child in
            child.kind == .agent && !Monitoring.isMonitor(Monitoring.destination(of: child, in: design).endpoint, in: design)
        }
        if let idle { return Monitoring.pointAtMonitor(idle, monitors: monitors, title: "report \(host.id)'s metrics through \(idle.id)") }
        return monitors.first.map { Fix(.safe, "report \(host.id)'s metrics", [agent(on: host, reportingTo: $0, names: context.names)]) }
    }

    /// An agent inside a host, reporting to a monitor.
    static func agent(on host: Element, reportingTo monitor: String, names: NameAllocator) -> Edit {
        .declareInside(host: host.id, NewDeclaration(
            keyword: ElementKind.agent.keyword, id: names.named("\(host.id)-agent"),
            properties: [PropertyText("reports-to", monitor)]))
    }
}
