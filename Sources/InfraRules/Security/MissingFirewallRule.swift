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
        securitySeverity: 8.0)

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        let exposure = Exposure(graph: context.graph)
        var findings: [Finding] = []
        var reportedClusters = Set<Int>()
        for unprotected in exposure.unprotectedHosts() {
            let host = design.elements[unprotected.host]
            let behind = unprotected.behind.map { design.elements[$0].id }
            let through = behind.isEmpty ? "" : ", and through it \(listed(behind))"
            let from = listed(unprotected.reachedFrom, conjunction: "or")
            let fix = "put a firewall in front of it (firewall fw-01, then SOURCE -> fw-01 -> \(host.id)), or give \(host.id) its own: firewall: true"
            if let cluster = host.cluster {
                guard reportedClusters.insert(cluster).inserted else { continue }
                let item = design.clusters[cluster]
                findings.append(context.finding(
                    description,
                    "no firewall stands between \(from) and \(item.id): anyone who can reach it can reach every port of its members\(through)",
                    on: item,
                    fix: "put a firewall in front of it (firewall fw-01, then SOURCE -> fw-01 -> \(item.id)), or give each member its own: firewall: true"))
                continue
            }
            if let network = host.network, design.networks[network].trust == .untrusted {
                findings.append(context.finding(
                    description,
                    "\(host.id) sits in the untrusted network \(design.networks[network].id) with no firewall: anyone there can reach every port of it\(through)",
                    on: host, fix: "give \(host.id) its own firewall (firewall: true), or move it behind one in a trusted network"))
                continue
            }
            findings.append(context.finding(
                description,
                "no firewall stands between \(from) and \(host.id): anyone who can reach it can reach every port of \(host.id)\(through)",
                on: host, fix: fix))
        }
        return findings
    }
}
