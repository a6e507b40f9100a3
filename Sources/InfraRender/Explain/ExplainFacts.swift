import InfraAnalysis
import InfraCore
import InfraRules

/// The facts the explanation is written from, computed once from the model, the
/// traffic graph and the failure model: who writes where and reads where, what a
/// load balancer really sends requests to, what survives a database's failure.
/// Sections read the same fact when they speak of the same thing.
struct ExplainFacts {
    let design: Design
    let graph: TrafficGraph
    let model: FailureModel

    /// The databases that take each source's writes (replicas aside) and serve its
    /// reads, by traffic-graph node: an element, a cluster whose members send
    /// together, or a client. Forwarders (load balancers, firewalls) are not sources:
    /// they pass requests on.
    private(set) var writesTo: [Int: [Int]] = [:]
    private(set) var readsFrom: [Int: [Int]] = [:]
    /// The databases that serve each source's reads with nothing failed: an
    /// active-passive cluster's standby is not among them until it takes over.
    private(set) var activeReadsFrom: [Int: [Int]] = [:]
    /// Each source's reads link by link, with nothing failed: the databases one link
    /// reaches are alternatives (an active-active cluster's members: any one
    /// serves; an active-passive cluster's serving member alone), while the source
    /// needs every link (LANGUAGE.md, "What the links mean").
    private var readLinks: [Int: [[Int]]] = [:]
    /// The same, by database: the sources that write to it, that read from it.
    private var writersOf: [Int: [Int]] = [:]
    private var readersOf: [Int: [Int]] = [:]
    /// Sources that send writes straight to a replica (DES005's business), by replica.
    private(set) var writesToReplica: [Int: [Int]] = [:]
    /// By database: the sources whose reads it serves with nothing failed. A standby
    /// of an active-passive cluster (not the member it serves from) is not among
    /// them: the cluster's reads go to the serving member until it fails.
    private var activeReadersOf: [Int: [Int]] = [:]
    /// The elements client requests reach, as DES001 counts them.
    let reached: Marks
    /// By request kind: the clients served with nothing failed, and the clients each
    /// element's failure alone stops (from the failure sets, so in linear time).
    private var served: [[Int]] = [[], []]
    private var stoppedBy: [[Int: [Int]]] = [[:], [:]]
    /// The load balancers whose backends run on each host.
    private var balancersOfHost: [Int: Set<Int>] = [:]

    init(model: FailureModel) {
        self.model = model
        graph = model.graph
        design = model.design
        reached = UnreachableElementRule.reachedElements(model.graph)
        for client in graph.clients {
            for kind in RequestKind.allCases {
                let set = model.failures(of: client, kind)
                guard set.isServed else { continue }
                served[kind.rawValue].append(client)
                for unit in set.elements { stoppedBy[kind.rawValue][unit, default: []].append(client) }
            }
        }
        for balancer in design.elements where balancer.kind == .loadBalancer {
            for backend in backends(of: balancer) { balancersOfHost[backend.element.host, default: []].insert(balancer.index) }
        }
        for edge in graph.edges where edge.role == .request {
            // Clients (declared or not) count: a client that queries a database directly uses it.
            if let source = graph.elements(of: edge.from).first.map({ design.elements[$0] }), source.kind.forwardsToOne { continue }
            let databases = graph.servingElements(of: edge.to).filter { $0.kind == .database }
            guard !databases.isEmpty else { continue }
            if edge.kinds.contains(.write) {
                for database in databases where database.role != .replica {
                    Self.add(database.index, to: &writesTo, for: edge.from)
                    Self.add(edge.from, to: &writersOf, for: database.index)
                }
                if !graph.isCluster(edge.to) {
                    for database in databases where database.role == .replica { Self.add(edge.from, to: &writesToReplica, for: database.index) }
                }
            }
            if edge.kinds.contains(.read) {
                let serving = Set(Self.servingDatabases(of: edge.to, graph: graph).map(\.index))
                for database in databases where serving.contains(database.index) {
                    Self.add(edge.from, to: &activeReadersOf, for: database.index)
                    Self.add(database.index, to: &activeReadsFrom, for: edge.from)
                }
                let alternatives = databases.map(\.index).filter(serving.contains)
                if readLinks[edge.from]?.contains(alternatives) != true { readLinks[edge.from, default: []].append(alternatives) }
                for database in databases {
                    Self.add(database.index, to: &readsFrom, for: edge.from)
                    Self.add(edge.from, to: &readersOf, for: database.index)
                }
            }
        }
    }

    /// What serves a node's requests with nothing failed: an active-passive
    /// cluster's serving member only (the one that takes writes, else the first,
    /// as the load flow sends them), any other node's all.
    static func servingNow(of node: Int, graph: TrafficGraph) -> [Element] {
        if case .cluster(let cluster) = graph.node(node), graph.design.clusters[cluster].mode == .activePassive,
           graph.design.clusters[cluster].members.count >= 2, let serving = graph.servingMember(ofCluster: cluster) {
            return graph.servingElements(of: serving.node)
        }
        return graph.servingElements(of: node)
    }

