import InfraAnalysis
import InfraCore
import InfraRules
import InfraTestSupport
import Testing

/// An independent reading of LANGUAGE.md's "What the links mean", written from
/// the declared links alone (no traffic graph), by enumerating paths: slow, and
/// obviously what the spec says. The fast analyses must agree with it.
struct SpecReading {
    let design: Design

    func kind(_ element: Int) -> ElementKind { design.elements[element].kind }

    /// What a link to an endpoint reaches: a server's entry (the server itself
    /// without one), a cluster's members.
    func receivers(_ endpoint: Endpoint) -> [Int] {
        design.members(of: endpoint).map { design.entry(of: $0) ?? $0 }
    }

    func isTelemetry(_ link: Link) -> Bool {
        (design.members(of: link.from) + design.members(of: link.to)).contains { kind($0).isMonitoring }
    }

    func isDNS(_ endpoint: Endpoint) -> Bool {
        let members = design.members(of: endpoint)
        return !members.isEmpty && members.allSatisfy { kind($0) == .dns }
    }

    /// Whether a link leaves from this element: written from it, from its server
    /// (when it is the entry or the server itself), or from its cluster.
    func leaves(_ link: Link, from element: Int) -> Bool {
        let senders = design.members(of: link.from).map { design.entry(of: $0) ?? $0 }
        return senders.contains(element)
    }

    /// Where an element's requests go: the targets of its links that are not
    /// lookups, and what the dns it looks up resolve to.
    /// What a name looked up in a dns resolves to, following dns that name other dns.
    func resolved(_ dns: Int, asked: inout Set<Int>) -> [Link] {
        var found: [Link] = []
        for link in design.links where !isTelemetry(link) && leaves(link, from: dns) {
            if isDNS(link.to) {
                for next in design.members(of: link.to) where asked.insert(next).inserted { found += resolved(next, asked: &asked) }
            } else {
                found.append(link)
            }
        }
        return found
    }

    func requestTargets(of element: Int) -> [Int] {
        var targets: [Int] = []
        var direct: [Int] = []
        for link in design.links where !isTelemetry(link) && leaves(link, from: element) {
            if isDNS(link.to) {
                for dns in design.members(of: link.to) {
                    var asked: Set<Int> = [dns]
                    for resolved in resolved(dns, asked: &asked) {
                        let reached = receivers(resolved.to)
                        if reached != [element] { targets += reached.filter { $0 != element } }
                    }
                }
            } else if !isDNS(link.from) {
                direct += receivers(link.to)
            }
        }
        // Links to two or more members of one cluster count as one link to the cluster.
        var byCluster: [Int: Set<Int>] = [:]
        for target in direct {
            if let cluster = design.cluster(of: design.elements[target]) { byCluster[cluster, default: []].insert(target) }
        }
        for (cluster, members) in byCluster where members.count >= 2 {
            direct += receivers(.cluster(cluster))
        }
        return targets + direct
    }

    /// The clients: declared ones, or with none, what no request link names.
    var clients: [[Int]] {
        let declared = design.elements.filter { $0.kind == .client }.map(\.index)
        if !declared.isEmpty { return declared.map { requestTargets(of: $0) + [$0] } }
        var named = Set<Int>()
        for link in design.links where !isTelemetry(link) {
            for member in design.members(of: link.to) {
                named.insert(member)
                named.insert(design.elements[member].host)
                if let cluster = design.cluster(of: design.elements[member]) { named.formUnion(design.clusters[cluster].members) }
            }
            if case .cluster(let cluster) = link.to { named.formUnion(design.clusters[cluster].members) }
        }
        // A replica whose chain of `replicates` ends at a primary is reached by replication.
        for element in design.elements where element.kind == .database && element.role == .replica {
            var current = element
            var seen: Set<Int> = []
            var copies = false
            while seen.insert(current.index).inserted, case .element(let next)? = current.replicates?.symbol, kind(next) == .database {
                current = design.elements[next]
                if current.role != .replica { copies = true; break }
            }
            guard copies else { continue }
            named.insert(element.index)
            named.insert(element.host)
            if let cluster = design.cluster(of: design.elements[element.host]) { named.formUnion(design.clusters[cluster].members) }
        }
        var entries: [[Int]] = []
        for element in design.elements where element.container == nil && element.cluster == nil && !named.contains(element.index) {
            guard !element.kind.isMonitoring && element.kind != .client else { continue }
            if element.kind == .dns {
                // The implicit client looks the name up and connects to what it resolves to.
                var asked: Set<Int> = [element.index]
                entries.append(resolved(element.index, asked: &asked).flatMap { receivers($0.to) })
            } else {
                entries.append([design.entry(of: element.index) ?? element.index])
            }
        }
        for cluster in design.clusters where !cluster.members.contains(where: named.contains) {
            if !cluster.members.contains(where: { kind($0).isMonitoring }) { entries.append(receivers(.cluster(cluster.index))) }
        }
        return entries
    }

