import InfraAnalysis
import InfraCore

extension ExplainModel {
    /// What happens when someone visits the site: one client's request, step by
    /// step, from the lookup to the data, then the response.
    public struct Path: Encodable, Sendable {
        public var client: String
        public var steps: [Step]
        /// The number of items listed, the response included.
        public var count: Int
        /// "6 steps", "one step".
        public var length: String
        /// The way back, when the request reached anything: "db-01 → app-01 → users".
        public var response: Response?
        /// Where the requests the steps do not follow go instead: the routes, "nginx-02 →
        /// app-02 → db-01 or …" (kept for templates written before `otherBackends`).
        public var others: String?
        /// The same, as a sentence: "A request sent to the other backend goes through …".
        public var otherBackends: String?
        /// The other clients, and what they connect to.
        public var otherClients: String?

        public struct Response: Encodable, Sendable {
            public var number: Int
            public var chain: String
        }

        public struct Step: Encodable, Sendable {
            public var number: Int
            public var title: String
            public var text: String
        }

        init?(_ facts: ExplainFacts) {
            let graph = facts.graph
            // The first client whose requests go somewhere; the others are listed after.
            guard let client = graph.clients.first(where: { !graph.requestEdges(from: $0).isEmpty }) ?? graph.clients.first else { return nil }
            var walker = Walker(facts: facts)
            for edge in graph.edges(from: client) where edge.role == .lookup {
                walker.lookup(edge, client: client)
            }
            let entries = graph.requestEdges(from: client)
            let depths = entries.map { walker.depth(from: $0.to) }
            let deepest = depths.indices.max(by: { depths[$0] < depths[$1] || (depths[$0] == depths[$1] && $0 > $1) })
            if let deepest { walker.follow(entries[deepest], client: client) }
            guard !walker.steps.isEmpty else { return nil }
            self.client = Prose.name(graph.name(of: client))
            steps = walker.steps
            if walker.chain.count > 1 {
                count = walker.steps.count + 1
                response = Response(number: count, chain: walker.chain.reversed().joined(separator: " → "))
            } else {
                count = walker.steps.count
            }
            length = count == 1 ? "one step" : "\(count) steps"
            // A route is a chain with lists in it: past four, "or 7 more" would read as
            // one more target of the last route, so the routes are set apart.
            let routes = walker.alternatives
            others = ExplainModel.routesText(routes)
            otherBackends = ExplainModel.otherBackends(routes)
            // Said with "requests from X go": no verb agrees with a client's name ("users", "shop").
            var declared: [String] = []
            var unlinked: [String] = []
            var entered: [String] = []
            for other in graph.clients where other != client {
                // Each once: a client reaches one target directly and through a dns alike;
                // a dns is where it looks the name up, not where its requests go.
                var targets: [String] = []
                var lookups: [String] = []
                for edge in graph.edges(from: other) {
                    let target = facts.writtenName(of: edge) ?? Prose.name(graph.name(of: edge.to))
                    if graph.isDNS(edge.to) {
                        if !lookups.contains(target) { lookups.append(target) }
                    } else if !targets.contains(target) {
                        targets.append(target)
                    }
                }
                let name = Prose.name(graph.name(of: other))
                if case .implicitClient = graph.node(other) {
                    entered += targets
                } else if targets.isEmpty, lookups.isEmpty {
                    unlinked.append(name)
                } else if targets.isEmpty {
                    declared.append("from \(name)\(declared.isEmpty ? " go" : "") no further than a lookup at \(Prose.some(lookups, limit: 3))")
                } else {
                    let lookup = lookups.isEmpty ? "" : " (after a lookup at \(Prose.some(lookups, limit: 3)))"
                    declared.append("from \(name)\(declared.isEmpty ? " go" : "") to \(Prose.some(targets, limit: 3))\(lookup)")
                }
            }
            var sentences: [String] = []
            // The client's other entries, named as its links name them (a cdn beside the load balancer).
            var alsoTo: [String] = []
            for index in entries.indices where index != deepest {
                let name = facts.writtenName(of: entries[index]) ?? Prose.name(graph.name(of: entries[index].to))
                if !alsoTo.contains(name) { alsoTo.append(name) }
            }
            if !alsoTo.isEmpty { sentences.append("Requests from \(self.client) also go to \(Prose.some(alsoTo, limit: 4)).") }
            if !declared.isEmpty { sentences.append("Requests " + Prose.some(declared, limit: 4) + ".") }
            if !unlinked.isEmpty { sentences.append("Nothing links \(Prose.some(unlinked, limit: 4)) to the site yet.") }
            if !entered.isEmpty { sentences.append("Requests also enter at \(Prose.some(entered, limit: 6)).") }
            otherClients = sentences.isEmpty ? nil : sentences.joined(separator: " ")
        }
    }

