import InfraAnalysis
import InfraCore

extension ExplainModel {
    /// A primary and its replicas, seen from the application: who writes where, who
    /// reads where, and what the failure model says happens when the primary fails.
    public struct Replication: Encodable, Sendable {
        public var primary: String
        public var replicas: String
        public var manyReplicas: Bool
        /// "Every write (INSERT, UPDATE, DELETE) goes to db-01: app-01 and app-02 write there."
        public var writes: String
        /// Writes sent straight to a replica (DES005), in sentences.
        public var misdirected: String?
        /// Replicas of replicas, in a sentence ("r2 replicates r1 in turn: …"); nil
        /// when every replica replays the primary.
        public var chained: String?
        /// "app-01 reads from db-01; app-02 reads from db-02".
        public var reads: String?
        public var isAsync: Bool, isSemiSync: Bool, isSync: Bool
        /// The replicas each mode copies into, named only when the replicas do not
        /// all replicate the same way ("Replication into analytics is asynchronous").
        public var asyncInto: String?, semiSyncInto: String?, syncInto: String?
        /// What happens when the primary fails, in a sentence or two.
        public var failure: String

        static func all(_ facts: ExplainFacts) -> [Replication] {
            facts.design.elements.compactMap { element in
                guard element.kind == .database, element.role != .replica else { return nil }
                return Replication(element, facts: facts)
            }
        }

        init?(_ primary: Element, facts: ExplainFacts) {
            let design = facts.design
            let cluster = design.cluster(of: primary).map { design.clusters[$0] }
            var replicas = design.replicas(of: primary.index)
            if let cluster {
                for member in cluster.members.map({ design.elements[$0] })
                where member.kind == .database && member.role == .replica && !replicas.contains(where: { $0.index == member.index }) {
                    replicas.append(member)
                }
            }
            guard !replicas.isEmpty else { return nil }
            // Replicas of those replicas, and so on: they hold copies of this primary's data too.
            var downstream: [(replica: Element, source: Element)] = []
            var seen = Set([primary.index] + replicas.map(\.index))
            var frontier = replicas
            while !frontier.isEmpty {
                var next: [Element] = []
                for source in frontier {
                    for replica in design.replicas(of: source.index) where seen.insert(replica.index).inserted {
                        downstream.append((replica, source))
                        next.append(replica)
                    }
                }
                frontier = next
            }
            chained = downstream.isEmpty ? nil : Self.chain(downstream, primary: primary)
            let copies = replicas + downstream.map(\.replica)
            func names(_ sources: [Int]) -> String { Prose.some(sources.map(facts.sourceName)) }
            self.primary = Prose.name(primary.id)
            self.replicas = Prose.names(replicas)
            manyReplicas = replicas.count > 1
            let writers = facts.writers(of: primary.index)
            writes = writers.isEmpty
                ? "Nothing in the design writes to \(Prose.name(primary.id))."
                : "Every write (INSERT, UPDATE, DELETE) goes to \(Prose.name(primary.id)): \(names(writers)) write\(writers.count == 1 ? "s" : "") there."
            let wrong = replicas.compactMap { replica -> String? in
                let sources = facts.writesToReplica[replica.index] ?? []
                guard !sources.isEmpty else { return nil }
                return "\(names(sources)) send\(sources.count == 1 ? "s" : "") writes to \(Prose.name(replica.id)), a replica, which cannot take them (see the issues)."
            }
            misdirected = wrong.isEmpty ? nil : wrong.joined(separator: " ")
            // Readers grouped by where they read.
            let family = Set([primary.index] + copies.map(\.index))
            var groups: [(links: [[Int]], readers: [Int])] = []
            for (reader, links) in facts.readLinks(into: family) {
                if let index = groups.firstIndex(where: { $0.links == links }) {
                    groups[index].readers.append(reader)
                } else {
                    groups.append((links, [reader]))
                }
            }
            let sentences = groups.map { "\(names($0.readers)) read\($0.readers.count == 1 ? "s" : "") from \(Self.sources($0.links, in: design))" }
            reads = sentences.isEmpty ? nil : sentences.joined(separator: "; ")
            isAsync = copies.contains { $0.replication == .async }
            isSemiSync = copies.contains { $0.replication == .semiSync }
            isSync = copies.contains { $0.replication == .sync }
            let mixed = [isAsync, isSemiSync, isSync].filter { $0 }.count > 1
            func into(_ mode: ReplicationMode) -> String? {
                let named = copies.filter { $0.replication == mode }
                return mixed && !named.isEmpty ? Prose.names(named) : nil
            }
            (asyncInto, semiSyncInto, syncInto) = (into(.async), into(.semiSync), into(.sync))
            failure = Self.failure(of: primary, replicas: replicas, copies: copies, cluster: cluster, facts: facts)
        }

        /// Where a reader reads, link by link: "db-01 or db-02" (one link to a
        /// cluster: any member serves), "orders and orders-r2" (two links: it needs
        /// both), "orders and either db-01 or db-02".
        static func sources(_ links: [[Int]], in design: Design) -> String {
            func name(_ index: Int) -> String { Prose.name(design.elements[index].id) }
            guard links.count > 1 else { return listed((links.first ?? []).map(name), conjunction: "or") }
            return listed(links.map { alternatives($0, in: design) })
        }

        /// One link among others: "db-01", "either db-01 or db-02", "any of …".
        static func alternatives(_ link: [Int], in design: Design) -> String {
            func name(_ index: Int) -> String { Prose.name(design.elements[index].id) }
            switch link.count {
            case 1: return name(link[0])
            case 2: return "either \(name(link[0])) or \(name(link[1]))"
            default: return "any of \(listed(link.map(name), conjunction: "or"))"
            }
        }