    /// The dns no request link names: entries of implicit clients that look them up.
    var unnamedDNS: [Int] {
        design.elements.filter { element in
            element.kind == .dns && element.cluster == nil
                && !design.links.contains { !isTelemetry($0) && design.members(of: $0.to).contains(element.index) }
        }.map(\.index)
    }

    /// Hostile sources and the elements their requests enter first.
    var hostileEntries: [[Int]] {
        let declared = design.elements.filter { $0.kind == .client }
        var entries = declared.isEmpty ? clients : declared.map { requestTargets(of: $0.index) }
        for element in design.elements where ![.client, .agent, .monitor].contains(element.kind) && design.trust(of: element.index) == .untrusted {
            entries.append([design.entry(of: element.index) ?? element.index])
        }
        return entries
    }

    /// SEC001: the first host with no firewall on every simple path of hostile requests.
    func unprotectedHosts(limit: Int) -> Set<Int>? {
        var found = Set<Int>()
        var steps = 0
        func walk(_ element: Int, _ path: Set<Int>) -> Bool {
            steps += 1
            guard steps < limit else { return false }
            let host = design.elements[element].host
            if [.firewall, .dns, .monitor].contains(kind(element)) { return true }
            let never: Set<ElementKind> = [.client, .dns, .cdn, .firewall, .monitor]
            if !never.contains(kind(host)) && !never.contains(kind(element)) && !design.hasOwnFirewall(host: host) {
                found.insert(host)
                return true
            }
            for next in requestTargets(of: element) where !path.contains(next) {
                guard walk(next, path.union([next])) else { return false }
            }
            return true
        }
        for entry in hostileEntries {
            for element in entry {
                guard walk(element, [element]) else { return nil }
            }
        }
        return found
    }

    /// SEC004: datastores reached along simple paths through load balancers,
    /// firewalls, cdns and servers that run no application (storage behind a cdn aside).
    func exposedDatastores(limit: Int) -> Set<Int>? {
        var found = Set<Int>()
        var steps = 0
        func walk(_ element: Int, _ path: Set<Int>, viaCDN: Bool) -> Bool {
            steps += 1
            guard steps < limit else { return false }
            let item = design.elements[element]
            var datastores: [Int] = []
            if item.kind.isDatastore { datastores = [element] }
            if item.kind == .server, design.entry(of: element) == nil {
                let held = item.children.filter { kind($0) != .agent && kind($0) != .firewall }
                if !held.isEmpty, held.allSatisfy({ kind($0).isDatastore }) { datastores = held }
            }
            if !datastores.isEmpty {
                for datastore in datastores where !(viaCDN && kind(datastore) == .storage) { found.insert(datastore) }
                return true
            }
            let transparent = [.loadBalancer, .firewall, .cdn].contains(item.kind)
                || (item.kind == .server && !item.children.contains { kind($0).processesRequests })
            guard transparent else { return true }
            for next in requestTargets(of: element) where !path.contains(next) {
                guard walk(next, path.union([next]), viaCDN: viaCDN || item.kind == .cdn) else { return false }
            }
            return true
        }
        for entry in hostileEntries {
            for element in entry {
                guard walk(element, [element], viaCDN: false) else { return nil }
            }
        }
        return found
    }

    /// DES001: what client requests reach, to a fixed point.
    func reached() -> Set<Int> {
        var requested = Set<Int>()
        for client in clients { requested.formUnion(client) }
        if !design.elements.contains(where: { $0.kind == .client }) {
            for entry in unnamedDNS { var asked: Set<Int> = [entry]; _ = resolved(entry, asked: &asked); requested.formUnion(asked) }
        }
        var changed = true
        while changed {
            changed = false
            var next = requested
            for element in requested { next.formUnion(requestTargets(of: element)) }
            // Lookups reach the dns themselves, and the dns they name.
            for link in design.links where !isTelemetry(link) && isDNS(link.to) {
                if requested.contains(where: { leaves(link, from: $0) }) {
                    for dns in design.members(of: link.to) {
                        var asked: Set<Int> = [dns]
                        _ = resolved(dns, asked: &asked)
                        next.formUnion(asked)
                    }
                }
            }
            for element in design.elements {
                // A replica of a reached database; a worker of a reached queue.
                if element.kind == .database, element.role == .replica, case .element(let source)? = element.replicates?.symbol,
                   next.contains(source) {
                    next.insert(element.index)
                }
                for link in design.links where !isTelemetry(link) && design.members(of: link.from).contains(element.index) {
                    if design.members(of: link.to).contains(where: { kind($0) == .queue && next.contains($0) }) {
                        next.insert(design.entry(of: element.index) ?? element.index)
                    }
                }
            }
            if next != requested {
                requested = next
                changed = true
            }
        }
        var reached = requested
        for element in requested {
            let host = design.elements[element].host
            reached.insert(host)
            if kind(host) == .server { reached.formUnion(design.elements[host].children) }
        }
        return reached
    }

