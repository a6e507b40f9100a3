import InfraAnalysis
import InfraCore

/// AV001's fixes: what removes a single point of failure, by what the failing
/// host runs.
///
/// - something that needs every target links to it and to a peer: the peers' hosts
///   go into one cluster, so that either will do;
/// - a member of a cluster that is still a single point of failure: the links that
///   name the member are pointed at its cluster;
/// - a load balancer: a pair with a standby and automatic failover;
/// - a database that accepts writes: a cluster with its replicas (moved out of the
///   servers they share with other tiers) or a new one, promoted automatically;
/// - a replica that some reads need: a cluster with a second replica;
/// - a dns declared with one name server: the default two;
/// - anything else (web and app servers, caches, firewalls, servers running
///   them): `instances: 2`.
enum Redundancy {
    static func fix(for unit: Element, critical: [Element], context: LintContext, groups: PeerGroups) -> Fix {
        let design = context.design
        if let fix = peersFix(unit, context: context, groups: groups) { return fix }
        if let cluster = design.cluster(of: unit), unit.isHost {
            if design.clusters[cluster].members.count >= 2 {
                return directLinksFix(unit, cluster: cluster, context: context)
                    ?? .manual("\(unit.id) is in the cluster \(design.clusters[cluster].id) and still stops requests alone: check which links name it rather than the cluster")
            }
            return lonelyMemberFix(unit, cluster: cluster, context: context)
        }
        guard unit.isHost else {
            return .manual("run a second copy of \(unit.id), or move it to a host that has one")
        }
        if unit.kind == .server {
            let databases = critical.filter { $0.kind == .database }
            if let database = databases.first(where: { $0.role != .replica }) ?? databases.first {
                let others = critical.contains { $0.kind != .database }
                return databaseFix(database, alsoReplicating: others ? unit : nil, context: context)
            }
            return instances(unit, "run a second \(unit.id)")
        }
        switch unit.kind {
        case .loadBalancer:
            return pairFix(unit, context: context)
        case .database:
            return databaseFix(unit, alsoReplicating: nil, context: context)
        case .dns:
            if unit.instancesDeclared, let value = context.writtenValue(unit, "instances") {
                return Fix(.unsafe, "let the registrar serve the zone from several name servers (dns defaults to 2)",
                           [.removeProperty(.named(unit.id), name: "instances", value: value)])
            }
            return instances(unit, "serve the zone from two name servers")
        case .client, .agent, .monitor:
            return .manual("\(unit.id) is not on a request path; check the links that name it")
        default:
            return instances(unit, "run a second \(unit.id)")
        }
    }

    private static func instances(_ element: Element, _ title: String) -> Fix {
        Fix(.unsafe, title, [.setProperty(.named(element.id), name: "instances", value: "2")])
    }

    // MARK: Peers that are all needed

    /// Something that needs every target links to this element and to peers of its
    /// kind: the user most likely meant "either will do". Their hosts go into one
    /// cluster, and the links to them become one link to the cluster.
    ///
    /// Every element of one group gets the same fix, computed once per group
    /// (`groups`): n peers needed by the same sources cost O(n + links) in all, not
    /// O(n) each.
    static func peersFix(_ unit: Element, context: LintContext, groups: PeerGroups) -> Fix? {
        let graph = context.graph
        let receiving = graph.receivingNode(ofElement: unit.index)
        guard let kind = graph.element(of: receiving)?.kind else { return nil }
        // Requests into anything on the host count: a client that reaches one of its
        // components alone is another cause.
        for node in Set([unit.index] + unit.children) where node != receiving {
            if graph.incoming[node].contains(where: { graph.edges[$0].role == .request }) { return nil }
        }
        var sources: [Int] = []
        var requests: RequestKinds?
        for edgeIndex in graph.incoming[receiving] {
            let edge = graph.edges[edgeIndex]
            guard edge.role == .request else { continue }
            // Only when everything that sends it requests needs it beside a peer: a
            // client or a forwarder that reaches it alone is another cause.
            guard let source = graph.element(of: edge.from), source.kind != .client, !source.needsAnyTarget else { return nil }
            // Peers take the same requests: an app that writes to a primary and reads
            // from a replica needs each for its own kind, not either one.
            guard requests == nil || requests == edge.kinds else { return nil }
            requests = edge.kinds
            if !sources.contains(edge.from) { sources.append(edge.from) }
        }
        guard let requests, !sources.isEmpty else { return nil }
        let key = PeerGroups.Key(sources: sources.sorted(), kind: kind, requests: requests)
        let group = groups.group(key) { members(of: key, context: context) }
        // Each source needs a peer beside this one.
        guard group.targetCounts.allSatisfy({ $0 >= 2 }), group.memberSet.contains(receiving) else { return nil }
        return groups.fix(key) { groupFix(key, group: group, context: context) }
    }