    /// Where the load balancer's other backends send what they receive, as a
    /// sentence: "A request sent to the other backend goes through nginx-02 → app-02
    /// → db-01 and db-02."; a backend that links nowhere answers it itself.
    static func otherBackends(_ routes: [String]) -> String? {
        guard let first = routes.first else { return nil }
        let answered = !routes.contains { $0.contains(" → ") }
        if routes.count == 1 {
            return answered ? "A request sent to the other backend, \(first), is answered there."
                : "A request sent to the other backend goes through \(first)."
        }
        if answered { return "Requests sent to the other backends, \(Prose.some(routes, limit: 6)), are answered there." }
        return routesText(routes).map { "Requests sent to the other backends go through \($0)." }
    }

    /// "nginx-02 → app-02 → db-01 or web-03 → …". A route is a chain with lists in it:
    /// past four, "or 7 more" would read as one more target of the last route, so the
    /// routes are set apart.
    /// Routes that end on lists of their own ("app-b → sessions and mailer") are set
    /// apart by semicolons, so that no "or" reads as one more item of a list.
    static func routesText(_ routes: [String]) -> String? {
        guard let last = routes.last else { return nil }
        if routes.count > 4 {
            return routes.prefix(4).joined(separator: "; ") + "; and the routes of \(routes.count - 4) more backends"
        }
        let holdLists = routes.contains { $0.contains(" and ") || $0.contains(", ") || $0.contains(" or ") }
        guard holdLists, routes.count > 1 else { return listed(routes, conjunction: "or") }
        return routes.dropLast().joined(separator: "; ") + "; or " + last
    }

    /// Follows a request through the graph and writes each step.
    struct Walker {
        let facts: ExplainFacts
        var steps: [Path.Step] = []
        var visited = Set<Int>()
        /// The names the response passes back through, client first.
        var chain: [String] = []
        var alternatives: [String] = []

        var graph: TrafficGraph { facts.graph }
        var design: Design { facts.design }

        mutating func add(_ title: String, _ text: String) {
            steps.append(Path.Step(number: steps.count + 1, title: title, text: text))
        }

        mutating func lookup(_ edge: TrafficGraph.Edge, client: Int) {
            guard let dns = graph.element(of: edge.to) ?? graph.servingElements(of: edge.to).first,
                  visited.insert(dns.index).inserted else { return }
            var text = "\(Prose.named(dns)) turns the site's name into its address"
            if let record = dns.records.first {
                text += ", from its zone: `\(record.replacingOccurrences(of: "`", with: "'"))`"
            }
            // A record (a CNAME, say) and a dns behind it: both are part of the answer.
            if let next = (design.linksFrom[.element(dns.index)] ?? []).map({ design.links[$0] })
                        .first(where: { design.members(of: $0.to).allSatisfy { design.elements[$0].kind == .dns } }) {
                text += "; it asks \(Prose.name(next.toName)) in turn"
            }
            if dns.instances > 1 { text += "; \(Prose.count(dns.instances)) name servers answer, so one can fail unnoticed" }
            add("DNS lookup", text + ".")
        }

