import InfraCore

/// AV003: an active-passive cluster whose standby nobody promotes.
public enum PassiveWithoutFailoverRule: Rule {
    public static let description = RuleDescription(
        code: "AV003",
        name: "passive-without-failover",
        category: .availability,
        defaultSeverity: .warning,
        summary: "An active-passive cluster with manual failover (the default when the design does not say).",
        whatItDoes: """
            Reports an `active-passive` cluster whose `failover` is `manual`, written or by default. The standby \
            is there, but nothing promotes it. Its members are not also reported as single points of failure: \
            this is the one finding about the cluster. The member named as failing is the one the cluster \
            serves from (the one that takes writes, else the first). A replica standing by answers none of the \
            cluster's requests either, reads included, until it is promoted.
            """,
        whyIsThisBad: """
            When the active member fails, the site stays down until someone notices, logs in and promotes the \
            standby: minutes at best, at 3 a.m. Software does it in seconds: keepalived for a virtual IP, \
            Orchestrator or Patroni for a database.
            """,
        fixSafety: """
            Safe: sets `failover: automatic` on the cluster; the advice names what promotes the standby \
            (keepalived and a vip, Orchestrator, Patroni).
            """,
        triggering: [
            RuleExample("""
                client users
                ↓cluster edge { mode: active-passive
                  load-balancer lb-01
                  load-balancer lb-02
                }
                users -> edge : https
                """),
        ],
        nonTriggering: [
            RuleExample("""
                client users
                cluster edge { mode: active-passive, failover: automatic, vip: "203.0.113.10"
                  load-balancer lb-01
                  load-balancer lb-02
                }
                users -> edge : https
                """),
        ],
        mark: "manual failover")

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        let graph = context.graph
        return design.clusters.filter(\.hasUnpromotedStandby).map { cluster in
            // The member it serves from: the one that takes writes, else the first (as the load flows).
            let serving = graph.servingMember(ofCluster: cluster.index)?.element
            let active = serving.map { design.elements[$0].id } ?? cluster.id
            let standby = listed(cluster.members.filter { $0 != serving }.map { design.elements[$0].id }, conjunction: "or")
            let byDefault = cluster.failoverDeclared ? "" : " (the default for active-passive)"
            return context.finding(
                description,
                "\(cluster.id) is active-passive with manual failover\(byDefault): when \(active) fails, nothing promotes \(standby.isEmpty ? "a standby" : standby), and the site is down until someone does",
                on: cluster,
                fix: Fix(.safe, "let software promote the standby (keepalived and a vip, Orchestrator, Patroni)",
                         [.setProperty(.named(cluster.id), name: "failover", value: "automatic")]))
        }
    }
}
