import InfraAnalysis
import InfraCore

extension ExplainModel {
    /// Why each element is there, relative to a simpler design: what it adds, and
    /// what would be lost without it. Alike hosts are explained together.
    public struct Role: Encodable, Sendable {
        public var subject: String
        public var text: String

        static func all(_ facts: ExplainFacts) -> [Role] {
            var builder = RoleBuilder(facts: facts)
            builder.build()
            return builder.roles
        }
    }

    struct RoleBuilder {
        let facts: ExplainFacts
        var roles: [Role] = []
        var design: Design { facts.design }
        var graph: TrafficGraph { facts.graph }

        func codes(_ elements: [Element]) -> String {
            Prose.some(elements.map { MarkdownText.code($0.id) }, limit: 4)
        }

        /// Sources of reads or writes: elements or clusters.
        func names(_ sources: [Int]) -> String {
            Prose.some(sources.map(facts.sourceName))
        }

        mutating func add(_ subject: String, _ text: String) {
            roles.append(Role(subject: subject, text: text))
        }

        mutating func build() {
            let spofs = Set(facts.model.singlePointsOfFailure().map(\.unit))
            let clients = design.elements.filter { $0.kind == .client }
            if !clients.isEmpty {
                // Each label beside its own client: `phones` (Mobile app) and `browsers`.
                let named = clients.map { client in
                    MarkdownText.code(client.id) + (client.label.map { " (\(MarkdownText.prose($0)))" } ?? "")
                }
                add(Prose.some(named, limit: 4), "who uses the site; everything else exists to serve these requests.")
            }
            var coveredClusters = Set<Int>()
            let hosts = design.elements.filter { $0.isHost && ![.client, .monitor, .agent].contains($0.kind) }
            for group in Shape.groups(of: hosts.filter { $0.cluster == nil }, design: design) {
                // What a cdn, a firewall, a load balancer or a dns is for depends on its own
                // links; alike hosts that different senders use are each on their own too.
                if [.cdn, .firewall, .loadBalancer, .dns].contains(group.members[0].kind) || !facts.shareASender(group.members) {
                    for member in group.members { host([member], spofs: spofs) }
                } else {
                    host(group.members, spofs: spofs)
                }
            }
            for host in hosts {
                guard let cluster = host.cluster, coveredClusters.insert(cluster).inserted else { continue }
                clusterRole(cluster, spofs: spofs)
            }
            for database in design.elements where database.kind == .database { databaseRole(database) }
            hostFirewalls()
            monitoring()
        }

        /// "the site survives losing any one of them", or which of them it does not survive.
        func survival(_ members: [Element], spofs: Set<Int>) -> String {
            let failing = members.filter { spofs.contains($0.index) }
            if failing.isEmpty { return "the site survives losing any one of them" }
            if failing.count == members.count { return "yet the site survives losing none of them (see the issues)" }
            return "the site survives losing \(Prose.names(members.filter { !spofs.contains($0.index) }, conjunction: "or")) but not \(Prose.names(failing, conjunction: "or")) (see the issues)"
        }

        /// Elements no client request reaches play no part yet: said instead of a role.
        func idle(_ members: [Element]) -> String? {
            guard let first = members.first, members.allSatisfy({ !facts.reached.contains($0.index) }) else { return nil }
            let noun = Shape.noun(first.kind)
            return members.count == 1
                ? "\(withArticle(noun)) that no client request reaches yet, so it plays no part in serving the site (see the issues)"
                : "\(Prose.count(members.count)) \(Shape.plural(noun)) that no client request reaches yet, so they play no part in serving the site (see the issues)"
        }

