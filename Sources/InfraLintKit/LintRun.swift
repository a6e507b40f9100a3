import InfraAnalysis
import InfraCore
import InfraRender
import InfraRules

/// The threshold of `--fail-on`.
public enum FailOn: String, CaseIterable, Sendable {
    case error, warning, note, never

    /// The lowest severity that fails the run (the severity of the same name), nil for `never`.
    public var threshold: Severity? { Severity(rawValue: rawValue) }
}

/// What a lint run is told to do beyond the rules' defaults.
public struct LintOptions: Sendable {
    /// The rules to run.
    public var rules: [any Rule.Type] = RuleRegistry.all
    /// Severities changed by the configuration, by code.
    public var severities: [String: Severity] = [:]
    /// Codes turned off (rules are filtered out of `rules`; this also silences the
    /// suppression diagnostics).
    public var disabledCodes: Set<String> = []
    /// Whether `# infralint: ignore` comments apply (`--no-suppress` turns them off).
    public var honourSuppressions = true
    public var failOn: FailOn = .warning
    /// Compile the fixes against the file's syntax, for outputs that carry text
    /// replacements (SARIF's `artifactChanges`).
    public var compileFixes = false
    /// Never free the model: for a command that exits once it has written its
    /// report, where freeing its hundreds of thousands of objects took a tenth of
    /// the run at 100,000 elements. The analyses go once the rules have run,
    /// before their findings are gathered: kept, they and the findings twice over
    /// were a large lint's peak of memory. The library's callers keep the default.
    public var keepUntilExit = false

    public init() {}
}

/// The findings of one file.
public struct FileOutcome: Sendable {
    public var path: String
    public var source: SourceFile?
    public var findings: [Finding]
    public var suppressed: [Finding]
    /// True when the file could not be read or parsed: the run exits with status 2.
    public var failedToParse: Bool
}

/// What `LintOptions.keepUntilExit` leaves allocated (the parsed design): one
/// retain never released.
private final class KeptUntilExit {
    let parsed: ParsedDesign
    init(parsed: ParsedDesign) {
        self.parsed = parsed
    }
}

/// Lints design files: the pipeline from text to findings, per file.
public enum LintRun {
    /// Lints one source.
    public static func lint(_ source: SourceFile, options: LintOptions) -> FileOutcome {
        var parsed = Frontend.read(source)
        if !parsed.errors.isEmpty {
            return FileOutcome(path: source.path, source: source, findings: parsed.errors, suppressed: [],
                               failedToParse: true)
        }
        // Only compiling fixes reads the syntax again: otherwise its memory goes back
        // before the analyses fill theirs.
        if !options.compileFixes { parsed.tree.statements = [] }
        if options.keepUntilExit { _ = Unmanaged.passRetained(KeptUntilExit(parsed: parsed)) }
        // The analyses go when the rules are done, before the findings are gathered.
        let byRule = Linter.findingsByRule(LintContext(design: parsed.design), rules: options.rules)
        var (findings, suppressed) = findings(Linter.gather(consume byRule), design: parsed.design, options: options)
        if options.compileFixes { findings = FixRun.compile(findings, parsed: parsed) }
        return FileOutcome(path: source.path, source: source, findings: findings, suppressed: suppressed,
                           failedToParse: false)
    }

    /// The findings of a built design: the rules, then suppressions, turned-off codes
    /// and changed severities.
    public static func findings(for design: Design, options: LintOptions) -> (shown: [Finding], suppressed: [Finding]) {
        findings(in: LintContext(design: design), options: options)
    }

    /// The same, on a context already built: `explain` reads its failure model too.
    public static func findings(in context: LintContext, options: LintOptions) -> (shown: [Finding], suppressed: [Finding]) {
        findings(Linter.lint(context, rules: options.rules), design: context.design, options: options)
    }