        /// How deep a request goes from a node (the path with the application and its
        /// data is the one worth showing, not a CDN's static files).
        func depth(from start: Int) -> Int {
            var node: Int? = start
            var seen = Set<Int>()
            var length = 0
            while let current = node, seen.insert(current).inserted, length < 20 {
                length += 1
                node = graph.requestEdges(from: representative(current)?.index ?? current).first { !graph.isDatastore($0.to) }?.to
            }
            return length
        }

        /// The element that stands for a node: a cluster's first member, a server's entry.
        func representative(_ node: Int) -> Element? {
            if case .cluster(let cluster) = graph.node(node) {
                return graph.memberNodes(ofCluster: cluster).first.flatMap { graph.servingElements(of: $0).first }
            }
            return graph.element(of: node) ?? graph.servingElements(of: node).first
        }

        mutating func follow(_ entry: TrafficGraph.Edge, client: Int) {
            chain = [Prose.name(graph.name(of: client))]
            var current: TrafficGraph.Edge? = entry
            var picker: Int?
            while let edge = current, steps.count < 14, let element = representative(edge.to), visited.insert(element.index).inserted {
                let link = edge.links.first.map { design.links[$0] }
                let targets = Array(graph.requestEdges(from: element.index))
                // The choice worth following up is between backends that differ; a
                // cluster's members stand for one, and the step names them.
                if element.kind.forwardsToOne, targets.filter({ !graph.isCluster($0.to) }).count > 1, picker == nil {
                    picker = element.index
                }
                chain.append(step(element, node: edge.to, link: link, targets: targets, kinds: edge.kinds))
                let onward = targets.first { !graph.isDatastore($0.to) }
                if onward == nil {
                    // Datastores end the path, each with its step; the response comes back
                    // from the database that takes writes, else the first one.
                    var data: [(element: Element, name: String)] = []
                    // A load balancer or a firewall sends each request to one of them: follow the first.
                    let stores = targets.filter { graph.isDatastore($0.to) }
                    for target in element.kind.forwardsToOne ? Array(stores.prefix(1)) : stores {
                        for store in graph.servingElements(of: target.to).prefix(graph.isCluster(target.to) ? 1 : Int.max)
                        where visited.insert(store.index).inserted {
                            let name = step(store, node: target.to, link: target.links.first.map { design.links[$0] }, targets: [],
                                            kinds: target.kinds)
                            data.append((store, name))
                        }
                    }
                    if let answer = data.first(where: { $0.element.kind == .database && $0.element.role != .replica }) ?? data.first {
                        chain.append(answer.name)
                    }
                    break
                }
                current = onward
            }
            if let picker {
                for edge in graph.requestEdges(from: picker) {
                    for start in graph.nodesStandingFor(edge.to) {
                        guard let element = representative(start), !visited.contains(element.index) else { continue }
                        alternatives.append(route(from: start))
                    }
                }
            }
        }

