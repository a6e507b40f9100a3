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
        ],
        mark: "unreached")

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        let reached = reachedElements(context.graph)
        // On the host, as AV001 is: a member of a cluster on itself, not on its cluster.
        return design.elements.filter { element in
            !reached.contains(element.index) && element.container == nil
                && element.kind != .client && element.kind != .agent && element.kind != .monitor
        }.map { element in
            context.finding(description, "no client request reaches \(element.id): nothing that clients reach links to it",
                            on: element, fix: .manual("link \(element.id) from the element that uses it, or remove it"))
        }
    }

    /// Every element a client's requests or lookups reach, with the components of
    /// entered servers and the replicas of reached databases; a worker that takes
    /// jobs from a reached queue is reached, and so is everything it sends requests to.
    public static func reachedElements(_ graph: TrafficGraph) -> Marks {
        let design = graph.design
        var reached = Marks(capacity: design.elements.count)
        var requested = Marks(capacity: design.elements.count)
        var seen = Marks(capacity: graph.nodeCount)
        var stack = graph.clients
        func reach(_ element: Int) {
            guard requested.insert(element) else { return }
            reached.insert(element)
            let host = design.elements[element].host
            reached.insert(host)
            if design.elements[host].kind == .server {
                for child in design.elements[host].children { reached.insert(child) }
            }
            let kind = design.elements[element].kind
            if kind == .database { stack.append(contentsOf: design.replicas(of: element).map(\.index)) }
            if kind == .queue {
                var into = design.linksTo[.element(element)] ?? []
                if let cluster = design.elements[element].cluster { into += design.linksTo[.cluster(cluster)] ?? [] }
                for link in into {
                    stack.append(contentsOf: design.members(of: design.links[link].from).map { graph.receivingNode(ofElement: $0) })
                }
            }
        }
        while let node = stack.popLast() {
            guard seen.insert(node) else { continue }
            if node < graph.elementCount {
                reach(node)
            } else if case .cluster(let cluster) = graph.node(node) {
                for member in design.clusters[cluster].members { reach(member) }
                stack.append(contentsOf: graph.memberNodes(ofCluster: cluster))
            }
            for index in graph.outgoing[node] { stack.append(graph.edges[index].to) }
        }
        return reached
    }
}