    private static func servingDatabases(of node: Int, graph: TrafficGraph) -> [Element] {
        servingNow(of: node, graph: graph).filter { $0.kind == .database }
    }

    /// The sources whose reads a database serves with nothing failed (not those it
    /// would serve as a standby once it takes over), in declaration order.
    func activeReaders(of database: Int) -> [Int] {
        (activeReadersOf[database] ?? []).sorted()
    }

    /// The active-passive cluster a database stands by in, when it is not the member
    /// that cluster serves from.
    func standbyCluster(of database: Int) -> Cluster? {
        let element = design.elements[database]
        guard let index = design.cluster(of: element) ?? design.cluster(of: design.elements[element.host]) else { return nil }
        let cluster = design.clusters[index]
        guard cluster.mode == .activePassive, cluster.members.count >= 2 else { return nil }
        let serving = Self.servingDatabases(of: graph.clusterNode(index), graph: graph)
        return serving.contains { $0.index == database } ? nil : cluster
    }

    private static func add(_ value: Int, to table: inout [Int: [Int]], for key: Int) {
        if table[key]?.contains(value) != true { table[key, default: []].append(value) }
    }

    /// The sources (graph nodes) that write to a database, in declaration order.
    func writers(of database: Int) -> [Int] {
        (writersOf[database] ?? []).sorted()
    }

    /// The sources that read from any of these databases, with where each reads.
    /// The sources that read from any of these databases, each with its read links
    /// into them: the databases of one link are alternatives, and every link is needed.
    func readLinks(into databases: Set<Int>) -> [(reader: Int, links: [[Int]])] {
        var readers = Set<Int>()
        for database in databases { readers.formUnion(readersOf[database] ?? []) }
        return readers.sorted().compactMap { reader in
            let links = (readLinks[reader] ?? []).map { $0.filter(databases.contains) }.filter { !$0.isEmpty }
            return links.isEmpty ? nil : (reader, links)
        }
    }

    /// One source's read links, each with the databases that can answer it.
    func readLinks(of reader: Int) -> [[Int]] { readLinks[reader] ?? [] }

    func readers(of databases: Set<Int>) -> [(reader: Int, databases: [Int])] {
        var readers = Set<Int>()
        for database in databases { readers.formUnion(readersOf[database] ?? []) }
        return readers.sorted().compactMap { reader in
            let here = (readsFrom[reader] ?? []).filter(databases.contains)
            return here.isEmpty ? nil : (reader, here)
        }
    }

    /// The replicas a source sends writes to (DES005's business).
    func replicasWritten(by source: Int) -> [Int] {
        writesToReplica.filter { $0.value.contains(source) }.map(\.key).sorted()
    }

    /// A source as prose names it: an element, or a cluster.
    func sourceName(_ node: Int) -> String {
        Prose.name(graph.name(of: node))
    }

    /// What an edge's links name as their target, when they agree: a server as
    /// written, not the entry its requests arrive at.
    func writtenName(of edge: TrafficGraph.Edge) -> String? {
        graph.writtenTarget(of: edge).map { Prose.name(design.name(of: $0)) }
    }

    /// What an edge's links name as their sources: a cluster (front-lbs), not the
    /// member the edge leaves from; a server, not its entry. A resolution edge's
    /// source is the client that looked the name up.
    func writtenSources(of edge: TrafficGraph.Edge) -> [String] {
        guard edge.lookupLink == nil, !edge.links.isEmpty else { return [sourceName(edge.from)] }
        return edge.links.map { Prose.name(design.links[$0].fromName) }
    }

    /// The clients that complete this kind of request with nothing failed.
    func clientsServed(_ kind: RequestKind) -> [Int] { served[kind.rawValue] }

    /// The clients whose requests of this kind one element's failure alone stops.
    func clientsStopped(by unit: Int, _ kind: RequestKind) -> [Int] { stoppedBy[kind.rawValue][unit] ?? [] }

    /// Whether one element's failure alone stops a node's requests of a kind.
    func stops(_ unit: Int, _ node: Int, _ kind: RequestKind) -> Bool {
        let set = model.failures(of: node, kind)
        return set.isServed && set.contains(unit)
    }

    /// Whether a node serves a kind of request with nothing failed.
    func serves(_ node: Int, _ kind: RequestKind) -> Bool {
        model.failures(of: node, kind).isServed
    }

