import InfraCore

/// DES003: a property the kind does not take.
public enum UnknownPropertyRule: Rule {
    public static let description = RuleDescription(
        code: "DES003",
        name: "unknown-property",
        category: .design,
        defaultSeverity: .warning,
        summary: "A property the element, cluster, network or link does not take.",
        whatItDoes: """
            Reports a property that the kind of block it is written in does not take, with a "did you mean" \
            where a known property is close, or the kinds that do take it.
            """,
        whyIsThisBad: """
            infralint ignores a property it does not know, so a misspelled `algoritm: least-connections` \
            silently leaves the default in place: the linter, the diagram and the explanation all describe a \
            design other than the one you meant.
            """,
        triggering: [
            RuleExample("""
                load-balancer lb-01 { ↓algoritm: least-connections }
                """),
            RuleExample("""
                server web-01 { ↓algorithm: round-robin }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                load-balancer lb-01 { algorithm: least-connections }
                """),
        ])

    public static func check(_ context: LintContext) -> [Finding] {
        context.design.unknownProperties.map { unknown in
            var message = "'\(unknown.name)' is not a property of \(unknown.owner.spelling), so it is ignored"
            var fix: String?
            if let suggestion = unknown.suggestion {
                message += "; did you mean '\(suggestion)'?"
                fix = "rename it: \(suggestion): …"
            } else if !unknown.takenBy.isEmpty {
                let subject = unknown.otherName.map { "'\($0)'" } ?? "it"
                message += "; \(subject) applies to \(listed(unknown.takenBy, conjunction: "or"))"
                fix = "remove it, or move it to the element it describes"
            } else {
                fix = "remove it; the README's language tour lists the properties each kind takes"
            }
            return context.finding(description, message, at: unknown.range, element: unknown.ownerName, fix: fix)
        }
    }
}
