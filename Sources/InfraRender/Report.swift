import InfraCore

/// What every findings renderer shows: the findings of one run over some files,
/// with the sources they point into.
public struct Report: Sendable {
    /// Shown findings (suppressed ones excluded), sorted.
    public var findings: [Finding]
    /// Findings silenced by comments or a baseline, for formats that carry them (SARIF).
    public var suppressed: [Finding]
    /// How many files were linted.
    public var fileCount: Int
    /// The files' sources by path, for excerpts.
    public var sources: [String: SourceFile]

    public init(findings: [Finding], suppressed: [Finding] = [], fileCount: Int, sources: [String: SourceFile] = [:]) {
        self.findings = findings.inReportOrder()
        self.suppressed = suppressed.inReportOrder()
        self.fileCount = fileCount
        self.sources = sources
    }

    /// How many findings of a severity.
    public func count(_ severity: Severity) -> Int {
        // By index: reading a field copies no finding, where a closure's argument did.
        var count = 0
        for index in findings.indices where findings[index].severity == severity { count += 1 }
        return count
    }

    /// "2 errors, 1 warning and 3 notes in 4 files", or "no findings in 1 file".
    public var summaryLine: String {
        let parts = Severity.counts(of: findings)
        let files = counted(fileCount, "file")
        var line = parts.isEmpty ? "no findings in \(files)" : "\(listed(parts)) in \(files)"
        if !suppressed.isEmpty { line += " (\(suppressed.count) suppressed)" }
        return line
    }
}
