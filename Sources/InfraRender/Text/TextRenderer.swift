import InfraCore

/// `file:line:col: severity: message [CODE]`, the source line with a caret under
/// the range, then the fix: the compiler-style report people read in a terminal.
public struct TextRenderer: Sendable {
    /// Whether to colour with ANSI escapes (only on a terminal, never under NO_COLOR).
    public var color: Bool

    public init(color: Bool) {
        self.color = color
    }

    public func render(_ report: Report) -> String {
        var out = ""
        pieces(of: report) { out += $0 }
        return out
    }

    /// The same bytes as `render(_:)`, handed over about `chunkSize` bytes at a
    /// time: the report of a large design (7 MB at 100,000 elements) is never
    /// whole in memory.
    public func write(_ report: Report, chunkSize: Int = 1 << 18,
                      to chunk: (UnsafeRawBufferPointer) throws -> Void) throws {
        var out = ""
        out.reserveCapacity(chunkSize + chunkSize / 4)
        func flush() throws {
            guard !out.isEmpty else { return }
            try out.withUTF8 { try chunk(UnsafeRawBufferPointer($0)) }
            out.removeAll(keepingCapacity: true)
        }
        try pieces(of: report) { piece in
            out += piece
            if out.utf8.count >= chunkSize { try flush() }
        }
        try flush()
    }

    /// The report's text in order: each finding, then the summary.
    private func pieces(of report: Report, _ take: (String) throws -> Void) rethrows {
        for finding in report.findings {
            try take(render(finding, source: report.sources[finding.location.file]))
        }
        try take((report.findings.isEmpty ? "" : "\n") + paint(report.summaryLine, .bold) + "\n")
    }

    /// One finding with its excerpt.
    public func render(_ finding: Finding, source: SourceFile?) -> String {
        let location = finding.location
        var out = paint("\(location.file):\(location.start.line):\(location.start.column):", .bold)
        out += " " + paint("\(finding.severity.rawValue):", style(for: finding.severity))
        out += " " + paint(finding.message, .bold) + " " + paint("[\(finding.code)]", .dim) + "\n"
        if let source, location.start.line <= source.lineCount, location.start.line >= 1 {
            out += excerpt(source, location, severity: finding.severity)
        }
        if let fix = finding.fix {
            out += "  " + paint("\(fix.label.lowercased()):", .green) + " \(fix.text)\n"
        }
        for related in finding.related {
            out += "  " + paint("note:", .cyan)
                + " \(related.location.file):\(related.location.start.line):\(related.location.start.column): \(related.message)\n"
        }
        if let suppression = finding.suppression {
            out += "  " + paint("suppressed:", .dim) + " \(suppression.justification)\n"
        }
        return out
    }

    private func excerpt(_ source: SourceFile, _ location: Location, severity: Severity) -> String {
        let lineNumber = location.start.line
        let line = source.lineText(lineNumber)
        let gutter = String(lineNumber)
        let width = max(gutter.count, 4) + 1
        let pad = String(repeating: " ", count: width - gutter.count)
        var out = paint(pad + gutter + " |", .blue) + " " + line + "\n"
        let characters = Array(line)
        let startColumn = min(max(location.start.column, 1), characters.count + 1)
        var endColumn = location.end.line == lineNumber ? location.end.column : characters.count + 1
        endColumn = max(min(endColumn, characters.count + 1), startColumn + 1)
        var indent = ""
        for character in characters.prefix(startColumn - 1) {
            indent += character == "\t" ? "\t" : String(repeating: " ", count: DisplayWidth.of(character))
        }
        var underline = "^"
        let underlined = characters.dropFirst(startColumn - 1).prefix(endColumn - startColumn)
        let cells = underlined.reduce(0) { $0 + DisplayWidth.of($1) }
        underline += String(repeating: "~", count: max(cells - 1, 0))
        out += paint(String(repeating: " ", count: width) + " |", .blue) + " " + indent
            + paint(underline, style(for: severity)) + "\n"
        return out
    }

    // MARK: Colour

    enum Style: String {
        case bold = "1"
        case dim = "2"
        case red = "1;31"
        case yellow = "1;33"
        case blue = "34"
        case cyan = "1;36"
        case green = "32"
    }

    private func style(for severity: Severity) -> Style {
        switch severity {
        case .error: return .red
        case .warning: return .yellow
        case .note: return .cyan
        }
    }

    private func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}

/// How many terminal cells a character takes: two for wide East Asian characters
/// and emoji, zero for a lone combining mark, one otherwise.
public enum DisplayWidth {
    public static func of(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        let value = scalar.value
        if value < 0x1100 { return 1 }
        if scalar.properties.isEmojiPresentation { return 2 }
        if character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
