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
        fixSafety: """
            Unsafe: the plaintext links that leave the host, and those on the way through a firewall on the \
            host, are encrypted as for SEC002; the servers behind then hold certificates.
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
        securitySeverity: 5.0,
        mark: "TLS ends here")

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        let graph = context.graph
        // Elements an encrypted request arrives at (a cluster's arrive at each member).
        var encryptedArrivals = Marks(capacity: graph.nodeCount)
        for edge in graph.edges where edge.role == .request && edge.links.contains(where: { design.links[$0].isEncrypted }) {
            for node in graph.nodesStandingFor(edge.to) { encryptedArrivals.insert(node) }
        }
        // Where each declared link's requests arrive, as the graph reads it: links to
        // several members of a cluster are one link to the cluster, which reaches every member.
        // Built when a re-encrypted link first needs it.
        var arrivalsByLink: FlatLists?
        func arrivals(_ link: Int) -> FlatList {
            if arrivalsByLink == nil {
                var pairs: [(key: Int, item: Int)] = []
                for edge in graph.edges where edge.role == .request {
                    let reached = graph.nodesStandingFor(edge.to)
                    for link in edge.links {
                        for node in reached { pairs.append((link, node)) }
                    }
                }
                arrivalsByLink = FlatLists(count: design.links.count, pairs: pairs)
            }
            return arrivalsByLink?[link] ?? []
        }
        // Per subject (the element, or its cluster): the plaintext links that leave
        // the host, and every link to encrypt so that nothing on the way is plaintext.
        var order: [Endpoint] = []
        var leaks: [Endpoint: Leaks] = [:]
        for element in design.elements where element.kind != .client && element.kind != .firewall {
            let terminates = element.tls == .terminate || (encryptedArrivals.contains(element.index) && element.tls != .passthrough)
            guard terminates else { continue }
            let subject: Endpoint = design.cluster(of: element).map { .cluster($0) } ?? .element(element.index)
            // Re-encrypting makes the elements it reaches end TLS in turn: within the
            // same subject, what they send on is its business too.
            var found = leaving(element, graph: graph)
            var terminators: Set<Int> = [element.index]
            var frontier = found.encrypt.items
            while let link = frontier.popLast() {
                for member in design.members(of: link.to) + arrivals(link.index).filter({ $0 < design.elements.count }) {
                    let reached = design.elements[design.entry(of: member) ?? member]
                    guard reached.kind != .firewall, design.cluster(of: reached).map({ Endpoint.cluster($0) }) == subject,
                          terminators.insert(reached.index).inserted else { continue }
                    let more = leaving(reached, graph: graph)
                    found.reported.add(more.reported.items)
                    frontier += found.encrypt.add(more.encrypt.items)
                }
            }
            guard !found.reported.items.isEmpty else { continue }
            if leaks[subject] == nil { order.append(subject) }
            var entry = leaks[subject] ?? Leaks()
            entry.reported.add(found.reported.items)
            entry.encrypt.add(found.encrypt.items)
            leaks[subject] = entry
        }
        return order.compactMap { subject -> Finding? in
            guard let found = leaks[subject] else { return nil }
            let name = design.name(of: subject)
            let message = "TLS ends at \(name), which sends plaintext on to other hosts (\(listed(found.reported.items.map(\.name)))): anyone inside the network can read those requests"
            var edits: [Edit] = []
            var seenEdits = Set<Edit>()
            for link in found.encrypt.items {
                for edit in Encryption.encryptForwarded(link, design: design).edits where seenEdits.insert(edit).inserted { edits.append(edit) }
            }
            let fix = Fix(.unsafe, "re-encrypt what leaves \(name)", edits)
            switch subject {
            case .cluster(let cluster): return context.finding(description, message, on: design.clusters[cluster], fix: fix)
            case .element(let index): return context.finding(description, message, on: design.elements[index], fix: fix)
            }
        }
    }

    /// Links in the order first found, each once. A few links (the usual case) are
    /// searched in the list itself; past `searchLimit` a set keeps a fan-out of n
    /// links linear.
    struct LinkList {
        private(set) var items: [Link] = []
        private var seen: Set<Int>?
        private static let searchLimit = 16

        /// Adds the links not yet in the list; returns those added.
        @discardableResult
        mutating func add(_ links: [Link]) -> [Link] {
            var new: [Link] = []
            for link in links where add(link) { new.append(link) }
            return new
        }

        /// Adds a link unless the list has it; returns whether it was added.
        @discardableResult
        mutating func add(_ link: Link) -> Bool {
            if seen == nil {
                if items.contains(where: { $0.index == link.index }) { return false }
                items.append(link)
                if items.count > Self.searchLimit { seen = Set(items.map(\.index)) }
                return true
            }
            guard seen?.insert(link.index).inserted == true else { return false }
            items.append(link)
            return true
        }
    }

    struct Leaks {
        var reported = LinkList()
        var encrypt = LinkList()
    }

    /// The plaintext links requests leave an element's host by, directly or through
    /// firewalls on its own host (which forward them as they are); with the links on
    /// the way, which must be encrypted too.
    static func leaving(_ element: Element, graph: TrafficGraph) -> Leaks {
        let design = graph.design
        var found = Leaks()
        // Firewalls on one host are few: a list is the cheapest set.
        var seen: [Int] = [element.index]
        var stack: [(node: Int, via: [Link])] = [(element.index, [])]
        while let (node, via) = stack.popLast() {
            for edge in graph.requestEdges(from: node) where edge.links.contains(where: { design.links[$0].isPlaintext }) {
                let targets = graph.elements(of: edge.to)
                for index in edge.links where design.links[index].isPlaintext {
                    let link = design.links[index]
                    if targets.contains(where: { design.elements[$0].host != element.host }) {
                        found.reported.add(link)
                        for hop in via { found.encrypt.add(hop) }
                        found.encrypt.add(link)
                        continue
                    }
                    for target in targets where design.elements[target].kind == .firewall && !seen.contains(target) {
                        seen.append(target)
                        stack.append((target, via + [link]))
                    }
                }
            }
        }
        return found
    }
}
