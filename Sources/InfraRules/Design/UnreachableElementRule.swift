import InfraAnalysis
import InfraCore

/// DES001: an element no client request reaches.
public enum UnreachableElementRule: Rule {
    public static let description = RuleDescription(
        code: "DES001",
        name: "unreachable-element",
        category: .design,
        defaultSeverity: .warning,
        summary: "An element that no client request reaches.",
        whatItDoes: """
            Follows every request and name lookup from the clients and reports what none of them reaches, \
            directly or as a component of a server that requests enter. A replica of a reached database is \
            reached through replication, and an element that links to a reached queue (a worker pulling jobs) \
            is reached through the queue. Clients, agents, monitors and hosts' own firewalls are not reported; a \
            server or cluster nothing reaches is reported once, not once per component or member.
            """,
        whyIsThisBad: """
            An element nothing reaches is either dead weight or, more often, a missing link: the design says the \
            cache exists but not who uses it, so the failure model, the diagram and the explanation all leave it \
            out.
            """,
        fixSafety: """
            Manual: what should use the element is the author's call.
            """,
        triggering: [
            RuleExample("""
                client users
                web-server web
                ↓cache redis
                users -> web : https
                """),
        ],
        nonTriggering: [
            RuleExample("""
                client users
                web-server web
                cache redis
                users -> web : https
                web -> redis : redis
                """),
        ])

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        let reached = reachedElements(context.graph)
        var findings: [Finding] = []
        var reportedClusters = Set<Int>()
        for element in design.elements where !reached.contains(element.index) {
            if [.client, .agent, .monitor].contains(element.kind) { continue }
            if element.container != nil { continue }  // its host is reported
            if let cluster = element.cluster {
                let members = design.clusters[cluster].members
                if members.allSatisfy({ !reached.contains($0) }) {
                    if reportedClusters.insert(cluster).inserted {
                        let item = design.clusters[cluster]
                        findings.append(context.finding(
                            description, "no client request reaches \(item.id): nothing links to it or to its members",
                            on: item, fix: .manual("link \(item.id) from the element that uses it, or remove it")))
                    }
                    continue
                }
            }
            findings.append(context.finding(
                description, "no client request reaches \(element.id): nothing that clients reach links to it",
                on: element, fix: .manual("link \(element.id) from the element that uses it, or remove it")))
        }
        return findings
    }

    /// Every element a client's requests or lookups reach, with the components of
    /// entered servers and the replicas of reached databases.
    public static func reachedElements(_ graph: TrafficGraph) -> Set<Int> {
        let design = graph.design
        var reached = Set<Int>()
        var seen = Set<Int>()
        var stack = graph.clients
        while let node = stack.popLast() {
            guard seen.insert(node).inserted else { continue }
            for element in graph.elements(of: node) {
                reached.insert(element)
                let host = design.elements[element].host
                reached.insert(host)
                if design.elements[host].kind == .server {
                    reached.formUnion(design.elements[host].children)
                }
            }
            if case .cluster(let cluster) = graph.node(node) {
                stack.append(contentsOf: graph.memberNodes(ofCluster: cluster))
            }
            stack.append(contentsOf: graph.edges(from: node).map(\.to))
        }
        // Replicas of reached databases, and consumers of reached queues, transitively.
        var changed = true
        while changed {
            changed = false
            for element in design.elements where !reached.contains(element.index) {
                var through = false
                if element.kind == .database, let reference = element.replicates,
                   case .element(let source) = reference.symbol, reached.contains(source) {
                    through = true
                }
                let sources = element.cluster.map { Endpoint.cluster($0) }.map { [Endpoint.element(element.index), $0] }
                    ?? [.element(element.index)]
                for source in sources {
                    for link in design.linksFrom[source] ?? [] {
                        let targets = design.members(of: design.links[link].to)
                        if targets.contains(where: { design.elements[$0].kind == .queue && reached.contains($0) }) { through = true }
                    }
                }
                guard through else { continue }
                reached.insert(element.index)
                reached.insert(element.host)
                reached.formUnion(design.elements[element.host].children)
                changed = true
            }
        }
        return reached
    }
}
