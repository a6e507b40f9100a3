import InfraCore

/// MON000: the design has no monitor at all.
public enum NoMonitoringRule: Rule {
    public static let description = RuleDescription(
        code: "MON000",
        name: "no-monitoring",
        category: .monitoring,
        defaultSeverity: .warning,
        summary: "The design has no monitor at all.",
        whatItDoes: """
            Reports, once, a design with hosts to watch but no `monitor`: at its `design` statement, or else on \
            its first line. It stands for every MON001 and MON002 finding, which are not reported on top.
            """,
        whyIsThisBad: """
            Nothing collects metrics or logs, so an outage, a disk filling up, a slow query or an attack goes \
            unnoticed until users complain, and there is no history to find out what happened.
            """,
        fixSafety: """
            Unsafe: declares a monitor, and inside each host that needs one an agent reporting to it.
            """,
        triggering: [
            RuleExample("""
                ↓design "shop"
                web-server web
                """),
        ],
        nonTriggering: [
            RuleExample("""
                design "shop"
                monitor prometheus
                web-server web { agent exporter { reports-to: prometheus } }
                """),
        ])

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        guard design.elements.contains(where: { $0.kind != .client }), !Monitoring.hasMonitor(design) else { return [] }
        return [context.designFinding(
            description,
            "nothing is monitored: no monitor collects metrics or logs, so an outage, a full disk or an attack goes unnoticed until users complain",
            fix: fix(context))]
    }

    /// A monitor, and an agent reporting to it on each host that needs one; with
    /// no such host (only dns, cdns, firewalls), a monitor that probes what there is.
    static func fix(_ context: LintContext) -> Fix {
        let design = context.design
        let monitor = context.names.named("monitoring")
        let hosts = design.hosts.filter { !UnmonitoredRule.exempt.contains($0.kind) }
        var properties: [PropertyText] = []
        if hosts.isEmpty {
            let probed = design.hosts.filter { $0.kind != .client }.map(\.id)
            properties.append(PropertyText("watches", "[\(probed.joined(separator: ", "))]"))
        }
        var edits: [Edit] = [.declare(NewDeclaration(keyword: ElementKind.monitor.keyword, id: monitor, properties: properties),
                                      placement: .afterDeclarations)]
        for host in hosts {
            edits.append(UnmonitoredRule.agent(on: host, reportingTo: monitor, names: context.names))
        }
        return Fix(.unsafe, "collect every host's metrics and logs in one monitor", edits)
    }
}
