import Foundation
import InfraTestSupport
import Testing

@Suite("lint's formats from the command line")
struct FormatsCommandTests {
    @Test("several formats in one run: each FORMAT=FILE written whole, one format on standard output")
    func severalFormats() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sarif = folder.appendingPathComponent("out.sarif").path
        let gitlab = folder.appendingPathComponent("quality.json").path
        let result = try CLI.run(["lint", "examples/distributed/distributed.infra",
                                  "--format", "sarif=\(sarif)", "--format", "gitlab", "-o", gitlab, "--format", "github"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("::warning file=examples/distributed/distributed.infra,line=3,"))
        #expect(try String(contentsOfFile: sarif, encoding: .utf8).contains("\"version\" : \"2.1.0\""))
        #expect(try String(contentsOfFile: gitlab, encoding: .utf8).hasPrefix("["))
    }

    @Test("two formats for standard output, an unknown format, a stray -o: exit 2 and no file")
    func errors() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let two = try CLI.run(["lint", "examples/", "--format", "json", "--format", "text"])
        #expect(two.status == 2)
        #expect(two.stderr.contains("only one format can go to standard output"))
        let unknown = try CLI.run(["lint", "examples/", "--format", "yaml=\(folder.path)/x.yaml"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("The value 'yaml=\(folder.path)/x.yaml' is invalid for '--format"))
        let stray = try CLI.run(["lint", "examples/", "--format", "json=\(folder.path)/a.json", "-o", "\(folder.path)/b.json"])
        #expect(stray.status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("parse errors appear in every format, and the exit status is 2")
    func parseErrorsInEveryFormat() throws {
        for format in ["json", "sarif", "github", "gitlab", "markdown"] {
            let result = try CLI.run(["lint", "--format", format, "-"], stdin: "server {\n")
            #expect(result.status == 2, "\(format)")
            #expect(result.stdout.contains("PARSE"), "\(format)")
        }
    }
}
