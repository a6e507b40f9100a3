import InfraCore

/// DES005: writes sent to a replica.
public enum WriteToReplicaRule: Rule {
    public static let description = RuleDescription(
        code: "DES005",
        name: "write-to-replica",
        category: .design,
        defaultSeverity: .error,
        summary: "A link with `access: write` or `read-write` to a database whose role is replica.",
        whatItDoes: """
            Reports a link that says it writes to a replica. Links to a replica carry reads by default; this \
            fires only when the design says otherwise.
            """,
        whyIsThisBad: """
            A replica accepts no writes (MySQL's `read_only`, PostgreSQL's hot standby): the application's writes \
            fail, or, on a replica left writable by mistake, land in a copy that replication overwrites and a \
            failover discards.
            """,
        triggering: [
            RuleExample("""
                app-server app
                database db-01 { role: primary }
                database db-02 { role: replica, replicates: db-01 }
                ↓app -> db-02 : mysql { access: read-write }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                app-server app
                database db-01 { role: primary }
                database db-02 { role: replica, replicates: db-01 }
                app -> db-01 : mysql { access: write }
                app -> db-02 : mysql { access: read }
                """),
        ])

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        return design.links.compactMap { link in
            guard let access = link.access, access != .read, case .element(let target) = link.to else { return nil }
            let database = design.elements[target]
            guard database.kind == .database, database.role == .replica else { return nil }
            let primary = database.replicates?.name ?? "the primary"
            return context.finding(
                description,
                "\(link.name) sends writes to \(database.id), a replica: it accepts no writes, and anything written to it is overwritten by replication or lost in a failover",
                at: link.range, element: link.name,
                fix: "send writes to \(primary) (\(link.fromName) -> \(primary) { access: write }) and make this link { access: read }")
        }
    }
}
