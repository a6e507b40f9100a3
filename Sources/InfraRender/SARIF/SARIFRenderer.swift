import Foundation
import InfraCore
import InfraRules

/// `--format sarif`: SARIF 2.1.0 with one run, for GitHub code scanning and
/// every SARIF viewer. The rules' metadata comes from their descriptions; parse
/// errors are results of the `PARSE` rule; suppressed findings are results with
/// `suppressions`.
public enum SARIFRenderer {
    public static let informationURI = "https://github.com/infralint/infralint"
    static let schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    // MARK: The document, as typed values

    struct Log: Encodable {
        let schema = SARIFRenderer.schema
        let version = "2.1.0"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema", version, runs
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var columnKind = "unicodeCodePoints"
        /// Says how many results were left out at the limit.
        var invocations: [Invocation]?
    }

    struct Invocation: Encodable {
        var executionSuccessful: Bool
        var toolExecutionNotifications: [Notification]
    }

    struct Notification: Encodable {
        var level: String
        var message: Message
    }

    /// GitHub code scanning rejects a run with more results than this.
    public static let gitHubResultLimit = 25_000

    /// How many results a report gives, and how many a limit leaves out.
    public static func leftOut(_ report: Report, maxResults: Int) -> Int {
        max(0, report.findings.count + report.suppressed.count - maxResults)
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        var name = "infralint"
        var version: String
        var semanticVersion: String
        var informationUri = SARIFRenderer.informationURI
        var rules: [ReportingDescriptor]
    }

    struct Message: Encodable {
        var text: String
        var markdown: String?
    }

