import Foundation
import InfraTestSupport
import Testing

/// What a CI user meets on the command line: each used to do something quiet
/// and wrong; each now does what it says or says why not.
@Suite("The command line without surprises: paths, names twice, excluded files, formats, rules, starters, completion")
struct CommandLineSurprisesTests {
    private func project() throws -> URL {
        let folder = try CLI.temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("designs"), withIntermediateDirectories: true)
        try Fixtures.text("examples/distributed/distributed.infra").write(
            to: folder.appendingPathComponent("designs/a.infra"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test("every format names a file relative to the working directory, without ./, and once")
    func paths() throws {
        let folder = try project()
        defer { try? FileManager.default.removeItem(at: folder) }
        let github = try CLI.run(["lint", ".", "--format", "github"], directory: folder)
        #expect(github.stdout.contains("::error file=designs/a.infra,line=11,"), "\(github.stdout)")
        #expect(!github.stdout.contains("./designs"))
        let absolute = folder.appendingPathComponent("designs/a.infra").path
        let gitlab = try CLI.run(["lint", absolute, "designs/a.infra", "./designs/../designs/a.infra", "--format", "gitlab"], directory: folder)
        let paths = gitlab.stdout.components(separatedBy: "\"path\" : \"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(!paths.isEmpty)
        #expect(Set(paths) == ["designs/a.infra"], "\(Set(paths))")
        let text = try CLI.run(["lint", "designs/a.infra", absolute], directory: folder)
        #expect(text.stdout.hasSuffix("in 1 file\n"), "a file named twice is linted once: \(text.stdout.suffix(60))")
    }

    @Test("--root names files relative to another folder, in every format, the baseline and the outputs")
    func root() throws {
        let folder = try project()
        defer { try? FileManager.default.removeItem(at: folder) }
        let designs = folder.appendingPathComponent("designs")
        let run = try CLI.run(["lint", "a.infra", "--root", "..", "--format", "github", "--format", "sarif=out.sarif",
                               "--format", "gitlab=gl.json"], directory: designs)
        #expect(run.status == 1)
        #expect(run.stdout.contains("::error file=designs/a.infra,line=11,"), "\(run.stdout)")
        let sarif = try String(contentsOf: designs.appendingPathComponent("out.sarif"), encoding: .utf8)
        #expect(sarif.contains("\"uri\" : \"designs/a.infra\""), "outputs are written where the user stands")
        #expect(try String(contentsOf: designs.appendingPathComponent("gl.json"), encoding: .utf8).contains("\"path\" : \"designs/a.infra\""))
        _ = try CLI.run(["lint", "a.infra", "--root", "..", "--write-baseline", "base.json"], directory: designs)
        let hidden = try CLI.run(["lint", "a.infra", "--root", "..", "--baseline", "base.json"], directory: designs)
        #expect(hidden.status == 0, "the baseline recorded under --root hides the same findings: \(hidden.stdout)")
        let missing = try CLI.run(["lint", "a.infra", "--root", "nowhere"], directory: designs)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--root nowhere: no such folder"))
    }

    @Test("a file named on the command line that the configuration excludes is skipped with a warning")
    func excludedByName() throws {
        let folder = try project()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "exclude:\n  - designs\n".write(to: folder.appendingPathComponent(".infralint.yml"), atomically: true, encoding: .utf8)
        let named = try CLI.run(["lint", "designs/a.infra"], directory: folder)
        #expect(named.status == 0)
        #expect(named.stderr.contains("warning: designs/a.infra is excluded by the configuration's exclude patterns"), "\(named.stderr)")
        let found = try CLI.run(["lint", "."], directory: folder)
        #expect(found.stderr.isEmpty, "files found in a folder are skipped quietly")
    }

    @Test("--write-baseline on a file that does not parse writes nothing and says why")
    func baselineOfBrokenFile() throws {
        let folder = try project()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "client users\nweb-server {\n".write(to: folder.appendingPathComponent("designs/b.infra"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["lint", "designs", "--write-baseline", "baseline.json"], directory: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("designs/b.infra:2:"), "\(result.stderr)")
        #expect(result.stderr.contains("baseline.json not written: designs/b.infra cannot be read or parsed"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("baseline.json").path))
    }

    @Test("formats that name no file, or the wrong kind of file, are errors")
    func formatsAndFiles() throws {
        let folder = try project()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = try CLI.run(["lint", "designs/a.infra", "--format", "json="], directory: folder)
        #expect(empty.status == 2)
        #expect(empty.stdout.isEmpty)
        let mismatch = try CLI.run(["render", "designs/a.infra", "-o", "y.png", "--format", "svg"], directory: folder)
        #expect(mismatch.status == 2)
        #expect(mismatch.stderr.contains("y.png names a PNG file but --format is svg"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("y.png").path))
    }

    @Test("rules --format markdown lists the catalogue; rules PARSE explains parse errors; init suggests a starter")
    func rulesAndStarters() throws {
        let markdown = try CLI.run(["rules", "--format", "markdown"])
        #expect(markdown.stdout.hasPrefix("# Rules\n"))
        #expect(markdown.stdout.contains("| [AV001](AV001.md) | `single-point-of-failure` |"))
        let parse = try CLI.run(["rules", "parse"])
        #expect(parse.status == 0)
        #expect(parse.stdout.hasPrefix("PARSE parse-error\nNot a rule"))
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let starter = try CLI.run(["init", "distrib"], directory: folder)
        #expect(starter.status == 2)
        #expect(starter.stderr.contains("no starter 'distrib'; did you mean 'distributed'?"))
    }

    @Test("shell completion offers the formats, the rule codes and the starters")
    func completion() throws {
        let bash = try CLI.run(["--generate-completion-script", "bash"]).stdout
        #expect(bash.contains("'text'$'\\n''json'$'\\n''sarif'$'\\n''github'$'\\n''gitlab'$'\\n''markdown'"))
        #expect(bash.contains("'svg'$'\\n''png'$'\\n''pdf'$'\\n''dot'$'\\n''mermaid'"))
        #expect(bash.contains("AV001") && bash.contains("SEC001") && bash.contains("PARSE"))
        let starters = try CLI.run(["---completion", "init", "--", "positional@0", "1", "0"])
        #expect(starters.stdout.split(separator: "\n") == ["distributed", "one-server", "scaled-up", "secured-monitored"])
        let zsh = try CLI.run(["--generate-completion-script", "zsh"])
        #expect(zsh.status == 0 && zsh.stdout.contains("#compdef infralint"))
    }
}
