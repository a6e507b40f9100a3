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
            where a known property is close, or the kinds that do take it, or else the properties this block \
            takes.
            """,
        whyIsThisBad: """
            infralint ignores a property it does not know, so a misspelled `algoritm: least-connections` \
            silently leaves the default in place: the linter, the diagram and the explanation all describe a \
            design other than the one you meant.
            """,
        fixSafety: """
            Unsafe: renames the property to the one it is close to when its value suits that property; otherwise \
            removes it, as it is ignored anyway.
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
            if let suggestion = unknown.suggestion {
                message += "; did you mean '\(suggestion)'?"
            } else if !unknown.takenBy.isEmpty {
                let subject = unknown.otherName.map { "'\($0)'" } ?? "it"
                message += "; \(subject) applies to \(listed(unknown.takenBy, conjunction: "or"))"
            } else {
                // Nothing close and nothing else takes it: say what this block does take.
                let taken = PropertyCatalog.specs(for: unknown.owner).map(\.name)
                message += "; \(unknown.owner.spelling) takes \(listed(taken, limit: taken.count))"
            }
            return context.finding(description, message, at: unknown.range, element: unknown.ownerName,
                                   fix: fix(unknown, design: context.design), key: unknown.name)
        }
    }

    /// Renamed to the property it is close to when its value suits that property;
    /// else removed, since it is ignored anyway.
    static func fix(_ unknown: UnknownProperty, design: Design) -> Fix {
        let owner: PropertyOwnerRef
        switch unknown.owner {
        case .design: owner = .design
        case .link:
            guard let first = unknown.links.first else { return .manual("remove \(unknown.name) from the link") }
            owner = .link(LinkRef(design.links[first]))
        default:
            guard let name = unknown.ownerName else { return .manual("remove \(unknown.name)") }
            owner = .named(name)
        }
        let written = Formatter.render(unknown.value)
        if let suggestion = unknown.suggestion, renameIsValid(unknown, to: suggestion, design: design) {
            return Fix(.unsafe, "", [.renameProperty(owner, from: unknown.name, to: suggestion)])
        }
        return Fix(.unsafe, "it is ignored", [.removeProperty(owner, name: unknown.name, value: written)])
    }

    /// Whether the renamed property would read as the builder expects: not set twice,
    /// a value of its type, and for `replicates` and `entry` what the builder checks.
    static func renameIsValid(_ unknown: UnknownProperty, to name: String, design: Design) -> Bool {
        guard !unknown.siblings.contains(name), let spec = PropertyCatalog.spec(name, for: unknown.owner),
              spec.type.accepts(unknown.value, declared: { design.symbols[$0] != nil }) else { return false }
        let element = unknown.ownerName.flatMap(design.element(named:))
        switch name {
        case "replicates": return element?.role == .replica
        case "entry":
            guard let element, let target = unknown.value.text.flatMap(design.element(named:)) else { return false }
            return target.container == element.index
        default: return true
        }
    }
}