        /// "r2 replicates r1 in turn: its copy of main's data trails by one more
        /// replication step, and it stops following main when r1 fails."
        static func chain(_ downstream: [(replica: Element, source: Element)], primary: Element) -> String {
            let name = Prose.name(primary.id)
            let pairs = listed(downstream.map { "\(Prose.name($0.replica.id)) replicates \(Prose.name($0.source.id))" })
            guard downstream.count == 1, let only = downstream.first else {
                return "\(pairs) in turn: each copy of \(name)'s data trails the one it replays, and stops following \(name) when that replica fails."
            }
            return "\(pairs) in turn: its copy of \(name)'s data trails by one more replication step, and it stops following \(name) when \(Prose.name(only.source.id)) fails."
        }

        /// What happens to writes and reads when the primary alone fails.
        static func failure(of primary: Element, replicas: [Element], copies: [Element], cluster: Cluster?, facts: ExplainFacts) -> String {
            let graph = facts.graph
            let name = Prose.name(primary.id)
            let standby = Prose.names(replicas, conjunction: "or")
            var text: String
            let writers = facts.clientsServed(.write)
            let writesStop = facts.clientsStopped(by: primary.index, .write)
            if let cluster, cluster.hasUnpromotedStandby || (cluster.mode == .activePassive && cluster.failover == .manual) {
                // LANGUAGE.md: the standby takes over only once someone promotes it, the
                // reads sent to the cluster included (as what-if and AV003 say).
                return "When \(name) fails, the writes and the reads sent to \(MarkdownText.code(cluster.id)) wait until someone "
                    + "promotes \(standby) (failover is manual)."
            } else if writers.isEmpty {
                text = "When \(name) fails, nothing writes: no client completes a write even with nothing failed"
            } else if writesStop.isEmpty, let copies = Self.instances(of: primary, in: facts.design) {
                // Several instances behind one name: losing one is not losing the primary.
                return "When one of \(name)'s \(copies) instances fails, the other\(copies > 2 ? "s carry" : " carries") on with its reads and writes."
            } else if writesStop.isEmpty, cluster != nil {
                text = "When \(name) fails, \(standby) is promoted automatically, within seconds, and takes the writes"
            } else if writesStop.isEmpty {
                // No replica takes its place, yet every client still writes: say the way
                // their writes go then, as what-if shows it.
                text = "When \(name) fails, writes carry on along \(survivingWrites(without: primary, graph: graph))"
            } else if let cluster {
                // The cluster promotes a replica, but the writes name the primary itself
                // (AV001's advice: link the cluster, not its member).
                let naming = Self.writersNaming(primary, in: facts.design)
                let promoted = "\(MarkdownText.code(cluster.id)) promotes \(standby)"
                text = naming.isEmpty
                    ? "When \(name) fails, writes stop, though \(promoted): they reach \(name) by its own name, not through the cluster"
                    : "When \(name) fails, writes stop, though \(promoted): \(listed(naming)) send\(naming.count == 1 ? "s its" : " their") writes to \(name) by name, not to the cluster"
            } else {
                text = "When \(name) fails, writes stop: nothing promotes \(standby), \(replicas.count == 1 ? "which is" : "which are") in no cluster"
            }
            let readers = facts.clientsServed(.read)
            let readsStop = facts.clientsStopped(by: primary.index, .read)
            if readers.isEmpty {
                text += "."
            } else if readsStop.isEmpty {
                // Named by where they read: a replica of a replica, as well as the primary's own.
                let survivors = facts.readers(of: Set(copies.map(\.index)))
                    .filter { !facts.stops(primary.index, $0.reader, .read) }
                let readFrom = Set(survivors.flatMap(\.databases)).sorted()
                text += survivors.isEmpty
                    ? "; reads carry on."
                    : "; reads carry on through \(Prose.some(survivors.map { facts.sourceName($0.reader) })), which read\(survivors.count == 1 ? "s" : "") from \(listed(readFrom.map { Prose.name(facts.design.elements[$0].id) }, conjunction: "or"))."
            } else {
                text += "; reads stop too for \(Prose.some(readsStop.map { Prose.name(graph.name(of: $0)) })): they need \(name) as well."
            }
            return text
        }

        /// What sends writes to a database by its own name (not its cluster's), as written.
        static func writersNaming(_ database: Element, in design: Design) -> [String] {
            var names: [String] = []
            for link in design.links where link.to == .element(database.index) && (link.access?.kinds.contains(.write) ?? true) {
                // Monitoring traffic is not requests (LANGUAGE.md).
                if case .element(let source) = link.from, [.agent, .monitor].contains(design.elements[source].kind) { continue }
                let name = Prose.name(link.fromName)
                if !names.contains(name) { names.append(name) }
            }
            return names
        }

        /// The instances a database runs as (its own, else its host's), when more than one.
        static func instances(of database: Element, in design: Design) -> Int? {
            let count = max(database.instances, design.elements[database.host].instances)
            return count > 1 ? count : nil
        }

        /// "`shoppers -> us-lb -> us-app-2 -> images`, a way that does not need it":
        /// each writing client's path once the primary is down.
        static func survivingWrites(without primary: Element, graph: TrafficGraph) -> String {
            let whatIf = WhatIf(graph: graph, failing: [primary.index])
            let paths = whatIf.clients.compactMap { $0.write }.filter(\.served).compactMap(\.paths.first)
            let shown = paths.prefix(3).map { "`\(WhatIfRenderer.path($0, in: whatIf))`" }
            let more = paths.count > 3 ? " and \(paths.count - 3) more" : ""
            return "\(listed(shown))\(more), \(paths.count == 1 ? "a way that does" : "ways that do") not need it"
        }
    }
}