    /// What a load balancer (or every member of its cluster) sends requests to: the
    /// targets as written, a cluster standing for its members; lookups and
    /// monitoring are not backends.
    func backends(of balancer: Element) -> [(element: Element, link: Link)] {
        // A balancer that is its server's entry sends what the server's links name.
        let links = design.endpoints(standingFor: balancer).flatMap { design.linksFrom[$0] ?? [] }
        var found: [(Element, Link)] = []
        for index in links.sorted() {
            let link = design.links[index]
            for member in design.members(of: link.to) {
                let element = design.elements[member]
                guard element.kind != .dns, !element.kind.isMonitoring, !found.contains(where: { $0.0.index == member }) else { continue }
                found.append((element, link))
            }
        }
        return found
    }

    /// What a load balancer shares requests between, as every section says it: its
    /// backends, or, when each is a firewall in front of one element, those elements
    /// with the firewalls apart; and their plural noun when they are of one kind.
    func balanced(_ backends: [Element]) -> (elements: [Element], noun: String?, firewalls: [Element]?) {
        let behind = behindFirewalls(backends)
        let elements = behind ?? backends
        let noun = Set(elements.map(\.kind)).count == 1 ? elements.first.map { ExplainModel.Shape.plural($0.kind.noun) } : nil
        return (elements, noun, behind == nil ? nil : backends)
    }

    /// Backends that are each a firewall in front of one element stand for those
    /// elements (haproxy → fw2 → server1, fw3 → server2: the servers are what it
    /// balances); nil unless every backend is such a firewall, each before another.
    private func behindFirewalls(_ backends: [Element]) -> [Element]? {
        guard backends.count >= 2, backends.allSatisfy({ $0.kind == .firewall }) else { return nil }
        var targets: [Element] = []
        for firewall in backends {
            let links = (design.linksFrom[.element(firewall.index)] ?? []).map { design.links[$0] }
                .filter { !design.members(of: $0.to).contains { design.elements[$0].kind.isMonitoring } }
            guard links.count == 1, case .element(let target) = links[0].to, !targets.contains(where: { $0.index == target })
            else { return nil }
            targets.append(design.elements[target])
        }
        return targets
    }

    /// Whether one load balancer shares requests between all these hosts: each of them,
    /// or something it runs, is among its backends. Only then do alike servers add
    /// capacity together and let one be taken out while the others serve.
    func balancedTogether(_ hosts: [Element]) -> Bool {
        guard hosts.count > 1, var common = balancersOfHost[hosts[0].index] else { return false }
        for host in hosts.dropFirst() { common.formIntersection(balancersOfHost[host.index] ?? []) }
        return !common.isEmpty
    }

    /// Whether these hosts have a sender of requests in common (a balancer, a tier,
    /// the clients): only then are they one tier of several instead of one. Two
    /// unrelated servers that each take their own clients are not.
    func shareASender(_ hosts: [Element]) -> Bool {
        func senders(_ host: Element) -> Set<Int> {
            let nodes = Set([host.index] + host.children)
            var found = Set<Int>()
            for node in nodes {
                for index in graph.incoming[node] where graph.edges[index].role == .request && !nodes.contains(graph.edges[index].from) {
                    found.insert(graph.edges[index].from)
                }
            }
            return found
        }
        guard let first = hosts.first else { return true }
        var common = senders(first)
        for host in hosts.dropFirst() { common.formIntersection(senders(host)) }
        return !common.isEmpty
    }

    /// A backend's capacity: its own, or its entry's for a server.
    func capacity(of element: Element) -> Double? {
        element.capacity ?? design.entry(of: element.index).flatMap { design.elements[$0].capacity }
    }
}

/// Sentences about a design: names escaped for markdown, lists in prose, an article
/// that agrees with its noun. Nothing here returns an empty phrase.
enum Prose {
    /// A name as prose shows it.
    static func name(_ text: String) -> String { MarkdownText.escape(text) }

    static func names(_ elements: [Element], conjunction: String = "and") -> String {
        listed(elements.map { name($0.id) }, conjunction: conjunction)
    }

    /// Up to `limit` names, then "and N more".
    static func some(_ names: [String], limit: Int = 6, conjunction: String = "and") -> String {
        listed(names, conjunction: conjunction, limit: limit)
    }

    /// "two", "three" … for small counts; digits after ten.
    static func count(_ number: Int) -> String {
        let words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        return number >= 0 && number < words.count ? words[number] : String(number)
    }

    /// "over HTTPS", "over HTTP on port 80 (unencrypted)", "over MySQL on port 3306 (unencrypted)".
    static func via(_ link: Link) -> String {
        var text = "over \(Software.protocolName(link.protocolName ?? "tcp"))"
        if let port = link.port { text += " on port \(port)" }
        if link.isPlaintext { text += " (unencrypted)" }
        return text
    }

    /// Software as prose spells it, after a name: "lb-01 (HAProxy)".
    static func named(_ element: Element) -> String {
        element.software.map { "\(name(element.id)) (\(MarkdownText.escape(Software.display($0))))" } ?? name(element.id)
    }
}
