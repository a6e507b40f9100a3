import InfraCore

/// AV006: a web server, an app server and a database on one host.
public enum ColocatedTiersRule: Rule {
    public static let description = RuleDescription(
        code: "AV006",
        name: "colocated-tiers",
        category: .availability,
        defaultSeverity: .note,
        summary: "One host runs a web server, an app server and a database (a replica counts) together.",
        whatItDoes: """
            Reports a host that runs all three tiers of a web stack at once.
            """,
        whyIsThisBad: """
            The three compete for the same CPU, memory and disk (a heavy query slows every page), they fail \
            together, and they cannot be scaled apart: to add web capacity you must also add databases.
            """,
        fixSafety: """
            Manual: how to split the host depends on the load each tier carries.
            """,
        triggering: [
            RuleExample("""
                ↓server web-01 {
                  web-server nginx
                  app-server app
                  database mysql
                }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                server web-01 { web-server nginx; app-server app }
                server db-01 { database mysql }
                """),
        ],
        mark: "all tiers on one host")

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        return design.elements.compactMap { host in
            guard host.isHost, !host.children.isEmpty else { return nil }
            // The first web server, application server and database on it.
            let first = { (kind: ElementKind) in host.children.first { design.elements[$0].kind == kind }.map { design.elements[$0] } }
            guard let firstWeb = first(.webServer), let firstApp = first(.appServer), let database = first(.database) else { return nil }
            return context.finding(
                description,
                "\(host.id) runs the web server, the application and the database together (\(firstWeb.id), \(firstApp.id), \(database.id)): they compete for CPU, memory and disk, fail together, and cannot be scaled apart",
                on: host,
                fix: .manual("move \(database.id) to a server of its own, and decide whether \(firstWeb.id) and \(firstApp.id) share a server: how to split \(host.id) depends on the load each tier carries"))
        }
    }
}
