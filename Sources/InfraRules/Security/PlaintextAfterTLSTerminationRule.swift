import InfraAnalysis
import InfraCore

/// SEC003: TLS ends at an element that sends plaintext on to other hosts.
public enum PlaintextAfterTLSTerminationRule: Rule {
    public static let description = RuleDescription(
        code: "SEC003",
        name: "plaintext-after-tls-termination",
        category: .security,
        defaultSeverity: .warning,
        summary: "TLS ends at an element that sends plaintext on to another host.",
        whatItDoes: """
            Finds where TLS ends: an element with `tls: terminate`, or one an encrypted link arrives at that is \
            not a firewall and not `tls: passthrough`. When plaintext links leave it for another host, reports it \
            once (on its cluster when it is a member of one), naming those links. A plaintext hop inside one \
            host is exempt.
            """,
        whyIsThisBad: """
            TLS terminated at the load balancer protects the internet leg only: from there on, requests with \
            their passwords and session cookies cross the internal network readable by anyone who gets a \
            foothold inside it (a compromised server, a misconfigured switch, a cloud neighbour). Re-encrypt to \
            the backends, or pass TLS through to them.
            """,
        triggering: [
            RuleExample("""
                client users
                ↓load-balancer lb-01 { tls: terminate }
                web-server web-01
                web-server web-02
                users -> lb-01 : https
                lb-01 -> web-01, web-02 : http
                """),
        ],
        nonTriggering: [
            RuleExample("""
                client users
                load-balancer lb-01 { tls: terminate }
                server web-01 { web-server nginx; app-server app }
                users -> lb-01 : https
                lb-01 -> web-01 : https
                nginx -> app : http
                """),
        ],
        securitySeverity: 5.0)

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        let graph = context.graph
        // Elements an encrypted request arrives at (a cluster's arrive at each member).
        var encryptedArrivals = Set<Int>()
        for edge in graph.edges where edge.role == .request && edge.links.contains(where: { design.links[$0].isEncrypted }) {
            encryptedArrivals.formUnion(graph.nodesStandingFor(edge.to))
        }
        var findings: [Finding] = []
        var reportedClusters = Set<Int>()
        for element in design.elements {
            let node = element.index
            let terminates = element.tls == .terminate
                || (encryptedArrivals.contains(node) && element.kind != .firewall && element.tls != .passthrough)
            guard terminates, element.kind != .client else { continue }
            var leaving: [String] = []
            for edge in graph.requestEdges(from: node) {
                let targets = graph.elements(of: edge.to)
                guard targets.contains(where: { design.elements[$0].host != element.host }) else { continue }
                for link in edge.links where design.links[link].isPlaintext && !leaving.contains(design.links[link].name) {
                    leaving.append(design.links[link].name)
                }
            }
            guard !leaving.isEmpty else { continue }
            // A component of a clustered server is reported on the cluster, like the server.
            let cluster = design.cluster(of: element)
            let subject: String
            if let cluster {
                guard reportedClusters.insert(cluster).inserted else { continue }
                subject = design.clusters[cluster].id
            } else {
                subject = element.id
            }
            let message = "TLS ends at \(subject), which sends plaintext on to other hosts (\(listed(leaving))): anyone inside the network can read those requests"
            let fix = "re-encrypt to the backends (https on \(listed(leaving))), or set tls: passthrough on \(subject) and terminate on the servers"
            if let cluster {
                findings.append(context.finding(description, message, on: design.clusters[cluster], fix: fix))
            } else {
                findings.append(context.finding(description, message, on: element, fix: fix))
            }
        }
        return findings
    }
}