    /// The connections' names, as findings name them.
    func connectionNames() -> [String] {
        var found: [(source: String, target: String, protocolName: String)] = []
        for link in design.links where !isTelemetry(link) && !isDNS(link.to) && !isDNS(link.from) {
            found.append((link.fromName, link.toName, link.protocolName ?? "tcp"))
        }
        // A resolution: the source of the lookup, as written, connects to what the
        // dns link names; looking the name up twice makes no second connection.
        var resolutions = Set<String>()
        for lookup in design.links where !isTelemetry(lookup) && isDNS(lookup.to) && !isDNS(lookup.from) {
            for dns in design.members(of: lookup.to) {
                var asked: Set<Int> = [dns]
                for resolved in resolved(dns, asked: &asked) {
                    let askers = design.members(of: lookup.from).map { design.entry(of: $0) ?? $0 }
                    guard askers.contains(where: { receivers(resolved.to) != [$0] }), lookup.fromName != resolved.toName,
                          resolutions.insert("\(lookup.fromName) \(resolved.index)").inserted else { continue }
                    found.append((lookup.fromName, resolved.toName, resolved.protocolName ?? "tcp"))
                }
            }
        }
        var counts: [String: Int] = [:]
        for connection in found { counts["\(connection.source)->\(connection.target)", default: 0] += 1 }
        return found.map { connection in
            let pair = "\(connection.source)->\(connection.target)"
            return (counts[pair] ?? 0) > 1 ? "\(pair):\(connection.protocolName)" : pair
        }.uniqued()
    }
}

@Suite("The analyses agree with a brute-force reading of the spec on random designs")
struct ReferenceTests {
    static func designs(_ batch: Int) -> [(UInt64, Design)] {
        (batch * 250..<(batch * 250 + 250)).compactMap { seed in
            let parsed = Fixtures.read(RandomDesigns.make(seed: UInt64(seed + 100_000)))
            return parsed.errors.isEmpty ? (UInt64(seed + 100_000), parsed.design) : nil
        }
    }

    @Test("SEC001: the hosts hostile requests enter with no firewall before them", arguments: 0..<8)
    func missingFirewall(batch: Int) {
        for (seed, design) in Self.designs(batch) {
            guard let expected = SpecReading(design: design).unprotectedHosts(limit: 200_000) else { continue }
            let got = Set(Exposure(graph: TrafficGraph(design: design)).unprotectedHosts().map(\.host))
            #expect(got == expected, "seed \(seed): \(got.map { design.elements[$0].id }.sorted()) vs \(expected.map { design.elements[$0].id }.sorted())\n\(design.file.text)")
        }
    }

    @Test("SEC004: the datastores hostile requests reach with no application in between", arguments: 0..<8)
    func exposedDatastores(batch: Int) {
        for (seed, design) in Self.designs(batch) {
            guard let expected = SpecReading(design: design).exposedDatastores(limit: 200_000) else { continue }
            let got = Set(Exposure(graph: TrafficGraph(design: design)).exposedDatastores().map(\.datastore))
            #expect(got == expected, "seed \(seed): \(got.map { design.elements[$0].id }.sorted()) vs \(expected.map { design.elements[$0].id }.sorted())\n\(design.file.text)")
        }
    }

    @Test("DES001: what no client request reaches", arguments: 0..<8)
    func unreachable(batch: Int) {
        for (seed, design) in Self.designs(batch) {
            let reached = SpecReading(design: design).reached()
            let expected = Set(design.elements.filter {
                !reached.contains($0.index) && $0.container == nil && ![.client, .agent, .monitor].contains($0.kind)
            }.map(\.id))
            let got = Set(UnreachableElementRule.check(LintContext(design: design)).compactMap(\.element))
            #expect(got == expected, "seed \(seed): \(got.sorted()) vs \(expected.sorted())\n\(design.file.text)")
        }
    }

    @Test("connection names: as written, with the protocol where a source has two to one target", arguments: 0..<8)
    func connectionNames(batch: Int) {
        for (seed, design) in Self.designs(batch) {
            let expected = SpecReading(design: design).connectionNames()
            let got = TrafficGraph(design: design).connections.map(\.name).uniqued()
            #expect(got == expected, "seed \(seed): \(got) vs \(expected)\n\(design.file.text)")
        }
    }
}

extension Array where Element == String {
    /// Sorted, each once: connections with one name are one connection.
    func uniqued() -> [String] { Array(Set(self)).sorted() }
}
