import InfraCore

extension ExplainModel {
    /// Active-active or active-passive: this design's arrangements, and what nothing
    /// backs up.
    public struct Modes: Encodable, Sendable {
        public var arrangements: [String]
        public var gaps: [String]
        public var activeActive: Bool
        public var activePassive: Bool

        init?(_ facts: ExplainFacts) {
            let design = facts.design
            var arrangements: [String] = []
            var active = false
            var passive = false
            // A balancer in a cluster, or on a server in one, is said with its cluster.
            for balancer in design.elements where balancer.kind == .loadBalancer && design.cluster(of: balancer) == nil {
                let backends = facts.backends(of: balancer).map(\.element)
                guard backends.count >= 2 else { continue }
                active = true
                let shared = facts.balanced(backends)
                let noun = shared.noun.map { "the \($0) " } ?? ""
                let through = shared.firewalls.map { " (through \(Prose.some($0.map { Prose.name($0.id) })))" } ?? ""
                var text = "\(MarkdownText.code(balancer.id)) sends requests to \(noun)\(Prose.some(shared.elements.map { Prose.name($0.id) }))\(through) at the same time: they are **active-active**"
                if !balancer.healthCheck { text += ", but with its health checks off a failed one keeps receiving its share" }
                arrangements.append(text + ".")
            }
            // Plain active-active clusters are said together; one with a shared address
            // is not plain: one member holds the address at a time.
            var plain: [Cluster] = []
            for cluster in design.clusters where cluster.members.count >= 2 {
                let members = cluster.members.map { design.elements[$0] }
                let subject = "\(MarkdownText.code(cluster.id)) (\(Prose.names(members)))"
                if cluster.mode == .activeActive {
                    active = true
                    guard let vip = cluster.vip else {
                        plain.append(cluster)
                        continue
                    }
                    arrangements.append("\(subject) is **active-active**: \(members.count == 2 ? "both" : "all") members serve at the same time; but they share one address, \(MarkdownText.escape(vip)), which one member holds at a time, so only that one receives requests (a shared address suits active-passive).")
                    continue
                }
                passive = true
                // The member the load flow serves from: a server holding the replica is not it.
                let serving = facts.graph.servingMember(ofCluster: cluster.index).map { design.elements[$0.element] } ?? members[0]
                let standby = members.filter { $0.index != serving.index }
                let isData = members.allSatisfy { $0.kind == .database }
                var text = "\(subject) is **active-passive**: \(Prose.name(serving.id)) \(isData ? "takes the writes" : "serves"), "
                text += "\(Prose.names(standby)) stand\(standby.count == 1 ? "s" : "") by"
                // Reads sent to the cluster go to the member it serves from; a standby serves
                // reads meanwhile only to those that link to it directly.
                let readers = standby.flatMap { facts.activeReaders(of: $0.index) }
                if isData, !readers.isEmpty { text += " and serve\(standby.count == 1 ? "s" : "") reads meanwhile" }
                if cluster.failover == .automatic {
                    text += "; failover is automatic: software switches to the standby within seconds"
                    if let vip = cluster.vip { text += " and moves the address \(MarkdownText.escape(vip)) to it" }
                } else {
                    text += "; failover is manual: the standby waits for a person to promote it"
                }
                arrangements.append(text + ".")
            }
            if plain.count == 1, let cluster = plain.first {
                let members = cluster.members.map { design.elements[$0] }
                arrangements.insert("\(MarkdownText.code(cluster.id)) (\(Prose.names(members))) is **active-active**: \(members.count == 2 ? "both" : "all") members serve at the same time.", at: 0)
            } else if plain.count > 1 {
                let pairs = plain.allSatisfy { $0.members.count == 2 }
                arrangements.insert("\(Prose.some(plain.map { MarkdownText.code($0.id) }, limit: 8)) are **active-active**: \(pairs ? "both" : "all the") members of each serve at the same time.", at: 0)
            }
            var gaps: [String] = []
            // A backend that a load balancer shares requests with another is not alone.
            var balanced = Set<Int>()
            for balancer in design.elements where balancer.kind == .loadBalancer {
                let backends = facts.backends(of: balancer)
                if backends.count >= 2 { balanced.formUnion(backends.map(\.element.index)) }
            }
            let alone = design.elements.filter {
                $0.isHost && $0.cluster == nil && $0.instances < 2 && [.loadBalancer, .firewall].contains($0.kind)
                    && !balanced.contains($0.index)
            }
            if !alone.isEmpty {
                gaps.append("Nothing stands beside \(Prose.some(alone.map { MarkdownText.code($0.id) })): no second one serves with \(alone.count == 1 ? "it" : "them") or waits to take over.")
            }
            for database in design.elements where database.kind == .database && database.role != .replica && design.cluster(of: database) == nil {
                let replicas = design.replicas(of: database.index)
                guard !replicas.isEmpty else { continue }
                gaps.append("\(MarkdownText.code(database.id)) and its replica\(replicas.count == 1 ? "" : "s") \(Prose.names(replicas)) are in no cluster: nothing promotes \(Prose.names(replicas, conjunction: "or")) when \(Prose.name(database.id)) fails.")
            }
            guard !arrangements.isEmpty || !gaps.isEmpty else { return nil }
            self.arrangements = arrangements
            self.gaps = gaps
            activeActive = active
            activePassive = passive
        }
    }
}
