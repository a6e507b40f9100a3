import InfraAnalysis
import InfraCore

/// SEC002: plaintext traffic to or from a client or an untrusted network.
public enum PlaintextFromUntrustedRule: Rule {
    public static let description = RuleDescription(
        code: "SEC002",
        name: "plaintext-from-untrusted",
        category: .security,
        defaultSeverity: .error,
        summary: "A plaintext link with an end that is a client or sits in an untrusted network.",
        whatItDoes: """
            Reports each plaintext link (http, mysql, tcp, a link with no protocol, anything not encrypted and \
            not a name lookup) whose source or target is a client or sits in an `untrusted` network. A client \
            that resolves a name with a `dns` connects to the target itself: that connection is reported as \
            `CLIENT->TARGET`, at the link out of the dns. An agent's link to its monitor is MON003's business.
            """,
        whyIsThisBad: """
            Everything on the way (the café's Wi-Fi, the ISP, any router in between) can read plaintext \
            traffic and change it: passwords, session cookies, personal data, and the pages themselves, into \
            which an attacker can inject scripts. Browsers mark HTTP pages as not secure.
            """,
        triggering: [
            RuleExample("""
                client users
                load-balancer lb-01 { tls: terminate }
                ↓users -> lb-01 : http 80
                """),
            RuleExample("""
                client users
                dns ns
                load-balancer lb-01
                users -> ns : dns
                ↓ns -> lb-01 : http
                """),
        ],
        nonTriggering: [
            RuleExample("""
                client users
                dns ns
                load-balancer lb-01 { tls: terminate }
                users -> ns : dns
                ns -> lb-01 : https 443
                """),
        ],
        securitySeverity: 7.5)

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        let graph = context.graph
        var findings: [Finding] = []
        var reported = Set<String>()
        func hostile(_ endpoint: Endpoint) -> (Bool, String) {
            for member in design.members(of: endpoint) {
                let element = design.elements[member]
                if element.kind == .client { return (true, "a client") }
                if let network = element.network, design.networks[network].trust == .untrusted {
                    return (true, "the untrusted network \(design.networks[network].id)")
                }
            }
            return (false, "")
        }
        func report(name: String, link: Link, from: Endpoint, to: Endpoint) {
            guard link.isPlaintext, reported.insert(name).inserted else { return }
            let (sourceHostile, sourceWhy) = hostile(from)
            let (targetHostile, targetWhy) = hostile(to)
            guard sourceHostile || targetHostile else { return }
            let protocolName = link.protocolName ?? "tcp"
            let what = protocolName == "http" ? "plain HTTP" : "plaintext \(protocolName)"
            let side = sourceHostile ? "from \(sourceWhy)" : "to \(targetWhy)"
            let fix = protocolName == "http"
                ? "serve HTTPS: \(link.fromName) -> \(link.toName) : https 443, with tls: terminate where it should be decrypted"
                : "encrypt it: use the protocol's TLS form and say { tls: true } on \(link.fromName) -> \(link.toName)"
            findings.append(context.finding(
                description,
                "\(name) is \(what) \(side): anyone on the way can read it and change it, passwords and cookies included",
                at: link.range, element: name, fix: fix))
        }
        for link in design.links {
            let fromKinds = design.members(of: link.from).map { design.elements[$0].kind }
            let toKinds = design.members(of: link.to).map { design.elements[$0].kind }
            if fromKinds.contains(.agent) || toKinds.contains(.dns) || fromKinds.allSatisfy({ $0 == .dns }) { continue }
            report(name: link.name, link: link, from: link.from, to: link.to)
        }
        // Connections made after a lookup: the client connects to the target itself.
        for edge in graph.edges where edge.lookupLink != nil {
            guard let linkIndex = edge.links.first, let client = graph.element(of: edge.from) else { continue }
            let link = design.links[linkIndex]
            report(name: edge.name, link: link, from: .element(client.index), to: link.to)
        }
        return findings
    }
}
