import InfraCore

/// SEC005: replication across networks in plaintext.
public enum PlaintextReplicationRule: Rule {
    public static let description = RuleDescription(
        code: "SEC005",
        name: "plaintext-replication",
        category: .security,
        defaultSeverity: .warning,
        summary: "Replication between databases in different networks, or through an untrusted one, without `tls: true` on the replica.",
        whatItDoes: """
            Reports a replica whose primary sits in another network, or either of which sits in an `untrusted` \
            network, unless the replica says `tls: true`.
            """,
        whyIsThisBad: """
            Replication streams every row written to the primary. Across networks (another data centre, a \
            disaster-recovery site, another cloud) it crosses links you do not control, readable by anyone on \
            the way.
            """,
        fixSafety: """
            Safe: sets `tls: true` on the replica.
            """,
        triggering: [
            RuleExample("""
                network main
                network dr-site
                database db-01 in main { role: primary }
                ↓database db-02 in dr-site { role: replica, replicates: db-01 }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                network main
                network dr-site
                database db-01 in main { role: primary }
                database db-02 in dr-site { role: replica, replicates: db-01, tls: true }
                """),
        ],
        securitySeverity: 4.5)

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        return design.elements.compactMap { replica in
            guard replica.kind == .database, replica.role == .replica, !replica.replicationTLS,
                  case .element(let primaryIndex)? = replica.replicates?.symbol else { return nil }
            let primary = design.elements[primaryIndex]
            guard primary.kind == .database else { return nil }
            let untrusted = [replica, primary].compactMap { element in
                element.network.flatMap { design.networks[$0].trust == .untrusted ? design.networks[$0].id : nil }
            }
            guard replica.network != primary.network || !untrusted.isEmpty else { return nil }
            func place(_ element: Element) -> String { element.network.map { design.networks[$0].id } ?? "outside any network" }
            let how = untrusted.isEmpty ? "crosses from \(place(primary)) to \(place(replica))"
                : "goes through the untrusted network \(untrusted[0])"
            return context.finding(
                description,
                "replication from \(primary.id) to \(replica.id) \(how) in plaintext: every row written travels readable",
                on: replica, fix: Fix(.safe, "encrypt replication", [.setProperty(.named(replica.id), name: "tls", value: "true")]))
        }
    }
}
