import InfraCore

/// DES002: no client is declared.
public enum NoClientRule: Rule {
    public static let description = RuleDescription(
        code: "DES002",
        name: "no-client",
        category: .design,
        defaultSeverity: .warning,
        summary: "The design declares no client.",
        whatItDoes: """
            Reports, once, a design with elements but no `client`. Availability is then judged from every \
            element that nothing links to, as if one client could use any of them.
            """,
        whyIsThisBad: """
            Nothing says who the site serves, so infralint has to guess where requests start: an element left \
            unlinked by mistake becomes an entry point, and the single points of failure it reports may not be \
            the ones your users meet.
            """,
        triggering: [
            RuleExample("""
                ↓design "shop" { description: "no client yet" }
                load-balancer lb-01
                """),
        ],
        nonTriggering: [
            RuleExample("""
                design "shop"
                client users
                load-balancer lb-01
                users -> lb-01 : https
                """),
        ])

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        guard !design.elements.isEmpty, !design.elements.contains(where: { $0.kind == .client }) else { return [] }
        let graph = context.graph
        let entries = graph.clients.flatMap { graph.edges(from: $0).map { graph.name(of: $0.to) } }
        let judged = entries.isEmpty ? "" : ", so availability is judged from what nothing links to (\(listed(entries)))"
        return [context.designFinding(
            description,
            "the design declares no client: nothing says who the site serves\(judged)",
            fix: "declare who uses the site and what they connect to: client users, then users -> \(entries.first ?? "ENTRY") : https")]
    }
}
