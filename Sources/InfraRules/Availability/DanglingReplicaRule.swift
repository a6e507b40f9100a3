import InfraCore

/// AV007: a replica of nothing, of something that is not a database, or in a replication cycle.
public enum DanglingReplicaRule: Rule {
    public static let description = RuleDescription(
        code: "AV007",
        name: "dangling-replica",
        category: .availability,
        defaultSeverity: .error,
        summary: "A replica that replicates nothing or something that is not a database, or a replication cycle.",
        whatItDoes: """
            Reports a `replica` without `replicates:`, or whose `replicates:` names something that is not a \
            database (on the replica, naming both places), and a cycle of replicas copying each other (once, on \
            its first member in file order).
            """,
        whyIsThisBad: """
            A replica is only as good as what it copies. One that copies nothing holds no data to serve, and a \
            cycle has no original: there is no primary to take writes, and no way to tell which copy is right.
            """,
        fixSafety: """
            Unsafe: the first member of a replication cycle becomes the primary (`role: primary`, `replicates` \
            removed); a replica that copies nothing, or something that is not a database, copies the design's \
            only primary when there is exactly one. Manual otherwise.
            """,
        triggering: [
            RuleExample("""
                ↓database db-02 { role: replica }
                """),
            RuleExample("""
                server web-01
                ↓database db-02 { role: replica, replicates: web-01 }
                """),
            RuleExample("""
                ↓database db-01 { role: replica, replicates: db-02 }
                database db-02 { role: replica, replicates: db-01 }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                database db-01 { role: primary }
                database db-02 { role: replica, replicates: db-01 }
                """),
        ],
        mark: "broken replication")

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        var findings: [Finding] = []
        let cycles = replicationCycles(in: design)
        let writers = design.elements.filter { $0.kind == .database && $0.role != .replica }
        func nameIt(_ replica: Element) -> Fix {
            let candidates = writers.filter { $0.index != replica.index }
            if candidates.count == 1 {
                return Fix(.unsafe, "copy the design's only primary", [.setProperty(.named(replica.id), name: "replicates", value: candidates[0].id)])
            }
            if candidates.isEmpty {
                return .manual("declare the database \(replica.id) copies, with role: primary, and name it in \(replica.id)'s replicates property")
            }
            return .manual("name the database \(replica.id) copies: replicates: \(listed(candidates.map(\.id), conjunction: "or"))")
        }
        for replica in design.elements where replica.kind == .database && replica.role == .replica {
            guard let reference = replica.replicates else {
                findings.append(context.finding(
                    description, "\(replica.id) is a replica but replicates nothing: it holds no copy of any data",
                    on: replica, fix: nameIt(replica)))
                continue
            }
            switch reference.symbol {
            case .element(let target) where design.elements[target].kind == .database:
                guard let cycle = cycles[replica.index], cycle.first == replica.index else { continue }
                let names = cycle.map { design.elements[$0].id }
                let subject = names.count == 1 ? "\(replica.id) replicates itself" : "\(listed(names)) replicate each other in a cycle"
                findings.append(context.finding(
                    description,
                    "\(subject): no primary holds the original data",
                    on: replica,
                    fix: Fix(.unsafe, "make \(replica.id) the primary the others copy", [
                        .setProperty(.named(replica.id), name: "role", value: "primary"),
                        .removeProperty(.named(replica.id), name: "replicates", value: reference.name),
                    ] + keepReads(into: replica, design: design))))
            case .element(let target):
                let other = design.elements[target]
                findings.append(context.finding(
                    description, "\(replica.id) replicates \(other.id), which is \(other.kind.keywordWithArticle), not a database",
                    on: replica, fix: nameIt(replica),
                    related: [("\(other.id) is declared here", other.range)]))
            case .cluster(let cluster):
                let inside = design.clusters[cluster].members.map { design.elements[$0] }
                    .filter { $0.kind == .database && $0.role != .replica }
                let fix = inside.count == 1
                    ? Fix(.unsafe, "copy the cluster's primary", [.setProperty(.named(replica.id), name: "replicates", value: inside[0].id)])
                    : nameIt(replica)
                findings.append(context.finding(
                    description, "\(replica.id) replicates \(design.clusters[cluster].id), which is a cluster, not a database",
                    on: replica, fix: fix,
                    related: [("\(design.clusters[cluster].id) is declared here", design.clusters[cluster].range)]))
            case .network(let network):
                findings.append(context.finding(
                    description, "\(replica.id) replicates \(design.networks[network].id), which is a network, not a database",
                    on: replica, fix: nameIt(replica)))
            }
        }
        return findings
    }

    /// Each replica on a replication cycle, with the cycle's members sorted by
    /// declaration order. Following `replicates:` from a replica gives one path
    /// (each replica copies one database), so each element is visited once: O(n).
    static func replicationCycles(in design: Design) -> [Int: [Int]] {
        func next(_ index: Int) -> Int? {
            let element = design.elements[index]
            guard element.kind == .database, element.role == .replica, let reference = element.replicates,
                  case .element(let target) = reference.symbol, design.elements[target].kind == .database else { return nil }
            return target
        }
        // 0: not visited, 1: on the current path, 2: done.
        var state = [UInt8](repeating: 0, count: design.elements.count)
        var cycles: [Int: [Int]] = [:]
        var path: [Int] = []
        for start in design.elements.indices where state[start] == 0 {
            path.removeAll(keepingCapacity: true)
            var current: Int? = start
            while let node = current, state[node] == 0 {
                state[node] = 1
                path.append(node)
                current = next(node)
            }
            if let node = current, state[node] == 1, let position = path.firstIndex(of: node) {
                let cycle = Array(path[position...]).sorted()
                for member in cycle { cycles[member] = cycle }
            }
            for node in path { state[node] = 2 }
        }
        return cycles
    }

    /// Links to a replica that name no access carry reads; to a primary they would
    /// carry writes too. Saying `access: read` keeps what they do.
    static func keepReads(into replica: Element, design: Design) -> [Edit] {
        (design.linksTo[.element(replica.index)] ?? []).map { design.links[$0] }
            .filter { $0.access == nil && !design.members(of: $0.from).contains { design.elements[$0].kind.isMonitoring } }
            .map { .setLinkProperty(LinkRef($0), name: "access", value: Access.read.rawValue) }
    }
}