    /// The targets of a group's kind that its sources send the group's requests to
    /// (reads, writes or both), and how many each sends to.
    private static func members(of key: PeerGroups.Key, context: LintContext) -> PeerGroups.Group {
        let graph = context.graph
        var members: [Int] = []
        var seen = Set<Int>()
        var counts: [Int] = []
        for source in key.sources {
            var targets = Set<Int>()
            for edge in graph.requestEdges(from: source) where edge.kinds == key.requests && graph.element(of: edge.to)?.kind == key.kind {
                targets.insert(edge.to)
                if seen.insert(edge.to).inserted { members.append(edge.to) }
            }
            counts.append(targets.count)
        }
        return PeerGroups.Group(members: members, memberSet: seen, targetCounts: counts)
    }

    private static func groupFix(_ key: PeerGroups.Key, group: PeerGroups.Group, context: LintContext) -> Fix? {
        let graph = context.graph
        let design = context.design
        var hosts: [Int] = []
        var seenHosts = Set<Int>()
        for node in group.members {
            // Each must be what requests to its host enter: a cluster of hosts sends them there.
            guard let element = graph.element(of: node), graph.receivingNode(ofElement: element.host) == node else { return nil }
            if seenHosts.insert(element.host).inserted { hosts.append(element.host) }
        }
        hosts.sort()
        let sources = key.sources.map { graph.name(of: $0) }
        let verb = sources.count == 1 ? "needs every element it links to" : "need every element they link to"
        let names = hosts.map { design.elements[$0].id }
        let movable = hosts.count >= 2 && hosts.allSatisfy { host in
            design.elements[host].cluster == nil && design.elements[host].container == nil
                && design.elements[host].kind != .client
        }
        guard movable, let first = hosts.first else {
            return .manual("\(listed(sources)) \(verb), so \(listed(names)) are all required; declare them in one cluster and link to it, or put a load balancer in front of them")
        }
        let network = design.elements[first].network
        let sameNetwork = hosts.allSatisfy { design.elements[$0].network == network }
        let clusterID = context.names.named("\(key.kind.keyword.split(separator: "-").first.map(String.init) ?? "tier")-tier")
        let cluster = NewCluster(
            id: clusterID,
            network: sameNetwork ? network.map { design.networks[$0].id } : nil,
            properties: [PropertyText("mode", "active-active")],
            members: hosts.map { .existing(design.elements[$0].id, from: nil) })
        let inside = hosts.reduce(into: Set<Int>()) { $0.formUnion(context.withContents(design.elements[$1])) }
        let addressed = hosts.reduce(into: Set<Int>()) { $0.formUnion(context.addressed(design.elements[$1])) }
        let retargeted = context.requestLinks(into: addressed).filter { link in
            !design.members(of: link.from).contains(where: inside.contains)
        }
        return Fix(.unsafe, "\(listed(sources)) \(verb); let any one of \(listed(names)) serve",
                   [.cluster(cluster)] + retargeted.map { .retarget(LinkRef($0), end: .to, to: clusterID) })
    }

    // MARK: Clusters

    /// Links that name a cluster's member from outside the cluster, and links out of
    /// it to outside: what makes the member matter more than the others.
    private static func linksAround(_ unit: Element, cluster: Int, context: LintContext) -> (into: [Link], outOf: [Link]) {
        let design = context.design
        let inside = Set(design.clusters[cluster].members.flatMap { [$0] + design.elements[$0].children })
        func outside(_ endpoint: Endpoint) -> Bool {
            if case .cluster(let other) = endpoint, other == cluster { return false }
            return !design.members(of: endpoint).contains(where: inside.contains)
        }
        let addressed = context.addressed(unit)
        return (context.requestLinks(into: addressed).filter { outside($0.from) },
                context.requestLinks(outOf: addressed).filter { outside($0.to) })
    }

