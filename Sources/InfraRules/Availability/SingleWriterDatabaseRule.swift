import InfraAnalysis
import InfraCore

/// AV002: every write ends at one database, where AV001 does not already report it.
public enum SingleWriterDatabaseRule: Rule {
    public static let description = RuleDescription(
        code: "AV002",
        name: "single-writer-database",
        category: .availability,
        defaultSeverity: .note,
        summary: "Every write ends at one database, even though a failover keeps the site up.",
        whatItDoes: """
            Follows every client's writes with nothing failed and reports the database they all end at, when \
            there is only one and AV001 does not already report it: its cluster promotes a replica when it \
            fails, or it runs several instances, or, alone (no other member in its cluster), the clients' writes also go on without any database (to storage, say), \
            and the message says that nothing promotes a replica.
            """,
        whyIsThisBad: """
            Only one MySQL server accepts writes. While a replica is being promoted, writes stop (seconds with \
            automatic failover, more with replication lag to catch up), and the site's write capacity is capped \
            at what one machine can take. That is often the right trade-off; know that you made it.
            """,
        fixSafety: """
            Manual: spreading writes (sharding, a multi-primary cluster) depends on the data.
            """,
        triggering: [
            RuleExample("""
                client users
                web-server web { instances: 2 }
                cluster data { mode: active-passive, failover: automatic
                  ↓database db-01 { role: primary }
                  database db-02 { role: replica, replicates: db-01 }
                }
                users -> web : https
                web -> data : mysql
                """),
        ],
        nonTriggering: [
            RuleExample("""
                client users
                web-server web { instances: 2 }
                cluster data { mode: active-active
                  database db-01 { role: primary }
                  database db-02 { role: primary }
                }
                users -> web : https
                web -> data : mysql
                """),
        ],
        mark: "only writer")

    public static func check(_ context: LintContext) -> [Finding] {
        let model = context.failures
        guard model.isAnalysed(.write) else { return [] }
        let writers = context.servingDatabases[.write] ?? []
        guard writers.count == 1, let writer = writers.first else { return [] }
        let element = context.design.elements[writer]
        let reported = Set(context.singlePoints.map(\.unit))
        guard !reported.contains(writer), !reported.contains(element.host) else { return [] }
        // Alone (no other member, one instance) nothing promotes a replica: its failure spares
        // the clients' writes only because they also go on without any database (to storage, say).
        let cluster = context.design.cluster(of: element).map { context.design.clusters[$0] }
        let redundant = (cluster?.members.count ?? 0) > 1 || element.instances > 1
            || context.design.elements[element.host].instances > 1
        let message = redundant
            ? "every write goes to \(element.id): while a replica is promoted writes stop, and write capacity is capped at one machine"
            : "every database write goes to \(element.id) and nothing promotes a replica when it fails (the writes that go on then need no database): database write capacity is capped at one machine"
        return [context.finding(
            description,
            message,
            on: element,
            fix: .manual("accept it knowingly, or spread the writes of \(element.id): shard the data over several primaries, or use a multi-primary cluster (Galera, Group Replication)"))]
    }
}
