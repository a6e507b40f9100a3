import InfraAnalysis
import InfraCore
import InfraRules

/// What the explanation's templates read: the design's facts, computed from the
/// model, the traffic graph and the failure model. Every value is a stored
/// property (Mustache reads them by reflection); the prose is in the templates.
/// A section whose value is nil does not apply and is left out.
public struct ExplainModel: Encodable {
    public var title: String
    public var description: String?
    public var file: String
    public var overview: Overview
    public var elements: [ElementEntry]
    public var balancing: Balancing?
    public var modes: Modes?
    public var databases: Databases?
    public var issues: Issues
    public var diagram: DiagramEntry

    // MARK: Parts

    /// A named thing, for the templates: `name` is escaped by the template, `code`
    /// is a ready code span.
    public struct Name: Encodable {
        public var name: String
        public var code: String

        init(_ name: String) {
            self.name = name
            code = MarkdownText.code(name)
        }
    }

    /// How a request reaches a step: protocol, port, encryption.
    public struct Via: Encodable {
        public var from: String
        public var protocolName: String
        public var port: String?
        public var encrypted: Bool
        public var plaintext: Bool
    }

    /// One step of a request's path.
    public struct Step: Encodable {
        public var number: Int
        public var element: Name
        public var software: String?
        public var host: String?
        public var cluster: ClusterInfo?
        public var via: Via?
        public var targets: String?
        public var targetCount: Int
        public var manyTargets: Bool
        public var algorithm: String?
        public var records: String?
        public var instances: Int?
        public var reads: String?
        public var writes: String?
        /// Set instead of `reads` and `writes` when they are the same.
        public var readsAndWrites: String?
        public var kind: KindFlags
    }

    /// What an element is, for a template to choose its words:
    /// `{{#kind}}{{#isDNS}}…{{/isDNS}}{{/kind}}`. One flag per kind of element,
    /// with a database's role and whether a firewall guards one host only.
    public struct KindFlags: Encodable {
        public var isClient = false, isDNS = false, isCDN = false, isFirewall = false, isHostFirewall = false
        public var isLoadBalancer = false, isServer = false, isWebServer = false, isAppServer = false, isService = false
        public var isDatabase = false, isPrimary = false, isReplica = false, isStandalone = false
        public var isCache = false, isQueue = false, isStorage = false, isMonitor = false, isAgent = false

        init(_ kind: ElementKind, role: DatabaseRole = .standalone, guardsOneHost: Bool = false) {
            switch kind {
            case .client: isClient = true
            case .dns: isDNS = true
            case .cdn: isCDN = true
            case .firewall: if guardsOneHost { isHostFirewall = true } else { isFirewall = true }
            case .loadBalancer: isLoadBalancer = true
            case .server: isServer = true
            case .webServer: isWebServer = true
            case .appServer: isAppServer = true
            case .service: isService = true
            case .database:
                isDatabase = true
                isPrimary = role == .primary
                isReplica = role == .replica
                isStandalone = role == .standalone
            case .cache: isCache = true
            case .queue: isQueue = true
            case .storage: isStorage = true
            case .monitor: isMonitor = true
            case .agent: isAgent = true
            }
        }

        init(_ element: Element) {
            self.init(element.kind, role: element.role, guardsOneHost: element.kind == .firewall && element.container != nil)
        }
    }

    public struct ClusterInfo: Encodable {
        public var name: String
        public var members: String
        public var mode: String
        public var activePassive: Bool
        public var automatic: Bool
        public var vip: String?
    }

    public struct Overview: Encodable {
        public var clients: String
        public var noDeclaredClient: Bool
        public var steps: [Step]
        public var stepCount: Int
        public var responseNumber: Int
        public var response: String
        /// Where the requests the first steps do not follow go instead.
        public var alternatives: String?
        /// The client's other entry points, each with its path (a CDN for static files, say).
        public var otherEntries: String?
    }

