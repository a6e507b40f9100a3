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
        fixSafety: """
            Manual: which application should stand in front of the datastore depends on the design.
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
        securitySeverity: 9.0,
        mark: "exposed datastore")

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        var findings: [Finding] = []
        var reportedClusters = Set<Int>()
        let exposed = Exposure(graph: context.graph).exposedDatastores()
        for item in exposed {
            let datastore = design.elements[item.datastore]
            let through = item.through.isEmpty ? "directly" : "through \(listed(item.through))"
            let what = datastore.kind == .database ? "queries" : "commands"
            // Hostile requests start at a client, or at an element in an untrusted network:
            // possibly the datastore itself, or the server it runs on.
            let origin = context.graph.elements(of: item.source).first.map { design.elements[$0] }
            let untrusted = origin.flatMap { origin -> String? in
                guard origin.kind != .client, let network = design.elements[origin.host].network ?? origin.network else { return nil }
                return design.networks[network].id
            }
            let exposedItself = item.through.isEmpty && origin.map { $0.index == datastore.index || $0.index == datastore.host } == true
            let subject: String
            if let cluster = design.cluster(of: datastore) {
                // Members of one cluster share the exposure: one finding, on the cluster.
                guard reportedClusters.insert(cluster).inserted else { continue }
                let members = exposed.filter { design.cluster(of: design.elements[$0.datastore]) == cluster }
                    .map { design.elements[$0.datastore].id }
                subject = "\(design.clusters[cluster].id) (\(listed(members)))"
            } else {
                subject = datastore.id
            }
            let message: String
            let advice: Fix
            if exposedItself, let untrusted {
                message = "\(subject) sits in the untrusted network \(untrusted) with no application in front of it: anyone there can send it \(what) and read or change the data"
                advice = .manual("move \(datastore.id) out of the untrusted network \(untrusted) into a trusted one, where only the application can reach it")
            } else if item.through.isEmpty, case .implicitClient(let entry) = context.graph.node(item.source),
                      context.graph.implicitEntries.indices.contains(entry),
                      [Endpoint.element(datastore.index), .element(datastore.host)].contains(context.graph.implicitEntries[entry])
                          || design.cluster(of: datastore).map({ Endpoint.cluster($0) }) == context.graph.implicitEntries[entry] {
                // No client declared and nothing links to it: requests are taken to start here
                // (LANGUAGE.md), which "reachable from clients entering at que6 directly" said in a circle.
                message = "nothing links to \(subject), so with no client declared requests are taken to start there, with no application in between: anyone can send it \(what) and read or change the data"
                advice = .manual("declare the clients and the application that uses \(datastore.id), and link them so that only the application reaches it")
            } else {
                let from = untrusted.map { "\(item.reachedFrom) in the untrusted network \($0)" } ?? item.reachedFrom
                message = "\(subject) is reachable from \(from) \(through) with no application in between: anyone can send it \(what) and read or change the data"
                advice = .manual("let only the application reach \(datastore.id): \(item.through.last.map { "send what \($0) forwards to an app server that queries \(datastore.id)" } ?? "link \(item.reachedFrom) to an app server that queries \(datastore.id)"), not to \(datastore.id) itself")
            }
            if let cluster = design.cluster(of: datastore) {
                findings.append(context.finding(description, message, on: design.clusters[cluster], fix: advice))
            } else {
                findings.append(context.finding(description, message, on: datastore, fix: advice))
            }
        }
        return findings
    }
}
