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
        fixSafety: """
            Safe when what the link reaches already terminates TLS: the protocol becomes its TLS form (`http` to \
            `https`, port 80 to 443; `ws` to `wss`; `grpc` to `grpcs`), or the link gets `{ tls: true }`; \
            through a firewall, what it forwards is encrypted too. Unsafe otherwise: the load balancers, web \
            servers and cdns it reaches also get `tls: terminate`.
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
        securitySeverity: 7.5,
        mark: "plaintext")

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        func hostile(_ endpoint: Endpoint) -> String? {
            for member in design.members(of: endpoint) {
                let element = design.elements[member]
                if element.kind == .client { return "a client" }
                if let network = element.network, design.networks[network].trust == .untrusted {
                    return "the untrusted network \(design.networks[network].id)"
                }
            }
            return nil
        }
        // One finding per connection name: links that make the same connection are fixed together.
        var order: [String] = []
        var groups: [String: [TrafficGraph.Connection]] = [:]
        for connection in context.graph.connections {
            let link = design.links[connection.link]
            guard link.isPlaintext, !design.members(of: link.from).contains(where: { design.elements[$0].kind == .agent }) else { continue }
            guard hostile(connection.source) != nil || hostile(link.to) != nil else { continue }
            let name = connection.name
            if groups[name] == nil { order.append(name) }
            groups[name, default: []].append(connection)
        }
        return order.compactMap { name -> Finding? in
            guard let connections = groups[name], let first = connections.first else { return nil }
            let link = design.links[first.link]
            let protocolName = link.protocolName ?? "tcp"
            let what = protocolName == "http" ? "plain HTTP" : "plaintext \(protocolName)"
            let side = hostile(first.source).map { "from \($0)" } ?? "to \(hostile(link.to) ?? "")"
            return context.finding(
                description,
                "\(name) is \(what) \(side): anyone on the way can read it and change it, \(Self.exposedContent(protocolName))",
                at: link.range, element: name,
                fix: encryptionFix(connections.map { design.links[$0.link] }, design: design))
        }
    }

    /// What a reader of the traffic sees, by protocol: a web request's passwords and
    /// cookies, a database's queries and rows.
    static func exposedContent(_ protocolName: String) -> String {
        switch protocolName {
        case "http", "ws", "grpc": return "passwords and cookies included"
        case "mysql", "postgres", "redis", "memcached": return "queries and the data they return included"
        case "amqp": return "the messages included"
        case "smtp": return "the mail included"
        case "ftp": return "files and passwords included"
        default: return "whatever it carries"
        }
    }

    /// Encrypts the link; safe when what it reaches already terminates TLS,
    /// otherwise the load balancers, web servers and cdns it reaches terminate it too.
    static func encryptionFix(_ links: [Link], design: Design) -> Fix {
        var edits: [Edit] = []
        var receivers: [Element] = []
        var seenEdits = Set<Edit>()
        var seenReceivers = Set<Int>()
        for link in links {
            let (more, reached) = Encryption.encryptForwarded(link, design: design)
            for edit in more where seenEdits.insert(edit).inserted { edits.append(edit) }
            for element in reached where seenReceivers.insert(element.index).inserted { receivers.append(element) }
        }
        if receivers.allSatisfy({ $0.tls == .terminate }) {
            return Fix(.safe, "encrypt it where TLS already ends", edits)
        }
        for receiver in receivers where receiver.tls == .none && Encryption.takesTermination(receiver) {
            edits.append(.setProperty(.named(receiver.id), name: "tls", value: TLSMode.terminate.rawValue))
        }
        return Fix(.unsafe, "encrypt it", edits)
    }
}
