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

    /// The document, written directly: byte-identical to `encode(Document)`, which a
    /// test checks, and 20 times faster on tens of thousands of findings.
    public static func render(_ report: Report) -> String {
        String(decoding: renderBytes(report), as: UTF8.self)
    }

    /// The document as UTF-8 bytes: what the command line writes, without the
    /// copy a `String` of tens of megabytes would cost at its peak of memory.
    public static func renderBytes(_ report: Report) -> [UInt8] {
        // Room for the whole document at once: the fixed part of an entry, its
        // strings, and a little for escapes (growing it doubled the peak).
        var estimate = 512
        for index in report.findings.indices {
            let finding = report.findings[index]
            estimate += 400 + finding.message.utf8.count + (finding.fix?.text.utf8.count ?? 0) + finding.fingerprint.utf8.count
                + finding.location.file.utf8.count + (finding.element?.utf8.count ?? 0) + finding.name.utf8.count
        }
        var out = JSONBytes(capacity: estimate + estimate / 32)
        write(report, into: &out) { _ in }
        return out.bytes
    }

    /// The document handed to `chunk` a quarter of a megabyte at a time, in order:
    /// what the command line writes, so that a report of tens of megabytes is never
    /// whole in memory (it was the largest thing alive at a large lint's peak).
    public static func write(_ report: Report, chunkSize: Int = 1 << 18,
                             to chunk: (UnsafeRawBufferPointer) throws -> Void) throws {
        var out = JSONBytes(capacity: chunkSize + chunkSize / 4)
        try write(report, into: &out) { out in
            if out.bytes.count >= chunkSize { try out.flush(to: chunk) }
        }
        try out.flush(to: chunk)
    }

    /// The document into `out`; `written` is called after each entry.
    private static func write(_ report: Report, into out: inout JSONBytes,
                              written: (inout JSONBytes) throws -> Void) rethrows {
        out.raw("{\n  \"findings\" : [\n")
        for index in report.findings.indices {
            write(report.findings[index], to: &out)
            out.raw(index == report.findings.count - 1 ? "\n" : ",\n")
            try written(&out)
        }
        if report.findings.isEmpty { out.raw("\n") }
        out.raw("  ],\n  \"summary\" : {\n    \"error\" : ")
        out.int(report.count(.error))
        out.raw(",\n    \"files\" : ")
        out.int(report.fileCount)
        out.raw(",\n    \"note\" : ")
        out.int(report.count(.note))
        out.raw(",\n    \"warning\" : ")
        out.int(report.count(.warning))
        out.raw("\n  },\n  \"version\" : 1\n}\n")
    }

    /// One entry at the document's depth, keys in JSONEncoder's sorted order.
    private static func write(_ finding: borrowing Finding, to out: inout JSONBytes) {
        out.raw("    {\n      \"applicability\" : ")
        out.string(finding.fix?.applicability.rawValue)
        out.raw(",\n      \"code\" : ")
        out.string(finding.code)
        out.raw(",\n      \"column\" : ")
        out.int(finding.location.start.column)
        out.raw(",\n      \"element\" : ")
        out.string(finding.element)
        out.raw(",\n      \"endColumn\" : ")
        out.int(finding.location.end.column)
        out.raw(",\n      \"endLine\" : ")
        out.int(finding.location.end.line)
        out.raw(",\n      \"file\" : ")
        out.string(finding.location.file)
        out.raw(",\n      \"fingerprint\" : ")
        out.string(finding.fingerprint)
        out.raw(",\n      \"fix\" : ")
        out.string(finding.fix?.text)
        out.raw(",\n      \"line\" : ")
        out.int(finding.location.start.line)
        out.raw(",\n      \"message\" : ")
        out.string(finding.message)
        out.raw(",\n      \"name\" : ")
        out.string(finding.name)
        out.raw(",\n      \"severity\" : ")
        out.string(finding.severity.rawValue)
        out.raw("\n    }")
    }

    /// What `render` writes, through JSONEncoder: the reference the direct writer is tested against.
    public static func renderEncoded(_ report: Report) -> String {
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