    /// One element and why it is there.
    public struct ElementEntry: Encodable {
        public var element: Name
        public var kind: KindFlags
        public var software: String?
        public var label: String?
        public var description: String?
        public var host: String?
        public var network: String?
        public var untrusted: Bool
        public var cluster: String?
        public var instances: Int?
        public var targets: String?
        public var components: String?
        public var reportsTo: String?
        public var watches: String?
        public var replicates: String?
        public var records: String?
        public var ownFirewall: Bool
        public var tlsTerminate: Bool
        public var tlsPassthrough: Bool
    }

    /// One request in a simulated sequence.
    public struct Assignment: Encodable {
        public var request: Int
        public var backend: String
        public var client: String?
    }

    /// A load balancer (or a cluster of them) and its algorithm at work.
    public struct Balancer: Encodable {
        public var element: Name
        public var members: String?
        public var software: String?
        public var algorithm: String
        public var backends: String
        public var backendCount: Int
        public var weights: String?
        public var assignments: [Assignment]
        public var healthCheck: Bool
        public var isRoundRobin = false, isWeightedRoundRobin = false, isLeastConnections = false
        public var isIPHash = false, isRandom = false
    }

    public struct Balancing: Encodable {
        public var balancers: [Balancer]
        public var requestCount: Int
    }

    /// A redundancy arrangement: a load balancer's backends, or a cluster.
    public struct Arrangement: Encodable {
        public var subject: String
        public var members: String
        public var memberCount: Int
        public var two: Bool
        public var activeActive: Bool
        public var activePassive: Bool
        public var automatic: Bool
        public var manual: Bool
        public var vip: String?
        public var viaBalancer: Bool
    }

    public struct Modes: Encodable {
        public var arrangements: [Arrangement]
        public var overall: String
        public var activeActive: Bool
        public var activePassive: Bool
        /// Elements nothing backs up, named for the reader.
        public var unbacked: String?
        public var unbackedOne: Bool
        /// Lone primaries whose replicas hold the data but that nothing promotes.
        public var copiedOnly: [Standby]
    }

    /// A primary outside any cluster, and the replicas that could stand in for it.
    public struct Standby: Encodable {
        public var primary: String
        public var replicas: String
        public var one: Bool
    }

    /// A primary and its replicas, seen from the application.
    public struct Replication: Encodable {
        public var primary: Name
        public var primaryHost: String?
        public var replicas: String?
        public var replicaCount: Int
        public var manyReplicas: Bool
        public var modes: String
        public var isAsync: Bool
        public var isSemiSync: Bool
        public var isSync: Bool
        public var writers: String?
        public var manyWriters: Bool
        public var readers: [ReadRoute]
        public var inCluster: String?
        public var automatic: Bool
        public var manual: Bool
        public var failure: Failure
    }

    public struct ReadRoute: Encodable {
        public var reader: String
        public var databases: String
    }

    /// What happens when the primary fails, from the failure model.
    public struct Failure: Encodable {
        public var readsSurvive: Bool
        public var writesSurvive: Bool
        public var promoted: String?
        public var automatic: Bool
        public var lostWrites: Bool
    }

    public struct Databases: Encodable {
        public var replications: [Replication]
        public var standalone: String?
        public var manyStandalone: Bool
    }

    public struct Issue: Encodable {
        public var code: String
        public var name: String
        public var severity: String
        public var subject: String?
        public var message: String
        /// The rule's rationale, on the first finding of each rule in a group only.
        public var why: String?
        public var fix: String?
        public var place: String
    }

    public struct IssueGroup: Encodable {
        public var title: String
        public var issues: [Issue]
        public var count: Int
        public var isAvailability = false, isSecurity = false, isMonitoring = false, isOther = false
        public var firewallConcept = false
        public var httpsConcept = false
    }

    /// What to watch on one kind of element, naming this design's elements.
    public struct Watch: Encodable {
        public var kind: KindFlags
        public var elements: String
    }

    /// A finding silenced on purpose, with its reason.
    public struct Accepted: Encodable {
        public var code: String
        public var subject: String?
        public var message: String
        public var reason: String?
    }

    public struct Issues: Encodable {
        public var accepted: [Accepted]
        public var groups: [IssueGroup]
        public var count: Int
        public var summary: String
        public var none: Bool
        public var watch: [Watch]
        public var monitors: String?
        public var manyMonitors: Bool
    }

