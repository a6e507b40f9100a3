import InfraAnalysis
import InfraCore

/// SEC001: hostile traffic reaches a host with no firewall before it.
public enum MissingFirewallRule: Rule {
    public static let description = RuleDescription(
        code: "SEC001",
        name: "missing-firewall",
        category: .security,
        defaultSeverity: .error,
        summary: "A request path from a client or an untrusted network enters a host with no firewall before it.",
        whatItDoes: """
            Follows requests from every client and every element in an `untrusted` network and reports the \
            first host on each path that has no `firewall` element before it and no firewall of its own \
            (`firewall: true`, or a `firewall` declared inside it), once, naming the hosts reachable through it. \
            A member of a cluster is reported on its cluster. A host's own firewall protects that host only, \
            so the hosts behind it still need theirs. Clients, `dns`, `cdn`, `firewall` and `monitor` are never \
            reported.
            """,
        whyIsThisBad: """
            Without a firewall, every port the host listens on is open to the internet: the database port an \
            application opened on all interfaces, the SSH daemon, the admin console. Attackers scan the whole \
            address space in minutes; a firewall lets in only what the design means to serve (443), and from \
            there only to the next tier.
            """,
        fixSafety: """
            Unsafe: a firewall pair (`instances: 2`) is declared before the host, and the links hostile requests \
            enter by go through it. Where they enter by no declared link (a host in an untrusted network, what \
            an implicit client enters) or for more than one destination, the host and the hosts behind it get \
            `firewall: true` instead.
            """,
        triggering: [
            RuleExample("""
                client users
                ↓load-balancer lb-01
                web-server web-01 { firewall: true }
                users -> lb-01 : https
                lb-01 -> web-01 : https
                """),
        ],
        nonTriggering: [
            RuleExample("""
                client users
                firewall fw-01
                load-balancer lb-01
                web-server web-01
                users -> fw-01 -> lb-01 : https
                lb-01 -> web-01 : https
                """),
        ],
        securitySeverity: 8.0,
        mark: "no firewall")

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        let exposure = Exposure(graph: context.graph)
        let unprotected = exposure.unprotectedHosts()
        var findings: [Finding] = []
        var reportedClusters = Set<Int>()
        for host in unprotected {
            let element = design.elements[host.host]
            let behind = host.behind.map { design.elements[$0].id }
            let through = behind.isEmpty ? "" : ", and through it \(listed(behind))"
            let from = listed(host.reachedFrom, conjunction: "or")
            // "between clients entering at lb and lb" says one name twice: where the only
            // hostile requests are an implicit client's own, say where they enter.
            func between(_ endpoint: Endpoint) -> String {
                let name = design.name(of: endpoint)
                return Self.enteredOnlyAtItself(endpoint, sources: host.sources, graph: context.graph)
                    ? "in front of \(name), where clients enter" : "between \(from) and \(name)"
            }
            if let cluster = element.cluster {
                guard reportedClusters.insert(cluster).inserted else { continue }
                let item = design.clusters[cluster]
                let members = unprotected.filter { design.elements[$0.host].cluster == cluster }
                findings.append(context.finding(
                    description,
                    "no firewall stands \(between(.cluster(cluster))): anyone who can reach it can reach every port of its members\(through)",
                    on: item,
                    fix: firewallFix(protecting: item.id, network: item.network.map { design.networks[$0].id },
                                     hosts: members.map { design.elements[$0.host] }, entering: members.flatMap(\.enteredBy),
                                     direct: members.contains(where: \.enteredDirectly), context: context)))
                continue
            }
            if let network = element.network, design.networks[network].trust == .untrusted {
                findings.append(context.finding(
                    description,
                    "\(element.id) sits in the untrusted network \(design.networks[network].id) with no firewall: anyone there can reach every port of it\(through)",
                    on: element,
                    fix: hostFirewalls(protecting: element.id, hosts: [element], behind: host.behind, design: design,
                                       exposure: exposure)))
                continue
            }
            findings.append(context.finding(
                description,
                "no firewall stands \(between(.element(element.index))): anyone who can reach it can reach every port of \(element.id)\(through)",
                on: element,
                fix: firewallFix(protecting: element.id, network: context.networkName(element), hosts: [element],
                                 entering: host.enteredBy, direct: host.enteredDirectly, context: context)))
        }
        return findings
    }

    /// Whether the only source of hostile requests is the implicit client that enters at `endpoint`.
    static func enteredOnlyAtItself(_ endpoint: Endpoint, sources: [Int], graph: TrafficGraph) -> Bool {
        guard sources.count == 1, case .implicitClient(let entry) = graph.node(sources[0]) else { return false }
        return graph.implicitEntries[entry] == endpoint
    }

    /// A firewall pair in front of the links hostile requests enter by; where they
    /// enter by no declared link, a firewall of the host's own.
    static func firewallFix(protecting subject: String, network: String?, hosts: [Element], entering: [Int],
                            direct: Bool, context: LintContext) -> Fix {
        let design = context.design
        // One firewall in front of one destination: a firewall in front of two would
        // let what enters for one reach the other.
        let destinations = Set(entering.map { index -> Int in
            let target = design.links[index].to
            if let cluster = design.members(of: target).first.flatMap({ design.cluster(of: design.elements[$0]) }) {
                return context.graph.clusterNode(cluster)
            }
            return context.graph.receivingNode(of: target)
        })
        if direct || entering.isEmpty || destinations.count > 1 {
            let exposure = Exposure(graph: context.graph)
            var marks = Marks(capacity: context.graph.nodeCount)
            let behind = hosts.flatMap { exposure.hostsBehind($0.index, marks: &marks) }
            return hostFirewalls(protecting: subject, hosts: hosts, behind: behind, design: design, exposure: exposure)
        }
        let firewall = context.names.numbered("fw-")
        var edits: [Edit] = [.declare(
            NewDeclaration(keyword: ElementKind.firewall.keyword, id: firewall, network: network,
                           properties: [PropertyText("instances", "2")]),
            placement: .before(subject))]
        var seen = Set<Int>()
        for link in entering.sorted() where seen.insert(link).inserted {
            edits.append(.insertHop(LinkRef(design.links[link]), via: firewall))
        }
        return Fix(.unsafe, "put a firewall pair in front of \(subject)", edits)
    }

    /// A firewall of their own for the hosts hostile requests enter, and for the
    /// hosts behind them that have none: a host's own firewall protects that host
    /// only, so each one on the way needs its own.
    static func hostFirewalls(protecting subject: String, hosts: [Element], behind: [Int], design: Design,
                              exposure: Exposure) -> Fix {
        var edits: [Edit] = []
        var seen = Set<Int>()
        // Each host given a firewall lets requests on to the hosts behind it: they need theirs too.
        var queue = hosts.map(\.index) + behind
        var marks = Marks(capacity: exposure.graph.nodeCount)
        var position = 0
        while position < queue.count {
            let host = queue[position]
            position += 1
            guard seen.insert(host).inserted else { continue }
            let element = design.elements[host]
            guard !design.hasOwnFirewall(host: host), !Exposure.neverUnprotected.contains(element.kind) else { continue }
            edits.append(.setProperty(.named(element.id), name: "firewall", value: "true"))
            if position > hosts.count { queue.append(contentsOf: exposure.hostsBehind(host, marks: &marks)) }
        }
        let others = edits.count > hosts.count ? " and the hosts behind it" : ""
        return Fix(.unsafe, "filter what reaches \(subject)\(others) on each host", edits)
    }
}
