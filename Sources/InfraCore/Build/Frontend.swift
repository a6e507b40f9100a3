/// A design file read as far as it could be: the syntax, the model, and the
/// errors that make the file unusable (code `PARSE`).
public struct ParsedDesign: Sendable {
    public var tree: SyntaxTree
    public var design: Design
    /// Parse and build errors, sorted; when not empty, rules do not run.
    public var errors: [Finding]

    public var file: SourceFile { tree.file }
}

/// Source text to model: the first two stages of the pipeline.
public enum Frontend {
    /// Parses and builds a file. The builder runs even when the parser found errors,
    /// so one run reports every mistake, each once: names the parser could not
    /// declare are not reported again as undeclared.
    public static func read(_ file: SourceFile) -> ParsedDesign {
        let (tree, parseErrors) = Parser.parse(file)
        let (design, buildErrors) = Builder.build(tree)
        let build = parseErrors.isEmpty ? buildErrors : buildErrors.filter { error in
            !mentionsBrokenName(error, tree: tree)
        }
        return ParsedDesign(tree: tree, design: design, errors: (parseErrors + build).inReportOrder())
    }

    private static func mentionsBrokenName(_ error: Finding, tree: SyntaxTree) -> Bool {
        tree.brokenNames.contains { error.message.hasPrefix("'\($0)' is not declared") }
    }
}
