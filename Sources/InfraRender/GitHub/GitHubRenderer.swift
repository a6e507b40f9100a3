import InfraCore

/// `--format github`: one workflow command a finding, which GitHub Actions turns
/// into an annotation on the line of the changed file, then the plain summary
/// line (GitHub shows only the first ten annotations of each level in a step).
public enum GitHubRenderer {
    public static func render(_ report: Report) -> String {
        var out = ""
        for finding in report.findings {
            let command: String
            switch finding.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .note: command = "notice"
            }
            let location = finding.location
            let properties = [
                ("file", location.file),
                ("line", String(location.start.line)),
                ("col", String(location.start.column)),
                ("endLine", String(location.end.line)),
                ("endColumn", String(location.end.column)),
                ("title", "\(finding.code) \(finding.name)"),
            ].map { "\($0)=\(escapeProperty($1))" }.joined(separator: ",")
            var message = finding.message
            if let fix = finding.fix { message += "\n\(fix.label): \(fix.text)" }
            out += "::\(command) \(properties)::\(escapeData(message))\n"
        }
        return out + report.summaryLine + "\n"
    }

    /// A command's message: `%`, carriage returns and line feeds are encoded.
    public static func escapeData(_ text: String) -> String {
        TextEscaping.replacing(text, ["%": "%25", "\r": "%0D", "\n": "%0A", "\r\n": "%0D%0A"])
    }

    /// A command's property value: as a message, and `:` and `,` too.
    public static func escapeProperty(_ text: String) -> String {
        TextEscaping.replacing(escapeData(text), [":": "%3A", ",": "%2C"])
    }
}