        mutating func host(_ members: [Element], spofs: Set<Int>) {
            guard let first = members.first, first.kind != .database else { return }
            let many = members.count > 1
            if let idle = idle(members) {
                add(codes(members) + software(first), idle + ".")
                return
            }
            var text: String
            switch first.kind {
            case .dns:
                // Who looks names up in it: browsers (clients), or elements of the design.
                let node = graph.receivingNode(ofElement: first.index)
                let askers = graph.edges.filter { $0.role == .lookup && $0.to == node }.map(\.from)
                if askers.isEmpty || askers.contains(where: { graph.clients.contains($0) }) {
                    text = "without it no browser finds the site"
                } else {
                    var names: [String] = []
                    for asker in askers where !names.contains(facts.sourceName(asker)) { names.append(facts.sourceName(asker)) }
                    text = "\(Prose.some(names)) find\(names.count == 1 ? "s" : "") what \(names.count == 1 ? "it connects" : "they connect") to through it"
                }
                if first.instances > 1 { text += "; \(Prose.count(first.instances)) name servers answer, so losing one changes nothing" }
            case .cdn:
                let targets = graph.requestEdges(from: first.index).map { graph.name(of: $0.to) }
                text = "keeps copies of static files near the visitors, so pages load faster and "
                text += targets.isEmpty ? "the servers serve fewer requests" : "\(Prose.some(targets.map(Prose.name))) serve\(targets.count == 1 ? "s" : "") fewer requests"
            case .firewall:
                text = firewall(first)
            case .loadBalancer:
                text = balancer(first)
            case .server, .webServer, .appServer, .service:
                text = servers(members, spofs: spofs)
            case .database:
                return  // Explained with the databases.
            case .cache:
                let hasDatabase = design.elements.contains { $0.kind == .database }
                text = "keeps recent answers (sessions, pages\(hasDatabase ? ", query results" : "")) in memory, so "
                text += hasDatabase ? "the database does not answer the same question twice" : "the application does not work the same answer out twice"
            case .queue:
                text = "holds slow work for workers to pick up later, so a request can answer at once and a burst waits instead of overloading anyone"
            case .storage:
                text = "keeps files that do not belong in a database: images, uploads, static files"
            default:
                text = "serves requests"
            }
            if many, first.kind != .server, ![.webServer, .appServer, .service].contains(first.kind) {
                text = "\(Prose.count(members.count)) alike: each \(text)"
            }
            if first.instances > 1, ![.dns, .firewall].contains(first.kind) { text += " (\(first.instances) instances)" }
            add(codes(members) + software(first), text + unreached(members) + ".")
        }

        /// "; no request reaches it yet (see the issues)" for what DES001 reports.
        /// What the members run: alike (`runs`, nil when they run nothing), or not
        /// (`uneven`: "p1 runs a web server; p2 and p3 run nothing").
        func running(_ members: [Element]) -> (runs: String?, uneven: String?) {
            let described = members.map { member -> String? in
                let held = design.contents(of: member.index).filter { $0.kind != .agent && $0.kind != .firewall }
                return held.isEmpty ? nil : Shape.components(held)
            }
            guard let first = described.first, described.contains(where: { $0 != first }) else {
                return (described.first ?? nil, nil)
            }
            var groups: [(runs: String?, members: [Element])] = []
            for (member, runs) in zip(members, described) {
                if let index = groups.firstIndex(where: { $0.runs == runs }) {
                    groups[index].members.append(member)
                } else {
                    groups.append((runs, [member]))
                }
            }
            return (nil, groups.map { "\(Prose.names($0.members)) run\($0.members.count == 1 ? "s" : "") \($0.runs ?? "nothing")" }
                .joined(separator: "; "))
        }

        /// A service by what its links say: who calls it, or that it is a worker
        /// taking jobs from a queue, whether it pulls them (`worker -> queue`:
        /// nothing calls it) or the queue hands them over (`queue -> worker`). The
        /// implicit client of a design without one calls nothing: it only marks
        /// where requests start.
        func service(_ element: Element) -> String {
            var callerNodes = Set<Int>()
            let callers = graph.incoming[element.index].compactMap { index -> Int? in
                let edge = graph.edges[index]
                guard edge.role == .request, callerNodes.insert(edge.from).inserted else { return nil }
                if case .implicitClient = graph.node(edge.from) { return nil }
                return edge.from
            }
            var seen = Set<Int>()
            let used = graph.requestEdges(from: element.index).flatMap { graph.servingElements(of: $0.to) }
                .filter { seen.insert($0.index).inserted }
            // The datastores as its links name them: a cluster (pg), not each member.
            var stores: [String] = []
            for edge in graph.requestEdges(from: element.index)
            where graph.servingElements(of: edge.to).contains(where: { $0.kind.isDatastore && $0.kind != .queue }) {
                let name = facts.writtenName(of: edge) ?? facts.sourceName(edge.to)
                if !stores.contains(name) { stores.append(name) }
            }
            let uses = stores.isEmpty ? "" : ", and uses \(Prose.some(stores))"
            if !callers.isEmpty, callers.allSatisfy({ graph.element(of: $0)?.kind == .queue }) {
                return "takes the jobs queued in \(Prose.some(callers.map(facts.sourceName)))" + uses
            }
            // "called by users": a client's name is often a plural noun. Callers as their
            // links name them: a cluster (front-lbs), not each member; a server, not its entry.
            if !callers.isEmpty {
                var written: [String] = []
                for index in graph.incoming[element.index] {
                    let edge = graph.edges[index]
                    guard edge.role == .request, callers.contains(edge.from) else { continue }
                    for name in facts.writtenSources(of: edge) where !written.contains(name) { written.append(name) }
                }
                return "a service called by \(Prose.some(written))"
            }
            if design.cluster(of: element) != nil { return "a service the design calls" }
            let queues = used.filter { $0.kind == .queue }
            guard !queues.isEmpty else { return "a service" }
            return "picks up the work queued in \(Prose.names(queues))" + uses
        }

