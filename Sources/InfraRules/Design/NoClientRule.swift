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
        fixSafety: """
            Unsafe: declares `client users`, linked over HTTPS to what nothing links to, when every such entry \
            is something a browser connects to (a load balancer, firewall, cdn or web server). Manual otherwise: \
            linking a client to a datastore would expose it.
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
            fix: fix(context))]
    }

    /// Kinds a browser connects to.
    static let frontKinds: Set<ElementKind> = [.loadBalancer, .firewall, .cdn, .webServer]

    /// A client linked over HTTPS to every entry, when every entry is something a
    /// browser connects to; else advice, since a client linked to a datastore nothing
    /// uses would expose it.
    static func fix(_ context: LintContext) -> Fix {
        let design = context.design
        let graph = context.graph
        let entries = graph.implicitEntries
        let fronts = entries.allSatisfy { entry in
            design.members(of: entry).allSatisfy { member in
                frontKinds.contains(design.elements[design.entry(of: member) ?? member].kind)
            }
        }
        let names = entries.map { design.name(of: $0) }
        guard fronts, !entries.isEmpty else {
            return .manual("declare who uses the site (client users) and link it to what it connects to\(names.isEmpty ? "" : ", among \(listed(names))")")
        }
        let client = context.names.named("users")
        return Fix(.unsafe, "declare who uses the site", [
            .declare(NewDeclaration(keyword: ElementKind.client.keyword, id: client), placement: .beforeElements),
            .addLink(NewLink(from: client, to: names, protocolName: "https", port: nil), after: nil),
        ])
    }
}
