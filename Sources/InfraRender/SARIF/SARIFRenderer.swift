import Foundation
import InfraCore
import InfraRules

/// `--format sarif`: SARIF 2.1.0 with one run, for GitHub code scanning and
/// every SARIF viewer. The rules' metadata comes from their descriptions; parse
/// errors are results of the `PARSE` rule; suppressed findings are results with
/// `suppressions`. The log is written directly (`JSONTree`), in the layout
/// JSONEncoder gave it, and a fix that answers many findings is written once and
/// copied.
public enum SARIFRenderer {
    public static let informationURI = "https://github.com/infralint/infralint"
    static let schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    /// GitHub code scanning rejects a run with more results than this.
    public static let gitHubResultLimit = 25_000

    /// How many results a report gives, and how many a limit leaves out.
    public static func leftOut(_ report: Report, maxResults: Int) -> Int {
        max(0, report.findings.count + report.suppressed.count - maxResults)
    }

    // MARK: Rendering

    /// A rule's entry in the driver's `rules`.
    struct Descriptor {
        var id: String
        var tree: JSONTree
    }

    /// The rules every log describes: each rule, each suppression diagnostic, and `PARSE`.
    static var descriptors: [Descriptor] {
        RuleRegistry.descriptions.map(descriptor) + [parseDescriptor]
    }

    static func message(_ text: String, markdown: String? = nil) -> JSONTree {
        .object([("text", .string(text)), ("markdown", markdown.map(JSONTree.string))])
    }

    static func descriptor(id: String, name: String, summary: String, full: String, help: String, markdown: String,
                           level: String, tags: [String], securitySeverity: String?) -> Descriptor {
        Descriptor(id: id, tree: .object([
            ("id", .string(id)), ("name", .string(name)),
            ("shortDescription", message(summary)),
            ("fullDescription", message(full)),
            ("help", message(help, markdown: markdown)),
            ("helpUri", .string(RuleDocs.pageURL(for: id))),
            ("defaultConfiguration", .object([("level", .string(level))])),
            ("properties", .object([
                ("tags", .array(tags.map(JSONTree.string))), ("precision", .string("high")),
                ("security-severity", securitySeverity.map(JSONTree.string)),
            ])),
        ]))
    }

    static func descriptor(_ rule: RuleDescription) -> Descriptor {
        // SARIF's levels include infralint's three severities, by the same names.
        // Code scanning shows security-severity only on rules tagged "security" (the category's own name).
        descriptor(id: rule.code, name: rule.name, summary: rule.summary, full: rule.whatItDoes,
                   help: "\(rule.whatItDoes)\n\nWhy is this bad? \(rule.whyIsThisBad)", markdown: RuleDocs.markdown(rule),
                   level: rule.defaultSeverity.rawValue, tags: [rule.category.rawValue],
                   securitySeverity: rule.securitySeverity.map { String(format: "%.1f", $0) })
    }

