import InfraCore
import InfraLintKit
import InfraRules

/// One open document: its text as the editor has it, and what `lint` makes of
/// that text, computed when first asked for after each change, so a burst of
/// keystrokes is linted once, and only this document is.
final class Document {
    let uri: String
    private(set) var version: Int
    private(set) var source: SourceFile

    init(uri: String, path: String, version: Int, text: String) {
        self.uri = uri
        self.version = version
        source = SourceFile(path: path, text: text)
    }

    /// Applies the editor's changes: a change with a range replaces that range, one
    /// without replaces the whole text.
    func change(_ changes: [JSON], version: Int) {
        var text = source.bytes
        for change in changes {
            guard let replacement = change["text"]?.string else { continue }
            if let range = change["range"] {
                let current = SourceFile(path: source.path, text: String(decoding: text, as: UTF8.self))
                let start = current.offset(range["start"]) ?? 0
                let end = max(start, current.offset(range["end"]) ?? start)
                text.replaceSubrange(start..<end, with: Array(replacement.utf8))
            } else {
                text = Array(replacement.utf8)
            }
        }
        self.version = version
        source = SourceFile(path: source.path, text: String(decoding: text, as: UTF8.self))
        cached = nil
    }

    private var cached: Analysis?

    /// The document linted as `lint` would lint the file, with the options given.
    func analysis(_ options: LintOptions) -> Analysis {
        if let cached { return cached }
        let analysis = Analysis(source: source, options: options)
        cached = analysis
        return analysis
    }
}

/// What one version of a document holds: its syntax, its model and, when it
/// parses, its findings and the failure model they came from.
struct Analysis {
    let parsed: ParsedDesign
    /// Parse errors when there are any, else the findings `lint` shows.
    let findings: [Finding]
    /// Set when the file parses: the graph, failure model and capacity hover reads.
    let context: LintContext?
    let symbols: SymbolIndex

    var source: SourceFile { parsed.file }

    init(source: SourceFile, options: LintOptions) {
        parsed = Frontend.read(source)
        symbols = SymbolIndex(tree: parsed.tree)
        guard parsed.errors.isEmpty else {
            findings = parsed.errors
            context = nil
            return
        }
        let context = LintContext(design: parsed.design)
        self.context = context
        findings = LintRun.findings(in: context, options: options).shown
    }
}