    /// A member of a cluster of two or more that links name directly: the cluster
    /// takes those links, in and out, so that any member will do.
    private static func directLinksFix(_ unit: Element, cluster: Int, context: LintContext) -> Fix? {
        let design = context.design
        let clusterID = design.clusters[cluster].id
        // Members that send each other requests are not interchangeable: no link to the cluster helps.
        let inside = Set(design.clusters[cluster].members.flatMap { [$0] + design.elements[$0].children })
        let linkedInside = design.links.contains { link in
            guard !context.isTelemetry(link) else { return false }
            let from = link.from == .cluster(cluster) || design.members(of: link.from).contains(where: inside.contains)
            let to = link.to == .cluster(cluster) || design.members(of: link.to).contains(where: inside.contains)
            return from && to
        }
        if linkedInside { return nil }
        // Only when the member alone is linked: members linked differently are not twins.
        // A primary among its database peers is the exception: that replicas serve reads
        // of their own does not stop the writers from naming the cluster, whose promoted
        // replica then takes the writes (LANGUAGE.md, Redundancy written three ways).
        let others = design.clusters[cluster].members.filter { $0 != unit.index }.map { design.elements[$0] }
        let primaryAmongDatabases = unit.kind == .database && unit.role != .replica && others.allSatisfy { $0.kind == .database }
        if !primaryAmongDatabases, others.contains(where: { other in
            !context.requestLinks(into: context.addressed(other)).isEmpty || !context.requestLinks(outOf: context.addressed(other)).isEmpty
        }) { return nil }
        let (into, outOf) = linksAround(unit, cluster: cluster, context: context)
        guard !into.isEmpty || !outOf.isEmpty else { return nil }
        if unit.kind == .server, !outOf.isEmpty { return nil }
        return Fix(.unsafe, "link the cluster \(clusterID), not its member \(unit.id)",
                   into.map { .retarget(LinkRef($0), end: .to, to: clusterID) }
                       + outOf.map { .retarget(LinkRef($0), end: .from, to: clusterID) })
    }

    /// The only member of its cluster: a twin joins it.
    private static func lonelyMemberFix(_ unit: Element, cluster: Int, context: LintContext) -> Fix {
        let clusterID = context.design.clusters[cluster].id
        let (into, outOf) = linksAround(unit, cluster: cluster, context: context)
        if unit.kind == .server, !outOf.isEmpty {
            return instances(unit, "run a second \(unit.id)")
        }
        let renamed = context.twinNames(of: unit)
        let twin = context.copy(unit, renamed: renamed, databasesBecomeReplicas: true)
        var edits: [Edit] = [.addMember(cluster: clusterID, twin)]
        edits += into.map { .retarget(LinkRef($0), end: .to, to: clusterID) }
        edits += outOf.map { .retarget(LinkRef($0), end: .from, to: clusterID) }
        return Fix(.unsafe, "give \(clusterID) a second member", edits)
    }

    /// A load balancer: a pair that moves the address to the standby when the active one fails.
    private static func pairFix(_ balancer: Element, context: LintContext) -> Fix {
        let renamed = context.twinNames(of: balancer)
        let twin = context.copy(balancer, renamed: renamed)
        var properties = [PropertyText("mode", "active-passive"), PropertyText("failover", "automatic")]
        if let address = context.siteAddress { properties.append(PropertyText("vip", Formatter.quote(address))) }
        let clusterID = context.names.named("\(NameAllocator.stem(of: balancer.id))-pair")
        let cluster = NewCluster(id: clusterID, network: context.networkName(balancer), properties: properties,
                                 members: [.existing(balancer.id, from: nil), .new(twin)])
        var edits: [Edit] = [.cluster(cluster)]
        edits += context.requestLinks(into: [balancer.index]).map { .retarget(LinkRef($0), end: .to, to: clusterID) }
        edits += context.requestLinks(outOf: [balancer.index]).map { .retarget(LinkRef($0), end: .from, to: clusterID) }
        return Fix(.unsafe, "pair \(balancer.id) with a standby that takes over its address", edits)
    }

    // MARK: Databases

    /// What goes into a database's cluster: the database itself when it is its own
    /// host, the server when the server holds only datastores, else the database
    /// moved out of the server it shares with other tiers.
    private enum Member {
        case host(Element)
        case moved(Element, from: Element)

        var element: Element {
            switch self {
            case .host(let element), .moved(let element, _): return element
            }
        }
    }

    private static func member(of database: Element, context: LintContext) -> Member? {
        let design = context.design
        if database.isHost { return database.cluster == nil ? .host(database) : nil }
        let host = design.elements[database.host]
        let held = host.children.map { design.elements[$0] }.filter { $0.kind != .agent && $0.kind != .firewall }
        let sendsRequests = !context.requestLinks(outOf: context.withContents(host)).isEmpty
        if host.entry == nil, held.allSatisfy({ $0.kind == .database }), !sendsRequests {
            return host.cluster == nil ? .host(host) : nil
        }
        // Out of a server that has no entry it cannot move: requests sent to the
        // server reach what it holds, and would no longer reach the database.
        if design.entry(of: host.index) == nil || host.entry?.symbol == .element(database.index) { return nil }
        return .moved(database, from: host)
    }

