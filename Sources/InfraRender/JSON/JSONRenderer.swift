import Foundation
import InfraCore

/// `--format json`: one object with a version, the findings and a summary.
public enum JSONRenderer {
    struct Document: Encodable {
        var version = 1
        var findings: [Entry]
        var summary: Summary
    }

    struct Summary: Encodable {
        var files: Int
        var error: Int
        var warning: Int
        var note: Int
    }

    /// One finding as `--format json` writes it (and the live page reads it).
    public struct Entry: Encodable, Sendable {
        var finding: Finding

        public init(_ finding: Finding) { self.finding = finding }

        enum Key: String, CodingKey {
            case code, name, severity, message, file, line, column, endLine, endColumn, element, fix, applicability, fingerprint
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(finding.code, forKey: .code)
            try container.encode(finding.name, forKey: .name)
            try container.encode(finding.severity.rawValue, forKey: .severity)
            try container.encode(finding.message, forKey: .message)
            try container.encode(finding.location.file, forKey: .file)
            try container.encode(finding.location.start.line, forKey: .line)
            try container.encode(finding.location.start.column, forKey: .column)
            try container.encode(finding.location.end.line, forKey: .endLine)
            try container.encode(finding.location.end.column, forKey: .endColumn)
            // Explicit nulls: a design-level finding has no element, a parse error no fix.
            try container.encode(finding.element, forKey: .element)
            try container.encode(finding.fix?.text, forKey: .fix)
            try container.encode(finding.fix?.applicability.rawValue, forKey: .applicability)
            try container.encode(finding.fingerprint, forKey: .fingerprint)
        }
    }

    public static func render(_ report: Report) -> String {
        let document = Document(
            findings: report.findings.map(Entry.init),
            summary: Summary(files: report.fileCount, error: report.count(.error),
                             warning: report.count(.warning), note: report.count(.note)))
        return encode(document)
    }

    /// Pretty, key-sorted JSON with a final newline: byte-identical for the same input.
    public static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