        /// `nginx-02 → app-02 → db-01 or db-02`: where a request goes from a node; the
        /// data at the end link by link, as the path's steps say it (one link to a
        /// cluster is any member, two links are both).
        func route(from start: Int) -> String {
            var names: [String] = []
            var node: Int? = start
            var seen = Set<Int>()
            while let current = node, names.count < 8, let element = representative(current), seen.insert(element.index).inserted {
                names.append(Prose.name(element.id))
                let targets = graph.requestEdges(from: element.index)
                let onward = targets.filter { !graph.isDatastore($0.to) }
                // A load balancer, firewall or CDN passes each request to one target: the
                // route follows the first. Anything else needs every target: with data
                // beside what it calls, or several calls, the route ends on all of them.
                let forwards = [.loadBalancer, .firewall, .cdn].contains(element.kind)
                if forwards || onward.count == targets.count && onward.count <= 1 {
                    node = onward.first?.to
                    if node != nil { continue }
                } else {
                    node = nil
                }
                var links: [[Int]] = []
                for edge in targets where graph.isDatastore(edge.to) {
                    // With nothing failed: an active-passive cluster's standby is not on the route.
                    let serving = ExplainFacts.servingNow(of: edge.to, graph: graph).map(\.index)
                    for group in graph.isCluster(edge.to) ? [serving] : serving.map({ [$0] })
                    where !group.isEmpty && !links.contains(group) {
                        links.append(group)
                    }
                }
                var ends: [String]
                if forwards || onward.isEmpty {
                    ends = links.isEmpty ? [] : [ExplainModel.Replication.sources(links, in: design)]
                } else {
                    // Each data link, then each call: "sessions, either db-1 or db-2 and mailer".
                    ends = links.map { ExplainModel.Replication.alternatives($0, in: design) }
                    for edge in onward {
                        let name = facts.writtenName(of: edge) ?? Prose.name(graph.name(of: edge.to))
                        if !ends.contains(name) { ends.append(name) }
                    }
                }
                if !ends.isEmpty { names.append(listed(ends)) }
            }
            return names.joined(separator: " → ")
        }

        /// What an element does with the data: "reads from db-02 and writes to db-01",
        /// with nothing failed (a standby serves no reads).
        func dataUse(_ element: Element) -> String? {
            let reads = facts.activeReadsFrom[element.index] ?? []
            let writes = facts.writesTo[element.index] ?? []
            func names(_ list: [Int]) -> String { listed(list.map { Prose.name(design.elements[$0].id) }) }
            var parts: [String] = []
            if !reads.isEmpty, Set(reads) == Set(writes) {
                parts.append("reads and writes \(names(reads))")
            } else {
                // Link by link: one link to a cluster is "db-01 or db-02", two links are both needed.
                if !reads.isEmpty { parts.append("reads from \(ExplainModel.Replication.sources(facts.readLinks(of: element.index), in: design))") }
                if !writes.isEmpty { parts.append("writes to \(names(writes))") }
            }
            let misdirected = facts.replicasWritten(by: element.index)
            if !misdirected.isEmpty { parts.append("sends writes to \(names(misdirected)), a replica, which cannot take them (see the issues)") }
            let others = graph.requestEdges(from: element.index).flatMap { graph.servingElements(of: $0.to) }
                .filter { $0.kind.isDatastore && $0.kind != .database }
            if !others.isEmpty { parts.append("uses \(Prose.names(others))") }
            return parts.isEmpty ? nil : listed(parts)
        }

