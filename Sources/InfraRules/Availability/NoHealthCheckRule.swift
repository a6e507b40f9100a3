import InfraCore

/// AV004: a load balancer that keeps sending requests to dead backends.
public enum NoHealthCheckRule: Rule {
    public static let description = RuleDescription(
        code: "AV004",
        name: "no-health-check",
        category: .availability,
        defaultSeverity: .warning,
        summary: "A load balancer with `health-check: false`.",
        whatItDoes: """
            Reports a load balancer whose health checks are off. The failure model then treats it as needing all \
            its backends, not one.
            """,
        whyIsThisBad: """
            Without health checks a load balancer keeps sending its share of requests to a backend that is down, \
            so one dead server fails a fraction of every user's requests: the redundancy behind it no longer \
            protects anyone.
            """,
        fixSafety: """
            Safe: removes `health-check: false` (checks are on by default).
            """,
        triggering: [
            RuleExample("""
                ↓load-balancer lb-01 { health-check: false }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                load-balancer lb-01 { health-check: true }
                """),
        ])

    public static func check(_ context: LintContext) -> [Finding] {
        context.design.elements.filter { $0.kind == .loadBalancer && !$0.healthCheck }.map { element in
            // With one backend there is no share to lose yet: say what a second one would meet.
            let backends = UnbalancedBackendsRule.backendLinks(of: element, design: context.design)
                .reduce(into: Set<Int>()) { $0.formUnion(context.design.members(of: $1.to)) }
            let consequence = backends.count == 1
                ? "a backend added beside \(backends.first.map { context.design.elements[$0].id } ?? "its one") would keep receiving its share after it died"
                : "it keeps sending requests to a dead backend, so one failed backend fails a share of all requests"
            return context.finding(
                description,
                "\(element.id) has health-check: false: \(consequence)",
                on: element,
                fix: Fix(.safe, "check the backends' health (checks are on by default)",
                         [.removeProperty(.named(element.id), name: "health-check", value: context.writtenValue(element, "health-check") ?? "false")]))
        }
    }
}
