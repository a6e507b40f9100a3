import Foundation
import InfraTestSupport
import Testing

/// The benchmark tool is run by people: it answers --help and refuses what it does not know.
@Suite("infralint-bench's command line")
struct BenchmarkToolTests {
    private var bench: URL { CLI.executable.deletingLastPathComponent().appendingPathComponent("infralint-bench") }

    @Test("--help prints every mode without running a benchmark; an unknown option is an error")
    func help() throws {
        let help = try CLI.process(bench, ["--help"])
        #expect(help.status == 0)
        for mode in ["--command", "--callgrind", "--lsp", "--shapes", "--render", "--explain", "--availability"] {
            #expect(help.stdout.contains(mode), "\(mode)")
        }
        #expect(!help.stdout.contains("µs/element  findings"), "no benchmark ran")
        let unknown = try CLI.process(bench, ["--fast"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown option '--fast'"))
    }

    @Test("several files are linted on all cores: the same findings as one by one, the same bytes every run")
    func parallelOrder() throws {
        let names = ["examples/production/production.infra", "examples/one-server/one-server.infra",
                     "examples/distributed/distributed.infra", "examples/scaled-up/scaled-up.infra"]
        let together = try CLI.run(["lint"] + names + ["--format", "json"])
        let alone = try names.map { try CLI.run(["lint", $0, "--format", "json"]).stdout }
        func files(_ json: String) -> [String] {
            json.components(separatedBy: "\"file\" : \"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        }
        #expect(files(together.stdout) == alone.flatMap(files).sorted(), "each file's findings, in the report's order (by file)")
        let text = try CLI.run(["lint"] + names)
        #expect(text.stdout.hasSuffix("in 4 files (1 suppressed)\n") || text.stdout.contains("in 4 files"), "\(text.stdout.suffix(80))")
        #expect(try CLI.run(["lint"] + names + ["--format", "json"]).stdout == together.stdout, "byte-identical run to run")
    }
}
