import InfraAnalysis
import InfraCore

/// SEC004: a datastore hostile requests reach with no application in between.
public enum ExposedDatastoreRule: Rule {
    public static let description = RuleDescription(
        code: "SEC004",
        name: "exposed-datastore",
        category: .security,
        defaultSeverity: .error,
        summary: "A database, cache, queue or storage a client or an untrusted network reaches with no application in between.",
        whatItDoes: """
            Follows requests from clients and untrusted networks through load balancers, firewalls, cdns and \
            servers that run no web server, app server or service, and reports each datastore they reach. \
            A `storage` behind a `cdn` (static files) is the usual pattern and is not reported.
            """,
        whyIsThisBad: """
            A datastore answers whoever speaks its protocol: with no application in between to authenticate \
            users and decide what they may see, anyone can read, change or delete the data (exposed \
            Elasticsearch, MongoDB and Redis instances are behind many of the largest data breaches).
            """,
        triggering: [
            RuleExample("""
                client users
                load-balancer lb-01
                ↓database db-01
                users -> lb-01 : https
                lb-01 -> db-01 : mysql
                """),
        ],
        nonTriggering: [
            RuleExample("""
                client users
                load-balancer lb-01
                app-server app
                database db-01
                cdn cdn-01
                storage assets
                users -> lb-01 : https
                lb-01 -> app : http
                app -> db-01 : mysql
                users -> cdn-01 -> assets : https
                """),
        ],
        securitySeverity: 9.0)

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        return Exposure(graph: context.graph).exposedDatastores().map { exposed in
            let datastore = design.elements[exposed.datastore]
            let through = exposed.through.isEmpty ? "directly" : "through \(listed(exposed.through.map { design.elements[$0].id }))"
            return context.finding(
                description,
                "\(datastore.id) is reachable from \(exposed.reachedFrom) \(through) with no application in between: anyone can send it \(datastore.kind == .database ? "queries" : "commands") and read or change the data",
                on: datastore,
                fix: "let only the application reach it: link \(datastore.id) from app servers, not from \(exposed.through.last.map { design.elements[$0].id } ?? exposed.reachedFrom)")
        }
    }
}