    /// The rules' findings of a design (`Linter`'s), with suppressions, turned-off
    /// codes and changed severities applied.
    static func findings(_ found: consuming [Finding], design: Design, options: LintOptions) -> (shown: [Finding], suppressed: [Finding]) {
        var findings = consume found
        var suppressed: [Finding] = []
        if options.honourSuppressions {
            let result = Suppressions.apply(
                to: findings, design: design, knownCodes: Set(RuleRegistry.codes),
                activeCodes: Set(options.rules.map { $0.description.code }))
            findings = options.disabledCodes.isEmpty ? result.kept : result.kept.filter { !options.disabledCodes.contains($0.code) }
            suppressed = result.suppressed
        }
        for index in findings.indices {
            if let severity = options.severities[findings[index].code] { findings[index].severity = severity }
        }
        uniqueFingerprints(&findings, &suppressed)
        return (findings, suppressed)
    }

    /// Fingerprints are unique within a file: the rules key what one element can
    /// have several of (DES003's property, a link's protocol, SUP003's code); any
    /// two findings still alike get `#2`, `#3`, … in the order of the file, shown
    /// and suppressed together, so a baseline entry stands for exactly one finding.
    /// Done in place: on arrays the caller still held, the first rank given would
    /// copy every finding, the largest thing alive at the end of a large lint.
    static func uniqueFingerprints(_ shown: inout [Finding], _ suppressed: inout [Finding]) {
        shown.sortInReportOrder()
        // Both lists, in report order: (true, i) is shown[i], (false, i) suppressed[i].
        var order = shown.indices.map { (shown: true, index: $0) }
        if !suppressed.isEmpty {
            order += suppressed.indices.map { (shown: false, index: $0) }
            order.sort { a, b in
                Finding.sortOrder(a.shown ? shown[a.index] : suppressed[a.index],
                                  b.shown ? shown[b.index] : suppressed[b.index])
            }
        }
        var seen: [String: Int] = [:]
        seen.reserveCapacity(order.count)
        for (isShown, index) in order {
            let fingerprint = isShown ? shown[index].fingerprint : suppressed[index].fingerprint
            let rank = (seen[fingerprint] ?? 0) + 1
            seen[fingerprint] = rank
            guard rank > 1 else { continue }
            if isShown { shown[index].fingerprint = "\(fingerprint)#\(rank)" } else { suppressed[index].fingerprint = "\(fingerprint)#\(rank)" }
        }
    }

    /// Lints every item; files that cannot be read become `PARSE` findings.
    public static func lint(_ items: [Inputs.Item], options: LintOptions,
                            standardInput: () throws(InputError) -> [UInt8] = Inputs.readStandardInput) -> [FileOutcome] {
        // Standard input is read first, here; then the files are read and linted on
        // all cores, each alone, and reported in the order given.
        let read: [Result<SourceFile, InputError>?] = items.map { item in
            if case .standardInput = item { return Inputs.read(item, standardInput: standardInput) }
            return nil
        }
        return Array(zip(items, read)).concurrentMap { item, alreadyRead in
            switch alreadyRead ?? Inputs.read(item, standardInput: { () throws(InputError) -> [UInt8] in
                throw InputError.notFound(Inputs.standardInputPath)
            }) {
            case .success(let source):
                return lint(source, options: options)
            case .failure(let error):
                return FileOutcome(path: error.path, source: nil, findings: [error.finding], suppressed: [],
                                   failedToParse: true)
            }
        }
    }

    /// The report every renderer reads.
    public static func report(_ outcomes: [FileOutcome]) -> Report {
        var sources: [String: SourceFile] = [:]
        for outcome in outcomes { sources[outcome.path] = outcome.source }
        // One file's findings are shared, not copied: tens of thousands of them
        // would otherwise be held twice while the report is written.
        let findings = outcomes.count == 1 ? outcomes[0].findings : outcomes.flatMap(\.findings)
        let suppressed = outcomes.count == 1 ? outcomes[0].suppressed : outcomes.flatMap(\.suppressed)
        return Report(findings: findings, suppressed: suppressed, fileCount: outcomes.count, sources: sources)
    }

    /// 2 when a file could not be read or parsed, 1 when a finding is at or above
    /// the threshold, 0 otherwise.
    public static func exitStatus(_ outcomes: [FileOutcome], failOn: FailOn) -> Int32 {
        if outcomes.contains(where: \.failedToParse) { return 2 }
        guard let threshold = failOn.threshold else { return 0 }
        return outcomes.contains { $0.findings.contains { $0.severity >= threshold } } ? 1 : 0
    }
}