    public struct DiagramEntry: Encodable {
        public var mermaid: String
        public var image: String?
    }

    /// The file's name as a code span.
    public var fileCode: String
}

extension ExplainModel {
    /// Builds the model of a design and its findings; suppressed findings are listed
    /// as accepted, with their reasons.
    public init(design: Design, findings: [Finding], suppressed: [Finding] = [], diagramPath: String? = nil) {
        let model = FailureModel(design: design)
        let graph = model.graph
        title = design.title
        description = design.description
        file = design.file.fileName
        fileCode = MarkdownText.code(file)
        overview = Self.overview(graph)
        elements = design.elements.map { Self.entry($0, design: design, graph: graph) }
        balancing = Self.balancing(design, graph: graph)
        modes = Self.modes(design, graph: graph)
        databases = Self.databases(design, model: model)
        issues = Self.issues(findings, design: design)
        issues.accepted = suppressed.map { finding in
            Accepted(code: finding.code, subject: finding.element, message: finding.message,
                     reason: finding.suppression.flatMap { $0.justification.isEmpty ? nil : $0.justification })
        }
        diagram = DiagramEntry(mermaid: MermaidRenderer.render(Diagram(design: design, findings: findings)), image: diagramPath)
    }

    // MARK: The request's path

    /// The element that stands for a node in prose: a cluster's first member, a
    /// server's entry, a black-box server's datastore; with the cluster it belongs to.
    static func representative(_ node: Int, graph: TrafficGraph) -> (element: Element, cluster: Int?)? {
        var node = node
        var cluster: Int?
        if case .cluster(let index) = graph.node(node) {
            cluster = index
            guard let first = graph.memberNodes(ofCluster: index).first else { return nil }
            node = first
        }
        guard let element = graph.servingElements(of: node).first else { return nil }
        let design = graph.design
        return (element, cluster ?? design.cluster(of: element))
    }

    /// How prose names a target: an element by its name, a cluster by its members
    /// (`web-01 or web-02 (web-tier)`), a server that stands for datastores by them.
    static func targetName(_ node: Int, graph: TrafficGraph, conjunction: String) -> String {
        switch graph.node(node) {
        case .cluster(let index):
            let members = graph.memberNodes(ofCluster: index).flatMap { graph.servingElements(of: $0).map(\.id) }
            // Any member of a cluster will do, whoever sends to it.
            return "\(listed(unique(members), conjunction: "or")) (\(graph.design.clusters[index].id))"
        default:
            return listed(graph.servingElements(of: node).map(\.id), conjunction: conjunction)
        }
    }

    /// How prose names a datastore target: a database cluster by the members that take
    /// that kind of request (`db-01 (mysql)` for writes, `db-01 or db-02 (mysql)` for
    /// reads), another cluster by its members, anything else by what serves it.
    static func dataName(_ node: Int, graph: TrafficGraph, writes: Bool) -> String {
        guard case .cluster(let index) = graph.node(node) else {
            return listed(graph.servingElements(of: node).filter { !writes || $0.role != .replica }.map(\.id))
        }
        let members = graph.memberNodes(ofCluster: index).flatMap { graph.servingElements(of: $0) }
        let chosen = writes ? members.filter { $0.role != .replica } : members
        return "\(listed(unique(chosen.map(\.id)), conjunction: "or")) (\(graph.design.clusters[index].id))"
    }

    /// How many concrete backends a node's targets stand for.
    static func backendCount(_ targets: [TrafficGraph.Edge], graph: TrafficGraph) -> Int {
        targets.reduce(0) { $0 + graph.nodesStandingFor($1.to).count }
    }

