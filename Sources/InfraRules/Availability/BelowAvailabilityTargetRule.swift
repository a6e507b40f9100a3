import Foundation
import InfraAnalysis
import InfraCore

/// AV008: the design promises an availability that some client's reads or writes
/// do not reach.
public enum BelowAvailabilityTargetRule: Rule {
    public static let description = RuleDescription(
        code: "AV008",
        name: "below-availability-target",
        category: .availability,
        defaultSeverity: .error,
        summary: "The design states a `target` and some client's reads or writes are estimated below it.",
        whatItDoes: """
            When the `design` block states `target: 99.95%`, estimates each client's availability for reads and \
            for writes as `infralint availability` does (every host at 99.9% unless it says otherwise, instances, \
            shared hosts, failover time) and reports each one below the target, with the element whose failures \
            cost it the most.
            """,
        whyIsThisBad: """
            A target is a promise: an SLA to customers, or an objective the team is paged on. A design that cannot \
            meet it on paper will not meet it in production, and the gap is cheapest to close before anything is \
            built.
            """,
        fixSafety: """
            Manual: the finding names what to make redundant first; `infralint availability` lists the rest.
            """,
        triggering: [
            RuleExample("""
                ↓design "shop" { target: 99.95% }
                client users
                web-server web-01
                users -> web-01 : https
                """),
        ],
        nonTriggering: [
            RuleExample("""
                design "shop" { target: 99.9% }
                client users
                web-server web-01 { instances: 2 }
                users -> web-01 : https
                """),
        ])

    public static func check(_ context: LintContext) -> [Finding] {
        guard let target = context.design.target else { return [] }
        let design = context.design
        let report = AvailabilityReport(model: context.failures)
        var findings: [Finding] = []
        for client in report.clients {
            // One finding a client, naming each kind below the target.
            let below = [("reads", client.reads), ("writes", client.writes)].compactMap { kind, figure in
                figure.flatMap { $0.availability < target / 100 ? (kind, $0) : nil }
            }
            guard !below.isEmpty else { continue }
            let estimates = below.enumerated().map { index, item in
                // An exact figure needs no word; a sampled one gives its interval (as explain does).
                let method = item.1.method == .exact ? "" : " (\(Figures.method(item.1)))"
                return index == 0
                    ? "the \(item.0) of \(client.name) are estimated at \(Figures.percent(item.1.availability))\(method)"
                    : "the \(item.0) at \(Figures.percent(item.1.availability))\(method)"
            }
            var message = estimates.joined(separator: " and ") + ", below the target of \(Figures.percent(target / 100))"
            var advice = "see infralint availability for what costs the most"
            // What costs the most over the kinds below the target, each element at its
            // worst, as the explanation ranks what buys the most uptime.
            var costs: [Int: Double] = [:]
            for (_, figure) in below {
                for item in figure.fixFirst { costs[item.element] = max(costs[item.element] ?? 0, item.hoursPerYear) }
            }
            if let first = costs.max(by: { ($0.value, design.elements[$1.key].id) < ($1.value, design.elements[$0.key].id) }) {
                let name = design.elements[first.key].id
                message += ": \(name) costs the most, about \(Figures.duration(hours: first.value)) of downtime a year"
                advice = "make \(name) redundant first (it costs about \(Figures.duration(hours: first.value)) a year); infralint availability lists the rest"
            }
            findings.append(context.designFinding(description, message, fix: .manual(advice), key: client.name))
        }
        return findings
    }
}
