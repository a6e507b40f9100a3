import InfraCore

/// The findings about `# infralint: ignore` comments themselves. They are not
/// rules over the design (they need every other rule's findings first), so the
/// lint run reports them; their descriptions live here so that `infralint rules`,
/// the docs and SARIF describe them like every rule.
public enum SuppressionDiagnostics {
    public static let missingReason = RuleDescription(
        code: "SUP001",
        name: "suppression-without-reason",
        category: .design,
        defaultSeverity: .warning,
        summary: "An `# infralint: ignore` comment gives no reason after `--`.",
        whatItDoes: """
            Reports a suppression comment with no justification. The suppression still applies.
            """,
        whyIsThisBad: """
            A silenced finding with no reason is a decision nobody can review: the next reader cannot tell an \
            accepted risk from a forgotten one. The reason also travels into SARIF as the suppression's \
            justification.
            """,
        fixSafety: """
            Manual: only the author knows why the finding is silenced.
            """,
        triggering: [
            RuleExample("""
                ↓# infralint: ignore DES003
                load-balancer lb-01 { owner: "team-edge" }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                # infralint: ignore DES003 -- read by our inventory tooling
                load-balancer lb-01 { owner: "team-edge" }
                """),
        ])

    public static let unused = RuleDescription(
        code: "SUP002",
        name: "unused-suppression",
        category: .design,
        defaultSeverity: .note,
        summary: "An `# infralint: ignore` comment silences nothing.",
        whatItDoes: """
            Reports a suppressed code that no finding on that element (or, for `ignore-file`, in that file) has.
            """,
        whyIsThisBad: """
            Once the design is fixed, a leftover suppression would silently hide the problem if it came back. \
            Remove it.
            """,
        fixSafety: """
            Safe: deletes the unused code from the comment, or the whole comment when it names nothing else.
            """,
        triggering: [
            RuleExample("""
                client users
                load-balancer lb-01
                ↓# infralint: ignore DES004 -- our proxies speak a private protocol
                users -> lb-01 : https
                """),
        ],
        nonTriggering: [
            RuleExample("""
                client users
                load-balancer lb-01
                # infralint: ignore DES004 -- our proxies speak a private protocol
                users -> lb-01 : spdy
                """),
        ])

    public static let malformed = RuleDescription(
        code: "SUP003",
        name: "malformed-suppression",
        category: .design,
        defaultSeverity: .warning,
        summary: "An `# infralint:` comment that cannot be read: an unknown directive or rule code.",
        whatItDoes: """
            Reports a comment starting with `infralint:` that is not `ignore CODE[,CODE] -- reason` or \
            `ignore-file CODE[,CODE] -- reason`, or that names a code no rule has, with a "did you mean".
            """,
        whyIsThisBad: """
            A misspelled suppression silences nothing, so the finding it was meant for stays, or worse, the \
            author believes a risk is documented when it is not.
            """,
        fixSafety: """
            Unsafe when the code is close to a real one: it is corrected. Manual otherwise.
            """,
        triggering: [
            RuleExample("""
                ↓# infralint: ignore DES03 -- read by our inventory tooling
                load-balancer lb-01 { owner: "team-edge" }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                # infralint: ignore DES003 -- read by our inventory tooling
                load-balancer lb-01 { owner: "team-edge" }
                """),
        ])

    /// Reported by the lint run with `--baseline`; its examples need a baseline
    /// file, so it is tested with the baseline (InfraLintKitTests) rather than by
    /// the one-file example harness.
    public static let staleBaseline = RuleDescription(
        code: "SUP004",
        name: "fixed-baseline-entry",
        category: .design,
        defaultSeverity: .note,
        summary: "The baseline lists a finding that is no longer found.",
        whatItDoes: """
            With `--baseline FILE`, reports each entry of the baseline, for a file that was linted, that no \
            finding matches any more. It points at the entry in the baseline file.
            """,
        whyIsThisBad: """
            The problem was fixed, but the baseline would hide it if it came back. Write the baseline again \
            (`--write-baseline FILE`) so that it only shrinks.
            """,
        fixSafety: """
            Manual: write the baseline again with `--write-baseline`.
            """,
        triggering: [],
        nonTriggering: [])

    /// The diagnostics whose examples need more than one design file.
    public static let runLevel: Set<String> = [staleBaseline.code]

    public static let all = [missingReason, unused, malformed, staleBaseline]
}
