/// Where each declaration of a parsed file is written, for turning edits into
/// text: by identifier, the chain of declarations from the top-level statement
/// down to it.
struct SyntaxIndex {
    struct Entry {
        /// The top-level statement's index.
        var statement: Int
        /// From the top-level declaration to this one.
        var chain: [Declaration]

        var declaration: Declaration { chain[chain.count - 1] }
        var parent: Declaration? { chain.count >= 2 ? chain[chain.count - 2] : nil }
        var isTopLevel: Bool { chain.count == 1 }
    }

    let tree: SyntaxTree
    let text: SourceText
    private(set) var entries: [String: Entry] = [:]

    init(tree: SyntaxTree) {
        self.tree = tree
        text = SourceText(bytes: tree.file.bytes, comments: tree.comments)
        for (index, statement) in tree.statements.enumerated() {
            guard case .declaration(let declaration) = statement else { continue }
            var stack: [[Declaration]] = [[declaration]]
            while let chain = stack.popLast() {
                guard let last = chain.last else { continue }
                if entries[last.identifier.name] == nil {
                    entries[last.identifier.name] = Entry(statement: index, chain: chain)
                }
                for nested in last.block?.declarations ?? [] { stack.append(chain + [nested]) }
            }
        }
    }

    subscript(name: String) -> Entry? { entries[name] }

    /// The design statement, if any.
    var header: DesignHeader? {
        for statement in tree.statements {
            if case .design(let header) = statement { return header }
        }
        return nil
    }

    /// The top-level link statement at an index.
    func linkStatement(_ index: Int) -> LinkStatement? {
        guard tree.statements.indices.contains(index), case .link(let link) = tree.statements[index] else { return nil }
        return link
    }

    /// The offset where a declaration's head ends: after its identifier, network and label.
    static func headEnd(of declaration: Declaration) -> Int {
        var end = declaration.identifier.range.end
        if let network = declaration.network { end = max(end, network.range.end) }
        if let label = declaration.labelRange { end = max(end, label.end) }
        return end
    }
}

/// Line-level questions about a file's bytes.
struct SourceText {
    let bytes: [UInt8]
    /// The comments on lines of their own, as the lexer reads them, by the offset of
    /// their line's start: whether each is a suppression of the next statement.
    private let ownLineComments: [Int: Bool]

    init(bytes: [UInt8], comments: [Comment]) {
        self.bytes = bytes
        var ownLine: [Int: Bool] = [:]
        for comment in comments where comment.ownLine {
            ownLine[Self.lineStart(comment.range.start, in: bytes)] = comment.suppressesNextStatement
        }
        ownLineComments = ownLine
    }

    private static let newline = UInt8(ascii: "\n")

    func lineStart(_ offset: Int) -> Int { Self.lineStart(offset, in: bytes) }

    static func lineStart(_ offset: Int, in bytes: [UInt8]) -> Int {
        var index = min(max(offset, 0), bytes.count)
        while index > 0, bytes[index - 1] != newline { index -= 1 }
        return index
    }

    /// The offset of the line break ending this line, or the end of the file.
    func lineEnd(_ offset: Int) -> Int {
        var index = min(max(offset, 0), bytes.count)
        while index < bytes.count, bytes[index] != Self.newline { index += 1 }
        return index
    }

    /// The start of the next line (or the end of the file).
    func nextLineStart(_ offset: Int) -> Int {
        let end = lineEnd(offset)
        return end < bytes.count ? end + 1 : end
    }

    func isBlank(_ range: Range<Int>) -> Bool {
        let range = max(range.lowerBound, 0)..<min(max(range.upperBound, range.lowerBound), bytes.count)
        return bytes[range].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }

    /// Whether what follows `offset` on its line is blanks, or a comment.
    func restIsBlankOrComment(_ offset: Int) -> Bool {
        var index = offset
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") || bytes[index] == UInt8(ascii: "\r") {
            index += 1
        }
        return index >= bytes.count || bytes[index] == Self.newline || bytes[index] == UInt8(ascii: "#")
    }

    /// Whether a range stands on lines of its own: blanks before it, blanks or a comment after it.
    func standsAlone(_ range: SourceRange) -> Bool {
        isBlank(lineStart(range.start)..<range.start) && restIsBlankOrComment(range.end)
    }

    /// The blanks a line starts with.
    func indentation(ofLineAt offset: Int) -> String {
        let start = lineStart(offset)
        var end = start
        while end < bytes.count, bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t") { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Whether two offsets are on one line.
    func sameLine(_ a: Int, _ b: Int) -> Bool { lineStart(a) == lineStart(b) }

    func text(_ range: SourceRange) -> String {
        let start = min(max(range.start, 0), bytes.count)
        let end = min(max(range.end, start), bytes.count)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Where a statement's leading comments start: the comment lines right above it
    /// (no blank line between), and, past blank lines and other comments, any
    /// `# infralint: ignore` above them. Such a directive applies to the next
    /// statement however far below, so what is inserted before a statement goes
    /// above it, and what moves a statement takes it along: a new statement between
    /// them would take the suppression over. The comments right above a directive
    /// found past a blank line stay where they are (a file's opening comment, say).
    func startWithLeadingComments(_ offset: Int) -> Int {
        var start = lineStart(offset)
        var line = start
        var attached = true
        while line > 0 {
            let previous = lineStart(line - 1)
            if isBlank(previous..<(line - 1)) {
                attached = false
            } else if let suppression = ownLineComments[previous] {
                if attached || suppression { start = previous }
            } else {
                break
            }
            line = previous
        }
        return start
    }

    /// Whether a `# infralint: ignore` stands on a line of its own at or after `offset`:
    /// in a file's closing comments, it would apply to a statement appended after it.
    func holdsSuppression(from offset: Int) -> Bool {
        let from = lineStart(offset)
        return ownLineComments.contains { $0.key >= from && $0.value }
    }

    /// The lines a range stands on, whole: from its line's start (its leading comments
    /// too, when asked) to the start of the line after its end.
    func wholeLines(_ range: SourceRange, withLeadingComments: Bool) -> SourceRange {
        let start = withLeadingComments ? startWithLeadingComments(range.start) : lineStart(range.start)
        return SourceRange(start, nextLineStart(range.end))
    }
}
