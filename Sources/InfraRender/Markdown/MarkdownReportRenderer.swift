import InfraCore

/// `--format markdown`: a findings report to post as a pull-request comment: a
/// summary line, a table per category, then the fixes.
public enum MarkdownReportRenderer {
    public static func render(_ report: Report) -> String {
        var out = "### infralint: \(MarkdownText.escape(report.summaryLine))\n"
        guard !report.findings.isEmpty else {
            return out + "\nNo findings. :white_check_mark:\n"
        }
        for category in Category.allCases {
            // Errors first, then warnings, then notes; in file order within each.
            let findings = report.findings.filter { $0.category == category }
                .sorted { ($1.severity, $0.location) < ($0.severity, $1.location) }
            guard !findings.isEmpty else { continue }
            out += "\n#### \(category.title)\n\n"
            out += "| severity | code | element | message | where |\n|---|---|---|---|---|\n"
            for finding in findings {
                let element = finding.element.map(MarkdownText.code) ?? ""
                let place = MarkdownText.code("\(finding.location.file):\(finding.location.start.line)")
                out += "| \(icon(finding.severity)) \(finding.severity.rawValue) | \(finding.code) | \(element) | \(MarkdownText.cell(finding.message)) | \(place) |\n"
            }
        }
        let fixes = report.findings.filter { $0.fix != nil }
        if !fixes.isEmpty {
            out += "\n<details><summary>Fixes (\(fixes.count))</summary>\n\n"
            for finding in fixes {
                let subject = finding.element.map(MarkdownText.code) ?? MarkdownText.code(finding.location.file)
                let kind = finding.fix.map { $0.applicability == .safe ? "" : " (\($0.applicability.rawValue))" } ?? ""
                out += "- **\(finding.code)** \(subject)\(kind): \(MarkdownText.escape(finding.fix?.text ?? ""))\n"
            }
            out += "\n</details>\n"
        }
        return out
    }

    static func icon(_ severity: Severity) -> String {
        switch severity {
        case .error: return ":red_circle:"
        case .warning: return ":warning:"
        case .note: return ":information_source:"
        }
    }
}