    static let parseDescriptor = descriptor(
        id: "PARSE", name: "parse-error",
        summary: "The design file cannot be read or parsed.",
        full: "A syntax error, an undeclared or duplicate name, a misplaced declaration, an invalid value, or a file that is not UTF-8 text. Nothing else is checked until it is fixed.",
        help: "Fix the file at the position shown; the message says what was found and what was expected.",
        markdown: "Fix the file at the position shown; the message says what was found and what was expected.",
        level: "error", tags: ["parse"], securitySeverity: nil)

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
        var fixes = FixTable()
        // Every result of a file names it alike: its URI is made once a file.
        var uris: [String: (uri: String, base: String?)] = [:]
        let results = chosen.inReportOrder().map { finding in
            let file = finding.location.file
            let uri = uris[file] ?? artifactURI(file, currentDirectory: currentDirectory)
            uris[file] = uri
            return result(finding, ruleIndex: index[finding.code] ?? index["PARSE"] ?? 0,
                          source: report.sources[file], artifact: uri, fixes: &fixes)
        }
        let invocations: JSONTree? = omitted == 0 ? nil : .array([.object([
            ("executionSuccessful", .bool(true)),
            ("toolExecutionNotifications", .array([.object([
                ("level", .string("warning")),
                ("message", message("\(omitted) of \(omitted + results.count) results were left out at the limit of \(maxResults) (--max-results); notes and suppressed findings went first")),
            ])])),
        ])])
        let driver: JSONTree = .object([
            ("name", .string("infralint")), ("version", .string(version)), ("semanticVersion", .string(version)),
            ("informationUri", .string(informationURI)), ("rules", .array(rules.map(\.tree))),
        ])
        let run: JSONTree = .object([
            ("tool", .object([("driver", driver)])), ("results", .array(results)),
            ("columnKind", .string("unicodeCodePoints")), ("invocations", invocations),
        ])
        return JSONTree.object([("$schema", .string(schema)), ("version", .string("2.1.0")), ("runs", .array([run]))]).document
    }

    static func region(startLine: Int, startColumn: Int, endLine: Int, endColumn: Int) -> JSONTree {
        .object([("startLine", .int(startLine)), ("startColumn", .int(startColumn)),
                 ("endLine", .int(endLine)), ("endColumn", .int(endColumn))])
    }

    static func artifactLocation(uri: String, base: String?) -> JSONTree {
        .object([("uri", .string(uri)), ("uriBaseId", base.map(JSONTree.string))])
    }

    static func result(_ finding: Finding, ruleIndex: Int, source: SourceFile?, artifact: (uri: String, base: String?),
                       fixes: inout FixTable) -> JSONTree {
        let location = finding.location
        let startColumn = source?.codePointColumn(line: location.start.line, column: location.start.column) ?? location.start.column
        var endColumn = source?.codePointColumn(line: location.end.line, column: location.end.column) ?? location.end.column
        if location.end.line == location.start.line { endColumn = max(endColumn, startColumn + 1) }
        let (uri, base) = artifact
        var text = finding.message
        if let fix = finding.fix { text += "\n\(fix.label): \(fix.text)" }
        let suppressions = finding.suppression.map { suppression -> JSONTree in
            .array([.object([
                ("kind", .string(suppression.kind == .baseline ? "external" : "inSource")),
                ("justification", suppression.justification.isEmpty ? nil : .string(suppression.justification)),
            ])])
        }
        let written = fixes.entry(finding, source: source, uri: uri, base: base)
        let physical: JSONTree = .object([
            ("artifactLocation", artifactLocation(uri: uri, base: base)),
            ("region", region(startLine: max(location.start.line, 1), startColumn: max(startColumn, 1),
                              endLine: max(location.end.line, location.start.line, 1), endColumn: max(endColumn, 1))),
        ])
        return .object([
            ("ruleId", .string(finding.code)), ("ruleIndex", .int(ruleIndex)), ("level", .string(finding.severity.rawValue)),
            ("message", message(text)),
            ("locations", .array([.object([("physicalLocation", physical)])])),
            ("partialFingerprints", .object([("infralintFingerprint/v1", .string(finding.fingerprint))])),
            ("suppressions", suppressions),
            ("fixes", written.fixes),
            ("properties", .object([
                ("name", .string(finding.name)), ("element", finding.element.map(JSONTree.string)),
                ("fix", finding.fix.map { .string($0.text) }),
                ("applicability", finding.fix.map { .string($0.applicability.rawValue) }),
                ("fixOn", written.writtenOn.map(JSONTree.string)),
            ])),
        ])
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

    /// Each distinct fix's `fixes` value, built once: one fix often answers many
    /// findings (clustering a tier answers each member's AV001), and its
    /// replacements can run to one per member.
    struct FixTable {
        struct Key: Equatable {
            var text: String
            var patches: [TextPatch]
            var uri: String
            var base: String?
        }

        /// A fix answering several results is repeated whole on each while it has at
        /// most this many replacements; a larger one (clustering a tier of hundreds)
        /// is written on the first result only, since repeating it made the log grow
        /// with the square of the tier (7 GB at 3,000 databases).
        static let repeatLimit = 100

        /// Keyed by the fix's text, where and how many patches: hashing every patch of
        /// a tier-sized fix at each of its results was quadratic.
        var entries: [DigestKey<Key>: (tree: JSONTree, firstFingerprint: String, replacements: Int)] = [:]

        /// The fix's replacements, for a fix that has edits compiled against its file;
        /// regions in lines and code-point columns, as the run's `columnKind` says.
        /// For a large fix already written on an earlier result: no `fixes`, and the
        /// fingerprint of that result.
        mutating func entry(_ finding: Finding, source: SourceFile?, uri: String, base: String?) -> (fixes: JSONTree?, writtenOn: String?) {
            guard let fix = finding.fix, fix.applicability != .manual, let patches = fix.patches, !patches.isEmpty,
                  let source else { return (nil, nil) }
            var hasher = Hasher()
            hasher.combine(fix.text)
            hasher.combine(patches.count)
            hasher.combine(patches.first)
            hasher.combine(uri)
            let key = DigestKey(Key(text: fix.text, patches: patches, uri: uri, base: base), digest: hasher.finalize())
            if let known = entries[key] {
                return known.replacements > Self.repeatLimit ? (nil, known.firstFingerprint) : (known.tree, nil)
            }
            func point(_ offset: Int) -> (line: Int, column: Int) {
                let position = source.position(at: offset)
                return (position.line, source.codePointColumn(line: position.line, column: position.column))
            }
            let replacements = patches.sorted().map { patch -> JSONTree in
                let start = point(patch.range.start)
                let end = point(patch.range.end)
                return .object([
                    ("deletedRegion", SARIFRenderer.region(startLine: start.line, startColumn: start.column,
                                                           endLine: end.line, endColumn: end.column)),
                    ("insertedContent", patch.replacement.isEmpty ? nil : .object([("text", .string(patch.replacement))])),
                ])
            }
            let tree: JSONTree = .shared(entries.count, .array([.object([
                ("description", SARIFRenderer.message(fix.text)),
                ("artifactChanges", .array([.object([
                    ("artifactLocation", SARIFRenderer.artifactLocation(uri: uri, base: base)),
                    ("replacements", .array(replacements)),
                ])])),
            ])]))
            entries[key] = (tree, finding.fingerprint, patches.count)
            return (tree, nil)
        }
    }
}
