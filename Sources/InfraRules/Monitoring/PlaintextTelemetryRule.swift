import InfraCore

/// MON003: an agent's link to its monitor leaves the network in plaintext.
public enum PlaintextTelemetryRule: Rule {
    public static let description = RuleDescription(
        code: "MON003",
        name: "plaintext-telemetry",
        category: .monitoring,
        defaultSeverity: .note,
        summary: "An agent's link to its monitor leaves the network in plaintext.",
        whatItDoes: """
            Reports an agent whose link to its monitor is plaintext and goes to another network, or to a monitor \
            in an `untrusted` one (a SaaS service such as Sumo Logic or Datadog).
            """,
        whyIsThisBad: """
            Metrics and logs describe the system in detail (host names, versions, error messages, sometimes \
            tokens and personal data in log lines): sent in plaintext across networks, they map the site for \
            an attacker.
            """,
        fixSafety: """
            Safe: the link's protocol becomes its TLS form, or the link gets `{ tls: true }`.
            """,
        triggering: [
            RuleExample("""
                network internet { trust: untrusted }
                monitor sumo in internet
                server web-01 { web-server nginx; agent collector { reports-to: sumo } }
                ↓collector -> sumo : http
                """),
        ],
        nonTriggering: [
            RuleExample("""
                network internet { trust: untrusted }
                monitor sumo in internet
                server web-01 { web-server nginx; agent collector { reports-to: sumo } }
                collector -> sumo : https
                """),
        ],
        mark: "plaintext telemetry")

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        return design.elements.filter { $0.kind == .agent }.compactMap { agent in
            let (destination, link) = Monitoring.destination(of: agent, in: design)
            guard let link, let destination, Monitoring.isMonitor(destination, in: design), link.isPlaintext else { return nil }
            let monitors = design.members(of: destination).map { design.elements[$0] }
            let untrusted = monitors.compactMap { $0.network }.first { design.networks[$0].trust == .untrusted }
            let leaves = monitors.contains { $0.network != agent.network } || untrusted != nil
            guard leaves else { return nil }
            let whereTo = untrusted.map { "into the untrusted network \(design.networks[$0].id)" } ?? "out of its network"
            return context.finding(
                description,
                "\(link.name) sends metrics and logs \(whereTo) in plaintext (\(link.protocolLabel)): they describe the system in detail to anyone on the way",
                at: link.range, element: link.name,
                fix: Fix(.safe, "send them over TLS", [Encryption.encrypt(link)]))
        }
    }
}