        /// Writes an element's step; returns the name the response passes back through.
        @discardableResult
        mutating func step(_ element: Element, node: Int, link: Link?, targets: [TrafficGraph.Edge], kinds: RequestKinds) -> String {
            let via = link.map { " \(Prose.via($0))" } ?? ""
            let host = element.isHost ? "" : " on \(Prose.name(design.elements[element.host].id))"
            var subject = Prose.named(element) + host
            var short = Prose.name(element.id)
            var inCluster = false
            if case .cluster(let cluster) = graph.node(node) {
                // Named as the design names it, with what stands behind it: an
                // active-passive cluster serves from one member while the rest stand by.
                let served = graph.servingElements(of: node)
                let name = Prose.name(design.clusters[cluster].id)
                subject = "\(name) (\(Prose.names(served, conjunction: "or")))"
                if design.clusters[cluster].mode == .activePassive, design.clusters[cluster].members.count >= 2,
                   let serving = graph.servingMember(ofCluster: cluster) {
                    let now = graph.servingElements(of: serving.node)
                    let standing = served.filter { element in !now.contains { $0.index == element.index } }
                    if !now.isEmpty, !standing.isEmpty {
                        subject = "\(name) (\(Prose.names(now)), with \(Prose.names(standing)) standing by)"
                    }
                }
                short = Prose.name(design.clusters[cluster].id)
                inCluster = true
            }
            let next = targets.map { edge -> String in
                if case .cluster(let cluster) = graph.node(edge.to) { return Prose.name(design.clusters[cluster].id) }
                return facts.writtenName(of: edge) ?? listed(graph.servingElements(of: edge.to).map { Prose.name($0.id) })
            }
            let onward = next.isEmpty ? nil : listed(next, conjunction: element.needsAnyTarget ? "or" : "and")
            // What a web server or a cache passes on: not the data it uses itself.
            let passedOn = zip(targets, next).filter { !graph.isDatastore($0.0.to) }.map(\.1)
            let rest = passedOn.isEmpty ? nil : listed(passedOn)
            switch element.kind {
            case .loadBalancer:
                // Each request goes to one backend, health checks or not.
                // With one backend (a cluster's members and an element's instances count) the
                // algorithm chooses nothing: it is not named.
                let choices = targets.reduce(0) { total, edge in
                    total + max(1, graph.servingElements(of: edge.to).reduce(0) { $0 + max(1, $1.instances) })
                }
                let algorithm = choices > 1 ? " by \(Balancer.algorithmName(element.algorithm))" : ""
                let how = next.isEmpty ? "" : " and passes it to \(listed(next, conjunction: "or"))\(algorithm)"
                add("Load balancer", "\(subject) receives the request\(via)\(how).")
            case .firewall:
                add("Firewall", "\(subject) receives it\(via), checks it against its rules\(onward.map { " and passes it to \($0)" } ?? "").")
            case .cdn:
                add("CDN", "\(subject) receives it\(via) and answers from its copies when it can\(onward.map { ", asking \($0) otherwise" } ?? "").")
            case .webServer:
                var text = "\(subject) receives it\(via)"
                text += rest.map { "; it serves static files itself and passes the rest to \($0)" } ?? " and serves it"
                if let data = dataUse(element) { text += "; it \(data)" }
                add("Web server", text + ".")
            case .appServer, .service:
                // How it arrives matters when it crosses machines, not from a web server beside it.
                let sameHost = link.map { design.members(of: $0.from).allSatisfy { design.elements[$0].host == element.host } } ?? true
                var text = sameHost ? "\(subject) runs the application's code for it" : "\(subject) receives it\(via) and runs the application's code for it"
                if let data = dataUse(element) { text += "; it \(data)" }
                let calls = targets.filter { !graph.isDatastore($0.to) && $0.to != node }
                if !calls.isEmpty {
                    text += "; it calls \(listed(calls.map { graph.name(of: $0.to) }.map(Prose.name)))"
                }
                add(element.kind == .service ? "Service" : "Application", text + ".")
            case .database:
                var role = ""
                if !inCluster {
                    switch element.role {
                    case .primary: role = ", the primary,"
                    case .replica: role = ", a replica,"
                    case .standalone: role = ""
                    }
                }
                if !kinds.contains(.read), element.role == .replica {
                    add("Database", "\(subject)\(role) receives writes\(via) that it cannot take (see the issues).")
                } else {
                    let what = kinds.contains(.write) ? "queries" : "reads"
                    add("Database", "\(subject)\(role) runs the \(what) sent\(via) and returns the rows.")
                }
            case .cache:
                add("Cache", "\(subject) receives it\(via) and answers from memory when it can\(rest.map { ", passing the rest to \($0)" } ?? "").")
            case .queue:
                add("Queue", "\(subject) takes the job\(via) and keeps it until a worker picks it up.")
            case .storage:
                add("Storage", "\(subject) returns the stored file\(via).")
            default:
                add(element.kind.noun.capitalized, "\(subject) handles it\(via)\(onward.map { " and passes it to \($0)" } ?? "").")
            }
            return short
        }
    }
}