    static func overview(_ graph: TrafficGraph) -> Overview {
        let design = graph.design
        let client = graph.clients.first ?? 0
        var steps: [Step] = []
        var visited = Set<Int>()
        let edges = graph.edges(from: client)
        for edge in edges where edge.role == .lookup {
            guard let (element, cluster) = representative(edge.to, graph: graph), visited.insert(element.index).inserted else { continue }
            steps.append(step(element, cluster: cluster, graph: graph, number: steps.count + 1,
                              link: edge.links.first.map { design.links[$0] }))
        }
        var chain = [graph.name(of: client)]
        // Follow the entry whose path goes deepest (to the application and its data,
        // rather than a CDN's static files); the others are mentioned after.
        let entries = edges.filter { $0.role == .request }
        let depths = entries.map { path(from: $0.to, graph: graph).components(separatedBy: " → ").count }
        let deepest = depths.indices.max { depths[$0] < depths[$1] || (depths[$0] == depths[$1] && $0 > $1) }
        var current = deepest.map { entries[$0] }
        let otherEntries = entries.indices.filter { $0 != deepest }.map { path(from: entries[$0].to, graph: graph) }
        var picker: Int?
        while let edge = current, steps.count < 12, let (element, cluster) = representative(edge.to, graph: graph),
              visited.insert(element.index).inserted {
            steps.append(step(element, cluster: cluster, graph: graph, number: steps.count + 1,
                              link: edge.links.first.map { design.links[$0] }))
            chain.append(element.id)
            let targets = graph.requestEdges(from: element.index)
            // The load balancer's choice is the one worth following; else the first element that picks.
            if element.kind.forwardsToOne, backendCount(targets, graph: graph) > 1,
               picker == nil || (element.kind == .loadBalancer && graph.design.elements[picker ?? 0].kind != .loadBalancer) {
                picker = element.index
            }
            // Datastores end the path: each one behind them gets its step.
            if targets.allSatisfy({ graph.isDatastore($0.to) }) {
                for target in targets {
                    var cluster = graph.cluster(ofNode: target.to)
                    if case .cluster(let index) = graph.node(target.to) { cluster = index }
                    // A cluster of alike members is one step; a primary and its replicas differ.
                    var serving = graph.servingElements(of: target.to)
                    if cluster != nil, !serving.contains(where: { $0.role == .replica }) { serving = Array(serving.prefix(1)) }
                    for data in serving where visited.insert(data.index).inserted {
                        steps.append(step(data, cluster: cluster, graph: graph, number: steps.count + 1,
                                          link: target.links.first.map { design.links[$0] }))
                    }
                }
                // The response comes back from the database, else the first datastore.
                let data = steps.filter { $0.kind.isDatabase || $0.kind.isCache || $0.kind.isQueue || $0.kind.isStorage }
                if let answer = data.first(where: { $0.kind.isDatabase && !$0.kind.isReplica }) ?? data.first {
                    chain.append(answer.element.name)
                }
                break
            }
            current = targets.first { !graph.isDatastore($0.to) }
        }
        let response = unique(chain).reversed().joined(separator: " → ")
        // Where the requests the path does not follow go: the picker's other backends.
        var alternatives: [String] = []
        if let picker {
            let followed = Set(steps.map(\.element.name))
            for edge in graph.requestEdges(from: picker) {
                for start in graph.nodesStandingFor(edge.to) where !followed.contains(graph.name(of: start)) {
                    alternatives.append(path(from: start, graph: graph))
                }
            }
        }
        return Overview(
            clients: listed(graph.clients.map { graph.name(of: $0) }),
            noDeclaredClient: !design.elements.contains { $0.kind == .client },
            steps: steps, stepCount: steps.count, responseNumber: steps.count + 1, response: response,
            alternatives: alternatives.isEmpty ? nil : listed(alternatives, conjunction: "or"),
            otherEntries: otherEntries.isEmpty ? nil : listed(unique(otherEntries)))
    }

    /// `nginx-02 → app-tier → sessions and mysql`: a request's way from a node to the
    /// data, a cluster named as the cluster (any member will do).
    static func path(from start: Int, graph: TrafficGraph) -> String {
        var names: [String] = []
        var node: Int? = start
        var visited = Set<Int>()
        while let current = node, names.count < 8, let (element, _) = representative(current, graph: graph),
              visited.insert(element.index).inserted {
            names.append(current == start || graph.cluster(ofNode: current) == nil && !graph.isCluster(current) ? element.id : graph.name(of: current))
            let targets = graph.requestEdges(from: element.index)
            node = targets.first { !graph.isDatastore($0.to) }?.to
            if node == nil {
                let data = unique(targets.map { target in
                    graph.isCluster(target.to) ? graph.name(of: target.to) : listed(graph.servingElements(of: target.to).map(\.id))
                })
                if !data.isEmpty { names.append(listed(data)) }
            }
        }
        return names.joined(separator: " → ")
    }

