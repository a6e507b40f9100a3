import InfraAnalysis
import InfraCore

/// AV010: one failure, which leaves every client served, overloads what survives.
public enum OverloadAfterFailureRule: Rule {
    public static let description = RuleDescription(
        code: "AV010",
        name: "overload-after-failure",
        category: .availability,
        defaultSeverity: .warning,
        summary: "A single failure that leaves the clients served puts a surviving element above 100% of its `capacity`.",
        whatItDoes: """
            For each single failure that AV001 does not report (every client still completes what it completed): \
            a host, a component, or one instance of an element or host that has several, splits the clients' \
            peak `load` again over what is left, as `infralint availability` does. Reports each element that one \
            of them pushes above its capacity, once, with the worst such failure. An element already over its \
            capacity with nothing failed is AV009's.
            """,
        whyIsThisBad: """
            Redundancy that cannot carry the load is redundancy on paper: when one server fails at the busiest \
            hour, the survivor takes its traffic, overloads, and fails or times out too. The outage the second \
            server was bought to prevent happens anyway (N+1 means the N that remain carry the peak).
            """,
        fixSafety: """
            Unsafe: `instances` raised on the overloaded element so that it carries the load after the failure \
            and after losing one of its own instances. A database gets advice instead.
            """,
        triggering: [
            RuleExample("""
                client users { load: 1200 }
                load-balancer lb-01 { instances: 2 }
                ↓web-server web-01 { capacity: 800 }
                ↓web-server web-02 { capacity: 800 }
                users -> lb-01 : https
                lb-01 -> web-01, web-02 : http
                """),
        ],
        nonTriggering: [
            RuleExample("""
                client users { load: 700 }
                load-balancer lb-01 { instances: 2 }
                web-server web-01 { capacity: 800 }
                web-server web-02 { capacity: 800 }
                users -> lb-01 : https
                lb-01 -> web-01, web-02 : http
                """),
        ])

    public static func check(_ context: LintContext) -> [Finding] {
        guard let report = context.capacity else { return [] }
        let design = context.design
        var findings: [Finding] = []
        for row in report.rows where row.utilisation <= 1 + 1e-9 {
            guard let failure = report.worstFailure[row.element], failure.utilisation > 1 + 1e-9 else { continue }
            let element = design.elements[row.element]
            findings.append(context.finding(
                description,
                failure.sentence(in: design) + ", against \(Figures.utilisation(row.utilisation)) with nothing failed",
                on: element, fix: context.scalingFix(element, row: row, worstLoad: report.worstLoadAfterFailure[row.element] ?? row.load)))
        }
        return findings
    }
}