        func unreached(_ members: [Element]) -> String {
            let missing = members.filter { !facts.reached.contains($0.index) }
            if missing.isEmpty { return "" }
            if missing.count == members.count {
                return members.count == 1 ? ". No client request reaches it yet (see the issues)" : ". No client request reaches them yet (see the issues)"
            }
            return ". No client request reaches \(Prose.names(missing)) yet (see the issues)"
        }

        func software(_ element: Element) -> String {
            element.software.map { " (\(MarkdownText.escape(Software.display($0))))" } ?? ""
        }

        /// What passes a firewall, from the links through it.
        func firewall(_ firewall: Element) -> String {
            var protocols: [String] = []
            var links = Array(design.linksTo[.element(firewall.index)] ?? [])
            links += design.linksFrom[.element(firewall.index)] ?? []
            if let cluster = firewall.cluster { links += (design.linksTo[.cluster(cluster)] ?? []) + (design.linksFrom[.cluster(cluster)] ?? []) }
            for link in links.sorted() {
                let name = Software.protocolName(design.links[link].protocolName ?? "tcp")
                if !protocols.contains(name) { protocols.append(name) }
            }
            let own = firewall.cluster.map { graph.clusterNode($0) }
            let targets = graph.requestEdges(from: firewall.index).filter { $0.to != own && $0.to != firewall.index }
                .map { facts.writtenName(of: $0) ?? Prose.name(graph.name(of: $0.to)) }
            var text = firewall.instances > 1 && firewall.cluster == nil ? "a firewall pair" : "a network firewall"
            if !targets.isEmpty { text += " in front of \(Prose.some(targets))" }
            text += ": it lets through only "
            text += protocols.isEmpty ? "what the design sends through it" : "\(listed(protocols)) on the ports the design uses"
            text += " and drops the rest, so port scans, rogue addresses and floods (denial of service) stop here and a port opened by mistake behind it stays closed"
            return text
        }

        func balancer(_ balancer: Element) -> String {
            let backends = facts.backends(of: balancer).map(\.element)
            var text: String
            if backends.count < 2 {
                text = backends.first.map { "passes requests to \(Prose.name($0.id)): with one backend it balances nothing yet, but a second can join behind the same address" }
                    ?? "receives requests but sends them nowhere (see the issues)"
            } else {
                // Firewalls each in front of one server: the servers are what it balances.
                let shared = facts.balanced(backends)
                text = "shares the requests between the \(shared.noun ?? "backends") \(Prose.some(shared.elements.map { Prose.name($0.id) }))"
                if let firewalls = shared.firewalls { text += " (each behind its firewall: \(Prose.some(firewalls.map { Prose.name($0.id) })))" }
                text += balancer.healthCheck ? " and stops sending to one that fails" : " (its health checks are off: see the issues)"
                text += ", so they work behind one address and each can be taken out for maintenance"
            }
            switch balancer.tls {
            case .terminate: text += "; it holds the TLS certificate and decrypts HTTPS"
            case .passthrough: text += "; it passes TLS through untouched"
            case .none: break
            }
            return text
        }

