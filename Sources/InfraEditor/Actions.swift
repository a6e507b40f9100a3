import InfraCore
import InfraLintKit

/// Formatting through `fmt`, and code actions from the findings' fixes: each
/// fix compiled against the document's syntax, as `infralint fix` applies it;
/// safe fixes are preferred, and "fix all" applies the safe ones as `fix` does.
enum Actions {
    /// One edit replacing the whole text with `fmt`'s, none when it is formatted
    /// already or does not parse.
    static func format(_ analysis: Analysis) -> JSON {
        let source = analysis.source
        guard case .success(let formatted) = FormatRun.format(source), formatted != source.text else { return [] }
        return [["range": source.lspRange(source.wholeRange), "newText": JSON(formatted)]]
    }

    static func codeActions(_ analysis: Analysis, uri: String, range: SourceRange, only: [String]?,
                            options: LintOptions) -> JSON {
        guard analysis.parsed.errors.isEmpty else { return [] }
        let source = analysis.source
        let wants = { (kind: String) in only.map { $0.contains { kind == $0 || kind.hasPrefix($0 + ".") } } ?? true }
        var actions: [JSON] = []
        if wants("quickfix") {
            let touched = analysis.findings.filter { finding in
                guard let fix = finding.fix, fix.applicability != .manual, !fix.edits.isEmpty else { return false }
                let start = source.offset(line: finding.location.start.line, column: finding.location.start.column) ?? 0
                let end = source.offset(line: finding.location.end.line, column: finding.location.end.column) ?? start
                return start <= range.end && range.start <= end
            }
            for finding in FixRun.compile(touched, parsed: analysis.parsed) {
                guard let fix = finding.fix, let patches = fix.patches, !patches.isEmpty else { continue }
                let diagnostic = Diagnostics.diagnostics([finding], source: source, uri: uri)
                actions.append([
                    "title": JSON("Fix \(finding.code): \(fix.title)\(fix.applicability == .unsafe ? " (unsafe: review it)" : "")"),
                    "kind": "quickfix",
                    "isPreferred": JSON(fix.applicability == .safe),
                    "diagnostics": .array(diagnostic),
                    "edit": ["changes": .object([uri: .array(patches.sorted().map { edit($0, source: source) })])],
                ])
            }
        }
        if wants("source.fixAll") {
            var fixOptions = FixRun.Options()
            fixOptions.lint = options
            let outcome = FixRun.fix(source, options: fixOptions)
            if outcome.changed {
                actions.append([
                    "title": JSON("Apply infralint's safe fixes (\(counted(outcome.fixed.count, "finding")))"),
                    "kind": "source.fixAll",
                    "edit": ["changes": .object([uri: [["range": source.lspRange(source.wholeRange), "newText": JSON(outcome.text)]]])],
                ])
            }
        }
        return .array(actions)
    }

    private static func edit(_ patch: TextPatch, source: SourceFile) -> JSON {
        ["range": source.lspRange(patch.range), "newText": JSON(patch.replacement)]
    }
}