    struct ReportingDescriptor: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var help: Message
        var helpUri: String
        var defaultConfiguration: Configuration
        var properties: RuleProperties
    }

    struct Configuration: Encodable {
        /// SARIF's levels include infralint's three severities, by the same names.
        var level: String
    }

    struct RuleProperties: Encodable {
        var tags: [String]
        var precision = "high"
        var securitySeverity: String?

        enum CodingKeys: String, CodingKey {
            case tags, precision, securitySeverity = "security-severity"
        }
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [LocationEntry]
        var partialFingerprints: [String: String]
        var suppressions: [SuppressionEntry]?
        var fixes: [FixEntry]?
        var properties: ResultProperties
    }

    struct ResultProperties: Encodable {
        var name: String
        var element: String?
        var fix: String?
        var applicability: String?
    }

    /// SARIF's `fix`: a description and the replacements that carry it out.
    struct FixEntry: Encodable {
        var description: Message
        var artifactChanges: [ArtifactChange]
    }

    struct ArtifactChange: Encodable {
        var artifactLocation: ArtifactLocation
        var replacements: [Replacement]
    }

    struct Replacement: Encodable {
        var deletedRegion: Region
        var insertedContent: InsertedContent?
    }

    struct InsertedContent: Encodable {
        var text: String
    }

    struct LocationEntry: Encodable {
        var physicalLocation: PhysicalLocation
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
    }

    struct SuppressionEntry: Encodable {
        var kind: String
        var justification: String?
    }

    // MARK: Rendering

    /// The rules every log describes: each rule, each suppression diagnostic, and `PARSE`.
    static var descriptors: [ReportingDescriptor] {
        RuleRegistry.descriptions.map(descriptor) + [parseDescriptor]
    }

    static func descriptor(_ rule: RuleDescription) -> ReportingDescriptor {
        // Code scanning shows security-severity only on rules tagged "security" (the category's own name).
        let tags = [rule.category.rawValue]
        return ReportingDescriptor(
            id: rule.code, name: rule.name,
            shortDescription: Message(text: rule.summary),
            fullDescription: Message(text: rule.whatItDoes),
            help: Message(text: "\(rule.whatItDoes)\n\nWhy is this bad? \(rule.whyIsThisBad)", markdown: RuleDocs.markdown(rule)),
            helpUri: RuleDocs.pageURL(for: rule.code),
            defaultConfiguration: Configuration(level: rule.defaultSeverity.rawValue),
            properties: RuleProperties(tags: tags, securitySeverity: rule.securitySeverity.map { String(format: "%.1f", $0) }))
    }

    static let parseDescriptor = ReportingDescriptor(
        id: "PARSE", name: "parse-error",
        shortDescription: Message(text: "The design file cannot be read or parsed."),
        fullDescription: Message(text: "A syntax error, an undeclared or duplicate name, a misplaced declaration, an invalid value, or a file that is not UTF-8 text. Nothing else is checked until it is fixed."),
        help: Message(text: "Fix the file at the position shown; the message says what was found and what was expected.",
                      markdown: "Fix the file at the position shown; the message says what was found and what was expected."),
        helpUri: RuleDocs.pageURL(for: "PARSE"),
        defaultConfiguration: Configuration(level: "error"),
        properties: RuleProperties(tags: ["parse"]))

    /// The log for a report: shown findings, then suppressed ones with their justification.
    ///
    /// At most `maxResults` results (GitHub's limit by default): shown findings
    /// before suppressed ones, errors before warnings before notes, each in file
    /// order; the run then says, in a notification, how many were left out.
    public static func render(_ report: Report, version: String, currentDirectory: String = FileManager.default.currentDirectoryPath,
                              maxResults: Int = gitHubResultLimit) -> String {
        let rules = descriptors
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        var chosen = report.findings + report.suppressed
        let omitted = max(0, chosen.count - max(maxResults, 0))
        if omitted > 0 {
            func rank(_ finding: Finding) -> Int {
                (finding.suppression == nil ? 0 : 3) + (finding.severity == .error ? 0 : finding.severity == .warning ? 1 : 2)
            }
            let ordered = chosen.enumerated().sorted { a, b in
                rank(a.element) != rank(b.element) ? rank(a.element) < rank(b.element) : a.offset < b.offset
            }
            chosen = ordered.prefix(max(maxResults, 0)).map(\.element)
        }
        let results = chosen.inReportOrder().map { finding in
            result(finding, ruleIndex: index[finding.code] ?? index["PARSE"] ?? 0,
                   source: report.sources[finding.location.file], currentDirectory: currentDirectory)
        }
        let invocations = omitted == 0 ? nil : [Invocation(executionSuccessful: true, toolExecutionNotifications: [
            Notification(level: "warning", message: Message(
                text: "\(omitted) of \(omitted + results.count) results were left out at the limit of \(maxResults) (--max-results); notes and suppressed findings went first"))])]
        let log = Log(runs: [Run(
            tool: Tool(driver: Driver(version: version, semanticVersion: version, rules: rules)),
            results: results, invocations: invocations)])
        return JSONRenderer.encode(log)
    }

    static func result(_ finding: Finding, ruleIndex: Int, source: SourceFile?, currentDirectory: String) -> Result {
        let location = finding.location
        let startColumn = source?.codePointColumn(line: location.start.line, column: location.start.column) ?? location.start.column
        var endColumn = source?.codePointColumn(line: location.end.line, column: location.end.column) ?? location.end.column
        if location.end.line == location.start.line { endColumn = max(endColumn, startColumn + 1) }
        let (uri, base) = artifactURI(location.file, currentDirectory: currentDirectory)
        var text = finding.message
        if let fix = finding.fix { text += "\n\(fix.label): \(fix.text)" }
        var suppressions: [SuppressionEntry]?
        if let suppression = finding.suppression {
            suppressions = [SuppressionEntry(kind: suppression.kind == .baseline ? "external" : "inSource",
                                             justification: suppression.justification.isEmpty ? nil : suppression.justification)]
        }
        return Result(
            ruleId: finding.code, ruleIndex: ruleIndex, level: finding.severity.rawValue,
            message: Message(text: text),
            locations: [LocationEntry(physicalLocation: PhysicalLocation(
                artifactLocation: ArtifactLocation(uri: uri, uriBaseId: base),
                region: Region(startLine: max(location.start.line, 1), startColumn: max(startColumn, 1),
                               endLine: max(location.end.line, location.start.line, 1), endColumn: max(endColumn, 1))))],
            partialFingerprints: ["infralintFingerprint/v1": finding.fingerprint],
            suppressions: suppressions,
            fixes: fixes(finding, source: source, uri: uri, base: base),
            properties: ResultProperties(name: finding.name, element: finding.element, fix: finding.fix?.text,
                                         applicability: finding.fix?.applicability.rawValue))
    }

    /// A path as a percent-encoded URI: relative to the current folder (with the
    /// `%SRCROOT%` base, which code scanning resolves to the repository) when it is
    /// under it, else an absolute `file://` URI. The log names no absolute folder, so
    /// it is the same on every machine.
    static func artifactURI(_ path: String, currentDirectory: String) -> (String, String?) {
        if let relative = FilePaths.relative(path, under: currentDirectory, from: currentDirectory) {
            return (percentEncode(relative), "%SRCROOT%")
        }
        if !path.hasPrefix("/") { return (percentEncode(path), "%SRCROOT%") }
        return ("file://" + percentEncode(FilePaths.absolute(path, from: currentDirectory)), nil)
    }

    /// RFC 3986: everything but unreserved characters and `/` is percent-encoded, UTF-8 byte by byte.
    static func percentEncode(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: uriPathCharacters) ?? path
    }

    private static let uriPathCharacters = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")

    /// The fix's replacements, for a fix that has edits compiled against its file;
    /// regions in lines and code-point columns, as the run's `columnKind` says.
    static func fixes(_ finding: Finding, source: SourceFile?, uri: String, base: String?) -> [FixEntry]? {
        guard let fix = finding.fix, fix.applicability != .manual, let patches = fix.patches, !patches.isEmpty,
              let source else { return nil }
        func point(_ offset: Int) -> (line: Int, column: Int) {
            let position = source.position(at: offset)
            return (position.line, source.codePointColumn(line: position.line, column: position.column))
        }
        let replacements = patches.sorted().map { patch -> Replacement in
            let start = point(patch.range.start)
            let end = point(patch.range.end)
            return Replacement(
                deletedRegion: Region(startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column),
                insertedContent: patch.replacement.isEmpty ? nil : InsertedContent(text: patch.replacement))
        }
        return [FixEntry(description: Message(text: fix.text),
                         artifactChanges: [ArtifactChange(artifactLocation: ArtifactLocation(uri: uri, uriBaseId: base),
                                                          replacements: replacements)])]
    }
}