        /// The load balancer a server's requests enter at, when requests reach it.
        func entryBalancer(of server: Element) -> Element? {
            guard let entry = design.entry(of: server.index), design.elements[entry].kind == .loadBalancer,
                  facts.reached.contains(entry) else { return nil }
            return design.elements[entry]
        }

        /// Servers, web or application servers alike: why there are several, and what each runs.
        func servers(_ members: [Element], spofs: Set<Int>) -> String {
            guard let first = members.first else { return "" }
            let (runs, uneven) = running(members)
            if members.count == 1 {
                switch first.kind {
                case .server:
                    let held = design.contents(of: first.index).filter { $0.kind != .agent && $0.kind != .firewall }
                    var text = runs.map { "the machine that runs \($0), which fail\(held.count == 1 ? "s" : "") with it" } ?? "a machine that serves requests as a whole"
                    // A load balancer as its entry balances what the server's links name.
                    if runs != nil, let entry = entryBalancer(of: first) { text += "; its load balancer \(balancer(entry))" }
                    return text
                case .webServer: return "the web server: it serves static files itself and passes the rest on"
                case .appServer: return "the application server: it runs the site's code"
                default: return service(first)
                }
            }
            let noun = first.kind == .server ? "servers" : Shape.plural(first.kind.noun)
            var text = "\(Prose.count(members.count)) \(noun) instead of one"
            if let runs { text += ", each running \(runs)" }
            if let uneven { text += " (\(uneven))" }
            if facts.balancedTogether(members) {
                text += ": together they serve \(members.count == 2 ? "twice" : "\(Prose.count(members.count)) times") the requests, one can be updated while \(members.count == 2 ? "the other serves" : "the others serve"), and \(survival(members, spofs: spofs))"
            } else {
                text += ": \(survival(members, spofs: spofs))"
            }
            return text
        }

        mutating func clusterRole(_ index: Int, spofs: Set<Int>) {
            let cluster = design.clusters[index]
            let members = cluster.members.map { design.elements[$0] }
            guard let first = members.first, first.kind != .database else {
                return  // A database cluster is explained with its databases.
            }
            var noun = members.count == 1 ? Shape.noun(first.kind) : Shape.plural(Shape.noun(first.kind))
            let (runs, uneven) = running(members)
            if let runs { noun += " running \(runs)" }
            if let uneven { noun += " (\(uneven))" }
            var text: String
            if let idle = idle(members) {
                text = idle
            } else if members.count == 1 {
                text = "a cluster of one \(Shape.noun(first.kind)): nothing stands beside it yet"
            } else if cluster.mode == .activeActive, let vip = cluster.vip {
                // One address is held by one member at a time (Modes says the same).
                text = "\(Prose.count(members.count)) \(noun) that stand for one: the address \(MarkdownText.escape(vip)) is held by one of them at a time and moves to another when it fails"
            } else if cluster.mode == .activeActive {
                text = "\(Prose.count(members.count)) \(noun) that stand for one: \(members.count == 2 ? "both" : "all") serve at once, so they share the load, and \(survival(members, spofs: spofs))"
            } else {
                text = "\(Prose.count(members.count)) \(noun) that stand for one: one serves while the other\(members.count > 2 ? "s stand" : " stands") by"
                text += cluster.failover == .automatic ? ", taking over automatically" : ", until someone promotes \(members.count > 2 ? "one of them" : "it")"
                // The address follows the member that serves, however it came to serve.
                if let vip = cluster.vip { text += "; the address \(MarkdownText.escape(vip)) goes with whichever serves" }
            }
            switch first.kind {
            case .loadBalancer where facts.reached.contains(first.index): text += "; \(members.count == 1 ? "it" : "each") \(balancer(first))"
            case .firewall where facts.reached.contains(first.index): text += "; \(members.count == 1 ? "it" : "each") is \(firewall(first))"
            case .server:
                // Servers whose entry is a load balancer balance as it does (the balancing section says so).
                if let entry = entryBalancer(of: first) {
                    text += "; on \(members.count == 1 ? "it" : "each"), the load balancer \(balancer(entry))"
                }
            default: break
            }
            let partly = idle(members) == nil ? unreached(members) : ""
            add("\(MarkdownText.code(cluster.id)) (\(Prose.names(members)))", text + partly + ".")
        }
    }
}