    static func step(_ element: Element, cluster: Int?, graph: TrafficGraph, number: Int, link: Link?) -> Step {
        let design = graph.design
        let clusterInfo = cluster.map { index -> ClusterInfo in
            let item = design.clusters[index]
            return ClusterInfo(
                name: item.id, members: listed(item.members.map { design.elements[$0].id }), mode: item.mode.rawValue,
                activePassive: item.mode == .activePassive, automatic: item.failover == .automatic, vip: item.vip)
        }
        let targets = graph.requestEdges(from: element.index)
        let conjunction = element.kind.forwardsToOne ? "or" : "and"
        let count = backendCount(targets, graph: graph)
        var step = Step(
            number: number, element: Name(element.id), software: element.software.map(Software.display),
            host: element.isHost ? nil : design.elements[element.host].id,
            cluster: clusterInfo, via: link.map { via($0, from: $0.fromName) },
            targets: targets.isEmpty ? nil : listed(targets.map { targetName($0.to, graph: graph, conjunction: conjunction) }, conjunction: conjunction),
            targetCount: count, manyTargets: count > 1,
            algorithm: element.kind == .loadBalancer ? algorithmName(element.algorithm) : nil,
            records: element.records.isEmpty ? nil : element.records.map { "`\($0)`" }.joined(separator: ", "),
            instances: element.instances > 1 ? element.instances : nil, kind: KindFlags(element))
        let reads = unique(targets.filter { graph.isDatastore($0.to) && $0.kinds.contains(.read) }
            .map { dataName($0.to, graph: graph, writes: false) })
        let writes = unique(targets.filter { graph.isDatastore($0.to) && $0.kinds.contains(.write) }
            .map { dataName($0.to, graph: graph, writes: true) })
        if !reads.isEmpty, reads == writes {
            step.readsAndWrites = listed(reads)
        } else {
            step.reads = reads.isEmpty ? nil : listed(reads)
            step.writes = writes.isEmpty ? nil : listed(writes)
        }
        return step
    }

    static func via(_ link: Link, from: String) -> Via {
        Via(from: from, protocolName: Software.protocolName(link.protocolName ?? "tcp"), port: link.port.map(String.init),
            encrypted: link.isEncrypted, plaintext: link.isPlaintext)
    }

    static func algorithmName(_ algorithm: Algorithm) -> String {
        switch algorithm {
        case .roundRobin: return "round robin"
        case .weightedRoundRobin: return "weighted round robin"
        case .leastConnections: return "least connections"
        case .ipHash: return "IP hash"
        case .random: return "random choice"
        }
    }

    // MARK: Elements

    static func entry(_ element: Element, design: Design, graph: TrafficGraph) -> ElementEntry {
        let conjunction = "and"
        let edges = element.kind == .server ? [] : graph.edges(from: element.index)
        // Named as the design names them (a server, not its entry), clusters by their members.
        let targets = edges.map { edge -> String in
            if !graph.isCluster(edge.to), let link = edge.links.first { return design.links[link].toName }
            return targetName(edge.to, graph: graph, conjunction: conjunction)
        }
        return ElementEntry(
            element: Name(element.id), kind: KindFlags(element), software: element.software.map(Software.display), label: element.label,
            description: element.description,
            host: element.isHost ? nil : design.elements[element.host].id,
            network: element.network.map { design.networks[$0].id },
            untrusted: design.trust(of: element.index) == .untrusted,
            cluster: element.cluster.map { design.clusters[$0].id },
            instances: element.instances > 1 ? element.instances : nil,
            targets: targets.isEmpty ? nil : listed(unique(targets), conjunction: conjunction),
            components: element.children.isEmpty ? nil : listed(element.children.map { design.elements[$0].id }),
            reportsTo: element.kind == .agent ? design.destination(ofAgent: element).map(design.name) : nil,
            watches: element.watches.isEmpty ? nil : listed(element.watches.map(\.name)),
            replicates: element.replicates?.name,
            records: element.records.isEmpty ? nil : element.records.map { "`\($0)`" }.joined(separator: ", "),
            ownFirewall: element.isHost && design.hasOwnFirewall(host: element.index),
            tlsTerminate: element.tls == .terminate, tlsPassthrough: element.tls == .passthrough)
    }

