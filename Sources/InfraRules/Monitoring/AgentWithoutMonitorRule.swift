import InfraCore

/// MON002: an agent that reports to nothing, or to something that is not a monitor.
public enum AgentWithoutMonitorRule: Rule {
    public static let description = RuleDescription(
        code: "MON002",
        name: "agent-without-monitor",
        category: .monitoring,
        defaultSeverity: .warning,
        summary: "An agent with no `reports-to` and no link, or reporting to something that is not a monitor.",
        whatItDoes: """
            Reports an `agent` that names no monitor: no `reports-to` and no link, or whose `reports-to` \
            (which wins over its links), or else its link, is not a `monitor`.
            """,
        whyIsThisBad: """
            The agent collects metrics and logs that go nowhere: the host looks monitored in the design, but \
            nobody will see an alert.
            """,
        fixSafety: """
            Safe when the design has one monitor: sets `reports-to` on the agent. Unsafe when it has several: \
            the first is chosen.
            """,
        triggering: [
            RuleExample("""
                monitor prometheus
                server web-01 { web-server nginx; ↓agent exporter }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                monitor prometheus
                server web-01 { web-server nginx; agent exporter }
                exporter -> prometheus : https
                """),
        ],
        mark: "reports nowhere")

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        guard Monitoring.hasMonitor(design) else { return [] }
        let monitors = design.elements.filter { $0.kind == .monitor }.map(\.id)
        return design.elements.filter { $0.kind == .agent }.compactMap { agent in
            let destination = Monitoring.destination(of: agent, in: design).endpoint
            guard !Monitoring.isMonitor(destination, in: design) else { return nil }
            let message: String
            if let destination {
                let target = design.name(of: destination)
                let what: String
                switch destination {
                case .element(let index): what = design.elements[index].kind.keywordWithArticle
                case .cluster: what = "a cluster that is not of monitors"
                }
                message = "\(agent.id) reports to \(target), which is \(what), not a monitor: its metrics go nowhere"
            } else {
                message = "\(agent.id) reports to nothing (no reports-to and no link): its metrics go nowhere"
            }
            guard let fix = Monitoring.pointAtMonitor(
                agent, monitors: monitors, title: "report to \(monitors.count == 1 ? "the design's monitor" : "a monitor")") else { return nil }
            return context.finding(description, message, on: agent, fix: fix)
        }
    }
}
