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
        ])

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        var findings: [Finding] = []
        var reportedCycles = Set<Int>()
        for replica in design.elements where replica.kind == .database && replica.role == .replica {
            guard let reference = replica.replicates else {
                findings.append(context.finding(
                    description, "\(replica.id) is a replica but replicates nothing: it holds no copy of any data",
                    on: replica, fix: "name the database it copies: replicates: DATABASE"))
                continue
            }
            switch reference.symbol {
            case .element(let target) where design.elements[target].kind == .database:
                if let cycle = cycle(from: replica.index, in: design), !cycle.contains(where: reportedCycles.contains),
                   cycle.min() == replica.index {
                    reportedCycles.formUnion(cycle)
                    let names = cycle.sorted().map { design.elements[$0].id }
                    let subject = names.count == 1 ? "\(replica.id) replicates itself" : "\(listed(names)) replicate each other in a cycle"
                    findings.append(context.finding(
                        description,
                        "\(subject): no primary holds the original data",
                        on: replica, fix: "make one of them role: primary, without replicates"))
                }
            case .element(let target):
                let other = design.elements[target]
                findings.append(context.finding(
                    description, "\(replica.id) replicates \(other.id), which is a \(other.kind.keyword), not a database",
                    on: replica, fix: "name the database it copies: replicates: DATABASE",
                    related: [("\(other.id) is declared here", other.range)]))
            case .cluster(let cluster):
                findings.append(context.finding(
                    description, "\(replica.id) replicates \(design.clusters[cluster].id), which is a cluster, not a database",
                    on: replica, fix: "name the database in the cluster that it copies",
                    related: [("\(design.clusters[cluster].id) is declared here", design.clusters[cluster].range)]))
            case .network(let network):
                findings.append(context.finding(
                    description, "\(replica.id) replicates \(design.networks[network].id), which is a network, not a database",
                    on: replica, fix: "name the database it copies: replicates: DATABASE"))
            }
        }
        return findings
    }

    /// The replicas in a cycle through this one, following `replicates:`; nil when it ends at a primary.
    static func cycle(from start: Int, in design: Design) -> [Int]? {
        var path: [Int] = []
        var current = start
        while true {
            if let position = path.firstIndex(of: current) {
                let cycle = Array(path[position...])
                return cycle.contains(start) ? cycle : nil
            }
            path.append(current)
            let element = design.elements[current]
            guard element.role == .replica, let reference = element.replicates,
                  case .element(let next) = reference.symbol, design.elements[next].kind == .database else { return nil }
            current = next
        }
    }
}
