import InfraCore

/// `--format gitlab`: GitLab Code Quality JSON, which merge requests show as a
/// widget and inline in the diff.
public enum GitLabRenderer {
    struct Issue: Encodable {
        var description: String
        var checkName: String
        var fingerprint: String
        var severity: String
        var location: Location
        var content: Content?
        var categories: [String]

        enum CodingKeys: String, CodingKey {
            case description, checkName = "check_name", fingerprint, severity, location, content, categories
        }
    }

    struct Location: Encodable {
        var path: String
        var lines: Lines
    }

    struct Lines: Encodable {
        var begin: Int
        var end: Int
    }

    struct Content: Encodable {
        var body: String
    }

    /// info, minor, major or critical: security errors and parse errors are critical.
    static func severity(_ finding: Finding) -> String {
        switch finding.severity {
        case .note: return "info"
        case .warning: return "minor"
        case .error: return finding.category == .security || finding.category == .parse ? "critical" : "major"
        }
    }

    public static func render(_ report: Report) -> String {
        let issues = report.findings.map { finding in
            Issue(
                description: "\(finding.code): \(finding.message)",
                checkName: finding.code,
                // Unique in the report: the file with the finding's own fingerprint.
                fingerprint: "\(finding.location.file):\(finding.fingerprint)",
                severity: severity(finding),
                location: Location(path: finding.location.file,
                                   lines: Lines(begin: finding.location.start.line, end: finding.location.end.line)),
                content: finding.fix.map { Content(body: "\($0.label): \($0.text)") },
                categories: [finding.category == .security ? "Security" : (finding.category == .design ? "Style" : "Bug Risk")])
        }
        return JSONRenderer.encode(issues)
    }
}
