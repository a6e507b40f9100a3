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
            server or cluster nothing reaches is reported once, not once per component or member. When what links \
            to the element sits on a server that requests enter, but not where they arrive (an app server that the \
            web server in front of it never calls), the finding names where they arrive and the link inside the \
            server that would carry them on.
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
        let walked = walk(context.graph)
        // On the host, as AV001 is: a member of a cluster on itself, not on its cluster.
        return design.elements.filter { element in
            !walked.reached.contains(element.index) && element.container == nil
                && element.kind != .client && element.kind != .agent && element.kind != .monitor
        }.map { element in
            let stranded = strandedCallers(of: element, reached: walked.reached, requested: walked.requested, design: design)
            guard !stranded.isEmpty else {
                return context.finding(description, "no client request reaches \(element.id): nothing that clients reach links to it",
                                       on: element, fix: .manual("link \(element.id) from the element that uses it, or remove it"))
            }
            // Its callers sit on servers that requests enter, but not where they arrive,
            // and nothing hands them on: the link that is missing is inside the server.
            let callers = stranded.map { design.elements[$0.caller].id }
            let hosts = unique(stranded.map { design.elements[design.elements[$0.caller].host].id })
            let arrivals = unique(stranded.map { design.elements[$0.arrival].id })
            let hops = stranded.map { "\(design.elements[$0.arrival].id) -> \(design.elements[$0.caller].id)" }
            let message = "no client request reaches \(element.id): \(listed(callers)) \(callers.count == 1 ? "links" : "link") to it, "
                + "but no request reaches \(listed(callers, conjunction: "or")): requests reach \(listed(hosts)) at \(listed(arrivals))"
            return context.finding(description, message, on: element, fix: .manual(
                "link \(listed(hops)) if \(arrivals.count == 1 ? "it hands" : "they hand") requests on, or link \(element.id) from the element that uses it"))
        }
    }

    /// The elements that link to `element` (to what runs on it, or to its cluster)
    /// and that count as reached only as components of a server that requests
    /// enter, each with where requests arrive on that server (its entry, or a
    /// component linked directly): nothing takes them on from there to the caller.
    private static func strandedCallers(of element: Element, reached: Marks, requested: Marks,
                                        design: Design) -> [(caller: Int, arrival: Int)] {
        var links: [Int] = []
        for target in [element.index] + element.children {
            links += Array(design.linksTo[.element(target)] ?? [])
        }
        if let cluster = element.cluster { links += Array(design.linksTo[.cluster(cluster)] ?? []) }
        var seen = Set<Int>()
        var stranded: [(caller: Int, arrival: Int)] = []
        for link in links {
            for caller in design.members(of: design.links[link].from) where seen.insert(caller).inserted {
                let kind = design.elements[caller].kind
                let host = design.elements[caller].host
                guard reached.contains(caller), !requested.contains(caller), kind != .agent, kind != .monitor,
                      design.elements[host].kind == .server else { continue }
                // Where requests arrive on its server: the entry, or a component linked directly.
                let arrivals = (design.entry(of: host).map { [$0] } ?? []) + design.elements[host].children
                guard let arrival = arrivals.first(where: { requested.contains($0) && $0 != caller }) else { continue }
                stranded.append((caller, arrival))
            }
        }
        return stranded
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// Every element a client's requests or lookups reach, with the components of
    /// entered servers and the replicas of reached databases; a worker that takes
    /// jobs from a reached queue is reached, and so is everything it sends requests to.
    public static func reachedElements(_ graph: TrafficGraph) -> Marks {
        walk(graph).reached
    }

    /// What `reachedElements` returns, and apart the elements requests themselves
    /// arrive at (not only as a component of an entered server).
    private static func walk(_ graph: TrafficGraph) -> (reached: Marks, requested: Marks) {
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
                var into = Array(design.linksTo[.element(element)] ?? [])
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
        return (reached, requested)
    }
}
