import Foundation
import InfraCore
import InfraLintKit
import InfraRender
import InfraTestSupport
import Testing

@Suite("--format json is written directly, byte for byte what JSONEncoder wrote")
struct JSONWriterTests {
    @Test("every example, random designs, an empty report and files that fail to parse")
    func sameBytesAsEncoder() throws {
        var reports = try Fixtures.examples.map { LintRun.report([LintRun.lint(try Fixtures.source($0), options: LintOptions())]) }
        for seed in UInt64(0)..<60 {
            reports.append(LintRun.report([LintRun.lint(SourceFile(path: "random-\(seed).infra", text: RandomDesigns.make(seed: seed)),
                                                        options: LintOptions())]))
        }
        reports.append(LintRun.report([]))
        reports.append(LintRun.report([LintRun.lint(SourceFile(path: "broken \"é\".infra", text: "server { \u{7}\n"), options: LintOptions())]))
        for report in reports {
            #expect(JSONRenderer.render(report) == JSONRenderer.renderEncoded(report))
        }
    }

    @Test("written chunk by chunk, as the command line writes it, the document is the same bytes, handed over as each chunk fills")
    func chunksMakeTheSameDocument() throws {
        var reports = try Fixtures.examples.map { LintRun.report([LintRun.lint(try Fixtures.source($0), options: LintOptions())]) }
        reports.append(LintRun.report([]))
        for seed in UInt64(0)..<20 {
            reports.append(LintRun.report([LintRun.lint(SourceFile(path: "random-\(seed).infra", text: RandomDesigns.make(seed: seed)),
                                                        options: LintOptions())]))
        }
        for report in reports {
            let whole = JSONRenderer.renderBytes(report)
            for chunkSize in [1, 300, 4096, 1 << 18] {
                var chunks: [[UInt8]] = []
                try JSONRenderer.write(report, chunkSize: chunkSize) { chunks.append(Array($0)) }
                #expect(chunks.flatMap { $0 } == whole)
                #expect(!chunks.contains { $0.isEmpty })
                // Each chunk but the last reaches the size; handed over as soon as it does,
                // a chunk of one byte is one entry, and the summary comes last.
                for chunk in chunks.dropLast() { #expect(chunk.count >= chunkSize) }
                if chunkSize == 1 { #expect(chunks.count == report.findings.count + 1) }
            }
        }
    }

    @Test("every ASCII character, the line separators and characters beyond the BMP escape as JSONEncoder escapes them")
    func escaping() throws {
        var text = ""
        for value in UInt8(0)..<0x80 { text.unicodeScalars.append(Unicode.Scalar(value)) }
        text += "\u{2028}\u{2029}é😀/\\\""
        for sample in [text, "", "plain", "\"", "\u{1F}end", "start\u{0}"] {
            var writer = JSONBytes()
            writer.string(sample)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            let expected = String(decoding: try encoder.encode([sample]), as: UTF8.self)
            #expect("[\(writer.text)]" == expected)
        }
    }
}