    static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    // MARK: Load balancing

    public static let simulatedRequests = 8

    static func balancing(_ design: Design, graph: TrafficGraph) -> Balancing? {
        var balancers: [Balancer] = []
        var coveredClusters = Set<Int>()
        for element in design.elements where element.kind == .loadBalancer {
            // A cluster of load balancers is explained once, through its first member.
            var links = (design.linksFrom[.element(element.index)] ?? []).map { design.links[$0] }
            var subject = element.id
            var members: String?
            if let cluster = element.cluster {
                guard coveredClusters.insert(cluster).inserted else { continue }
                links += (design.linksFrom[.cluster(cluster)] ?? []).map { design.links[$0] }
                subject = design.clusters[cluster].id
                members = listed(design.clusters[cluster].members.map { design.elements[$0].id })
            }
            // Backends: the targets as written; a cluster of servers stands for its members.
            var backends: [BalancerSimulation.Backend] = []
            for link in links {
                switch link.to {
                case .element(let index):
                    backends.append(.init(name: design.elements[index].id, weight: link.weight ?? 1))
                case .cluster(let index):
                    for member in design.clusters[index].members {
                        backends.append(.init(name: design.elements[member].id, weight: link.weight ?? 1))
                    }
                }
            }
            guard !backends.isEmpty else { continue }
            let picks: [Int]
            switch element.algorithm {
            case .roundRobin: picks = BalancerSimulation.roundRobin(backends, requests: simulatedRequests)
            case .weightedRoundRobin: picks = BalancerSimulation.weightedRoundRobin(backends, requests: simulatedRequests)
            case .leastConnections: picks = BalancerSimulation.leastConnections(backends, requests: simulatedRequests)
            case .ipHash: picks = BalancerSimulation.ipHash(backends, requests: simulatedRequests)
            case .random: picks = BalancerSimulation.random(backends, requests: simulatedRequests)
            }
            let assignments = picks.enumerated().map { request, pick in
                Assignment(request: request + 1, backend: backends[pick].name,
                           client: element.algorithm == .ipHash
                               ? BalancerSimulation.clientAddresses[request % BalancerSimulation.clientAddresses.count] : nil)
            }
            let weighted = element.algorithm == .weightedRoundRobin
            var balancer = Balancer(
                element: Name(subject), members: members, software: element.software.map(Software.display),
                algorithm: algorithmName(element.algorithm), backends: listed(backends.map(\.name)),
                backendCount: backends.count,
                weights: weighted ? listed(backends.map { "\($0.name) \($0.weight)" }) : nil,
                assignments: assignments, healthCheck: element.healthCheck)
            switch element.algorithm {
            case .roundRobin: balancer.isRoundRobin = true
            case .weightedRoundRobin: balancer.isWeightedRoundRobin = true
            case .leastConnections: balancer.isLeastConnections = true
            case .ipHash: balancer.isIPHash = true
            case .random: balancer.isRandom = true
            }
            balancers.append(balancer)
        }
        return balancers.isEmpty ? nil : Balancing(balancers: balancers, requestCount: simulatedRequests)
    }

    // MARK: Active-active, active-passive

