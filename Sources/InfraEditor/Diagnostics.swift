import InfraCore
import InfraRender

/// Findings as the protocol's diagnostics: the same findings `lint` reports, each
/// with its code, a link to its rule's page, and the other positions it names.
enum Diagnostics {
    static func diagnostics(_ analysis: Analysis, uri: String) -> [JSON] {
        diagnostics(analysis.findings, source: analysis.source, uri: uri)
    }

    static func diagnostics(_ findings: [Finding], source: SourceFile, uri: String) -> [JSON] {
        findings.map { finding in
            var diagnostic: [String: JSON] = [
                "range": source.lspRange(finding.location),
                "severity": JSON(severity(finding.severity)),
                "code": JSON(finding.code),
                "codeDescription": ["href": JSON(RuleDocs.pageURL(for: finding.code))],
                "source": "infralint",
                "message": JSON(finding.message + (finding.fix.map { "\nFix (\($0.applicability.rawValue)): \($0.text)" } ?? "")),
            ]
            if !finding.related.isEmpty {
                diagnostic["relatedInformation"] = .array(finding.related.map { related in
                    ["location": ["uri": JSON(uri), "range": source.lspRange(related.location)], "message": JSON(related.message)]
                })
            }
            return .object(diagnostic)
        }
    }

    /// Error 1, Warning 2, Information 3: a note is information, not a hint the editor hides.
    static func severity(_ severity: Severity) -> Int {
        switch severity {
        case .error: return 1
        case .warning: return 2
        case .note: return 3
        }
    }
}
