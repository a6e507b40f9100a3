import InfraCore
import InfraLintKit
import InfraRender
import InfraTestSupport
import Testing

@Suite("The text report is written chunk by chunk, the same bytes as rendered whole")
struct TextWriterTests {
    @Test("every example, random designs, an empty report and a file that fails to parse; with colour and without")
    func chunksMakeTheSameReport() throws {
        var reports = try Fixtures.examples.map { LintRun.report([LintRun.lint(try Fixtures.source($0), options: LintOptions())]) }
        reports.append(LintRun.report([]))
        reports.append(LintRun.report([LintRun.lint(SourceFile(path: "broken.infra", text: "server { \u{7}\n"), options: LintOptions())]))
        for seed in UInt64(0)..<20 {
            reports.append(LintRun.report([LintRun.lint(SourceFile(path: "random-\(seed).infra", text: RandomDesigns.make(seed: seed)),
                                                        options: LintOptions())]))
        }
        for report in reports {
            for renderer in [TextRenderer(color: false), TextRenderer(color: true)] {
                let whole = Array(renderer.render(report).utf8)
                for chunkSize in [1, 500, 1 << 18] {
                    var chunks: [[UInt8]] = []
                    try renderer.write(report, chunkSize: chunkSize) { chunks.append(Array($0)) }
                    #expect(chunks.flatMap { $0 } == whole)
                    #expect(!chunks.contains { $0.isEmpty })
                    // Handed over as soon as a chunk fills: each but the last reaches the
                    // size, and with one byte a chunk is a finding, the summary last.
                    for chunk in chunks.dropLast() { #expect(chunk.count >= chunkSize) }
                    if chunkSize == 1 { #expect(chunks.count == report.findings.count + 1) }
                }
            }
        }
    }
}