    static func modes(_ design: Design, graph: TrafficGraph) -> Modes? {
        var arrangements: [Arrangement] = []
        for balancer in design.elements where balancer.kind == .loadBalancer && balancer.cluster == nil {
            let targets = unique((design.linksFrom[.element(balancer.index)] ?? []).map { design.links[$0].toName })
            guard targets.count > 1 else { continue }
            arrangements.append(Arrangement(
                subject: balancer.id, members: listed(targets), memberCount: targets.count, two: targets.count == 2, activeActive: true,
                activePassive: false, automatic: balancer.healthCheck, manual: false, vip: nil, viaBalancer: true))
        }
        for cluster in design.clusters where cluster.members.count > 1 {
            arrangements.append(Arrangement(
                subject: cluster.id, members: listed(cluster.members.map { design.elements[$0].id }),
                memberCount: cluster.members.count, two: cluster.members.count == 2, activeActive: cluster.mode == .activeActive,
                activePassive: cluster.mode == .activePassive, automatic: cluster.failover == .automatic,
                manual: cluster.failover == .manual, vip: cluster.vip, viaBalancer: false))
        }
        guard !arrangements.isEmpty else { return nil }
        let active = arrangements.contains { $0.activeActive }
        let passive = arrangements.contains { $0.activePassive }
        let overall = active && passive ? "both" : (passive ? "active-passive" : "active-active")
        // What nothing backs up: load balancers, firewalls and databases (replicas
        // aside: their primary holds the data) that stand alone, or whose host does.
        let alone = design.elements.filter { element in
            guard element.kind != .database || element.role != .replica else { return false }
            if element.container == nil {
                return [.loadBalancer, .firewall, .database].contains(element.kind) && element.cluster == nil && element.instances < 2
            }
            return element.kind == .database && design.elements[element.host].cluster == nil
        }
        // A lone primary with replicas is backed up by its data, not by a standby:
        // say so apart from what has no second copy at all.
        var copied: [Standby] = []
        var unbacked: [String] = []
        for element in alone {
            let replicas = design.replicas(of: element.index)
            if replicas.isEmpty {
                unbacked.append(element.id)
            } else {
                copied.append(Standby(primary: element.id, replicas: listed(replicas.map(\.id)), one: replicas.count == 1))
            }
        }
        return Modes(arrangements: arrangements, overall: overall, activeActive: active, activePassive: passive,
                     unbacked: unbacked.isEmpty ? nil : listed(unbacked), unbackedOne: unbacked.count == 1, copiedOnly: copied)
    }

    // MARK: Primary-replica

    static func databases(_ design: Design, model: FailureModel) -> Databases? {
        let graph = model.graph
        var replications: [Replication] = []
        for primary in design.elements where primary.kind == .database && primary.role == .primary {
            let replicas = design.replicas(of: primary.index)
            // Who writes to it, and where each reader reads from.
            var writers: [String] = []
            var readers: [(String, [String])] = []
            for edge in graph.edges where edge.role == .request {
                let served = graph.servingElements(of: edge.to).map(\.index)
                let family = [primary.index] + replicas.map(\.index)
                guard served.contains(where: family.contains), let source = graph.element(of: edge.from) else { continue }
                if edge.kinds.contains(.write), !writers.contains(source.id) { writers.append(source.id) }
                if edge.kinds.contains(.read) {
                    let names = served.filter(family.contains).map { design.elements[$0].id }
                    if let index = readers.firstIndex(where: { $0.0 == source.id }) {
                        readers[index].1 += names.filter { !readers[index].1.contains($0) }
                    } else {
                        readers.append((source.id, names))
                    }
                }
            }
            let clusterIndex = design.cluster(of: primary)
            let cluster = clusterIndex.map { design.clusters[$0] }
            // What happens when the primary fails, from the failure model.
            let whatIf = WhatIf(graph: graph, failing: [primary.index])
            let readsSurvive = whatIf.clients.allSatisfy { $0.read?.served != false }
            let writesSurvive = whatIf.clients.allSatisfy { $0.write?.served != false }
            let promoted = whatIf.promoted.compactMap { graph.servingElements(of: $0).first?.id }
            let modes = unique(replicas.map(\.replication.rawValue))
            replications.append(Replication(
                primary: Name(primary.id), primaryHost: primary.isHost ? nil : design.elements[primary.host].id,
                replicas: replicas.isEmpty ? nil : listed(replicas.map(\.id)), replicaCount: replicas.count,
                manyReplicas: replicas.count > 1,
                modes: listed(modes),
                isAsync: replicas.contains { $0.replication == .async },
                isSemiSync: replicas.contains { $0.replication == .semiSync },
                isSync: replicas.contains { $0.replication == .sync },
                writers: writers.isEmpty ? nil : listed(writers), manyWriters: writers.count > 1,
                readers: readers.map { ReadRoute(reader: $0.0, databases: listed($0.1)) },
                inCluster: cluster?.id, automatic: cluster?.failover == .automatic, manual: cluster?.failover == .manual,
                failure: Failure(readsSurvive: readsSurvive, writesSurvive: writesSurvive,
                                 promoted: promoted.isEmpty ? nil : listed(promoted),
                                 automatic: cluster?.failover == .automatic,
                                 lostWrites: replicas.contains { $0.replication == .async })))
        }
        let standalone = design.elements.filter { $0.kind == .database && $0.role == .standalone }.map(\.id)
        guard !replications.isEmpty else { return nil }
        return Databases(replications: replications, standalone: standalone.isEmpty ? nil : listed(standalone),
                         manyStandalone: standalone.count > 1)
    }