    /// A database some requests cannot do without: a cluster that keeps serving
    /// when it fails. A database that accepts writes goes with its replicas (or a
    /// new one) into an active-passive cluster with automatic failover, so that a
    /// replica is promoted; a replica goes with a second replica into an
    /// active-active one. `server`, when given, also runs other tiers that stop
    /// requests alone: it gets a second instance.
    static func databaseFix(_ database: Element, alsoReplicating server: Element?, context: LintContext) -> Fix {
        let design = context.design
        guard let first = member(of: database, context: context) else {
            return .manual("\(database.id) cannot move into a cluster where it is declared: give it a replica on another host, both in a cluster with failover: automatic")
        }
        let network = first.element.network
        var members = [first]
        if database.role != .replica {
            for replica in design.replicas(of: database.index) {
                // A replica that cannot serve reads even with nothing failed (it needs
                // something that serves nothing) would take over nothing: a new one does.
                guard context.failures.failures(of: context.graph.receivingNode(ofElement: replica.index), .read).isServed,
                      let candidate = member(of: replica, context: context),
                      candidate.element.network == network,
                      !members.contains(where: { $0.element.index == candidate.element.index }) else { continue }
                members.append(candidate)
            }
        }
        let clusterID = context.names.named("\(NameAllocator.stem(of: database.id))-cluster")
        var newMembers: [NewCluster.Member] = members.map { member in
            switch member {
            case .host(let element): return .existing(element.id, from: nil)
            case .moved(let element, let server): return .existing(element.id, from: server.id)
            }
        }
        // A database moved off a host with its own firewall keeps one; and then so
        // does every database moved with it: the cluster's members are reached
        // alike, and one without a firewall would expose the cluster (SEC001).
        let moved = members.compactMap { member -> (database: Element, server: Element)? in
            guard case .moved(let database, let server) = member else { return nil }
            return (database, server)
        }
        let keepsFirewall = moved.contains { design.hasOwnFirewall(host: $0.server.index) && !$0.database.firewall }
            ? moved.filter { !$0.database.firewall }.map(\.database)
            : []
        if members.count == 1 {
            let original = first.element
            // The new replica stands where the moved database stands: behind the same firewall.
            let overrides = keepsFirewall.isEmpty ? [] : [PropertyText("firewall", "true")]
            let twin = context.copy(original, renamed: context.twinNames(of: original), overrides: overrides,
                                    databasesBecomeReplicas: true)
            newMembers.append(.new(twin))
        }
        var properties = [PropertyText("mode", database.role == .replica ? "active-active" : "active-passive")]
        if database.role != .replica { properties.append(PropertyText("failover", "automatic")) }
        var edits: [Edit] = []
        if database.role == .standalone {
            edits.append(.setProperty(.named(database.id), name: "role", value: "primary"))
        }
        for moved in keepsFirewall {
            edits.append(.setProperty(.named(moved.id), name: "firewall", value: "true"))
        }
        edits.append(.cluster(NewCluster(id: clusterID, network: network.map { design.networks[$0].id },
                                         properties: properties, members: newMembers)))
        // Links to the database and to the replicas that join it go to the cluster:
        // a cluster serves while any member does, so the replica's readers keep
        // reading when it fails, and nothing is left needing a member alone.
        let memberTargets = members.reduce(into: Set<Int>()) { targets, member in
            if case .host(let element) = member { targets.formUnion(context.addressed(element)) } else { targets.insert(member.element.index) }
        }
        let inside = members.reduce(into: Set<Int>()) { $0.formUnion(context.withContents($1.element)) }
        func external(_ link: Link) -> Bool { !design.members(of: link.from).contains(where: inside.contains) }
        let retargeted = context.requestLinks(into: memberTargets).filter(external)
        edits += retargeted.sorted { $0.index < $1.index }.map { .retarget(LinkRef($0), end: .to, to: clusterID) }
        if let server {
            edits.append(.setProperty(.named(server.id), name: "instances", value: "2"))
        }
        var title = database.role == .replica
            ? "give the reads that need \(database.id) a second replica"
            : "let a replica take over from \(database.id) automatically"
        // The title says all the fix does: the server's second instance too.
        if let server { title += ", and run a second \(server.id) for the rest of what it runs" }
        return Fix(.unsafe, title, edits)
    }
}

/// The peer groups of one lint run and their fixes, each computed once: every
/// element of a group gets the same fix (one cluster, one name).
final class PeerGroups {
    struct Key: Hashable {
        var sources: [Int]
        var kind: ElementKind
        /// What the sources send each peer.
        var requests: RequestKinds
    }

    struct Group {
        /// The targets of the kind, in the order the sources' links give them.
        var members: [Int]
        var memberSet: Set<Int>
        /// For each source, how many different targets of the kind it sends requests to.
        var targetCounts: [Int]
    }

    private var groups: [Key: Group] = [:]
    private var fixes: [Key: Fix?] = [:]

    func group(_ key: Key, _ compute: () -> Group) -> Group {
        if let group = groups[key] { return group }
        let group = compute()
        groups[key] = group
        return group
    }

    func fix(_ key: Key, _ compute: () -> Fix?) -> Fix? {
        if let fix = fixes[key] { return fix }
        let fix = compute()
        fixes[key] = fix
        return fix
    }
}