    // MARK: Issues

    static func issues(_ findings: [Finding], design: Design) -> Issues {
        var explained = Set<String>()
        func issue(_ finding: Finding) -> Issue {
            let why = explained.insert(finding.code).inserted ? RuleRegistry.description(code: finding.code)?.whyIsThisBad : nil
            return Issue(code: finding.code, name: finding.name, severity: finding.severity.rawValue, subject: finding.element,
                         message: finding.message, why: why, fix: finding.fix?.text, place: "line \(finding.location.start.line)")
        }
        let spof = findings.filter { ["AV001", "AV002", "AV003"].contains($0.code) }
        let security = findings.filter { $0.category == .security }
        let monitoring = findings.filter { $0.category == .monitoring }
        let other = findings.filter { finding in
            !spof.contains(finding) && !security.contains(finding) && !monitoring.contains(finding)
        }
        var groups: [IssueGroup] = []
        if !spof.isEmpty {
            var group = IssueGroup(title: "Single points of failure", issues: spof.map(issue), count: spof.count)
            group.isAvailability = true
            groups.append(group)
        }
        if !security.isEmpty {
            var group = IssueGroup(title: "Security", issues: security.map(issue), count: security.count)
            group.isSecurity = true
            group.firewallConcept = security.contains { $0.code == "SEC001" }
            group.httpsConcept = security.contains { ["SEC002", "SEC003"].contains($0.code) }
            groups.append(group)
        }
        if !monitoring.isEmpty {
            var group = IssueGroup(title: "Monitoring", issues: monitoring.map(issue), count: monitoring.count)
            group.isMonitoring = true
            groups.append(group)
        }
        if !other.isEmpty {
            var group = IssueGroup(title: "Other findings", issues: other.map(issue), count: other.count)
            group.isOther = true
            groups.append(group)
        }
        let counts = Severity.counts(of: findings)
        var watch: [Watch] = []
        let kinds: [ElementKind] = [.loadBalancer, .webServer, .appServer, .service, .database, .cache, .queue, .storage, .firewall]
        for kind in kinds {
            let names = design.elements.filter { $0.kind == kind && !($0.kind == .firewall && $0.container != nil) }.map(\.id)
            guard !names.isEmpty else { continue }
            watch.append(Watch(kind: KindFlags(kind), elements: listed(names)))
        }
        let servers = design.elements.filter { $0.kind == .server }.map(\.id)
        if !servers.isEmpty {
            watch.append(Watch(kind: KindFlags(.server), elements: listed(servers)))
        }
        let monitors = design.elements.filter { $0.kind == .monitor }.map(\.id)
        return Issues(accepted: [], groups: groups, count: findings.count, summary: listed(counts), none: findings.isEmpty,
                      watch: watch, monitors: monitors.isEmpty ? nil : listed(monitors), manyMonitors: monitors.count > 1)
    }
}
