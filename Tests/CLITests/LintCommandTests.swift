import Foundation
import InfraTestSupport
import Testing

@Suite("infralint lint, as users run it")
struct LintCommandTests {
    @Test("a file with three separate mistakes reports all three with carets, and exits 2")
    func threeMistakes() throws {
        let result = try CLI.run(["lint", "-"], stdin: """
            client users
            load-balacer lb-01 { algorithm: round-robin }
            server web-01 {
              web-server nginx-01 { software nginx }
            }
            users -> web-1 : http
            """)
        #expect(result.status == 2)
        #expect(result.stdout == """
            <stdin>:2:1: error: unknown kind 'load-balacer'; did you mean 'load-balancer'? [PARSE]
                2 | load-balacer lb-01 { algorithm: round-robin }
                  | ^~~~~~~~~~~~
              advice: declare it as load-balancer lb-01
            <stdin>:4:34: error: expected ':' after the property 'software', found 'nginx' [PARSE]
                4 |   web-server nginx-01 { software nginx }
                  |                                  ^~~~~
              advice: write software: nginx
            <stdin>:6:10: error: 'web-1' is not declared; did you mean 'web-01'? [PARSE]
                6 | users -> web-1 : http
                  |          ^~~~~
              advice: write web-01, or declare web-1 with its kind (web-server web-1, say)

            3 errors in 1 file

            """)
    }

    @Test("the caret stands under the right column after é and an emoji")
    func caretAfterWideCharacters() throws {
        let result = try CLI.run(["lint", "-"], stdin: "client u \"🎉 é\" ; u -> nowhere\n")
        #expect(result.stdout.contains("""
                1 | client u "🎉 é" ; u -> nowhere
                  |                        ^~~~~~~
            """))
    }

    @Test("--format json: one object with version, findings and summary")
    func json() throws {
        let result = try CLI.run(["lint", "--format", "json", "-"], stdin: CleanDesign.withWarning)
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["files": 1, "error": 0, "warning": 1, "note": 0])
        let findings = try #require(object["findings"] as? [[String: Any]])
        let finding = try #require(findings.first { $0["code"] as? String == "DES003" })
        #expect(finding["name"] as? String == "unknown-property")
        #expect(finding["severity"] as? String == "warning")
        #expect(finding["file"] as? String == "<stdin>")
        #expect(finding["line"] as? Int == 8 && finding["column"] as? Int == 3)
        #expect(finding["endLine"] as? Int == 8 && finding["endColumn"] as? Int == 10)
        #expect(finding["element"] as? String == "web")
        #expect(finding["fingerprint"] as? String == "DES003:web:softwre")
        #expect(finding.keys.sorted() == ["applicability", "code", "column", "element", "endColumn", "endLine", "file", "fingerprint", "fix", "line", "message", "name", "severity"])
        #expect(finding["applicability"] as? String == "unsafe")
        #expect(finding["fix"] as? String == "rename softwre to software on web")
    }

    @Test("parse errors are findings with code PARSE in JSON too, and exit 2")
    func jsonParseErrors() throws {
        let result = try CLI.run(["lint", "--format", "json", "-"], stdin: "server {\n")
        #expect(result.status == 2)
        #expect(result.stdout.contains("\"code\" : \"PARSE\""))
        #expect(result.stdout.contains("\"element\" : null"))
    }

    @Test("--fail-on decides the exit status")
    func failOn() throws {
        let warning = CleanDesign.withWarning
        #expect(try CLI.run(["lint", "-"], stdin: warning).status == 1, "the default threshold is warning")
        #expect(try CLI.run(["lint", "--fail-on", "error", "-"], stdin: warning).status == 0)
        #expect(try CLI.run(["lint", "--fail-on", "note", "-"], stdin: warning).status == 1)
        #expect(try CLI.run(["lint", "--fail-on", "never", "-"], stdin: warning).status == 0)
        #expect(try CLI.run(["lint", "--fail-on", "never", "-"], stdin: "server {").status == 2,
                "a file that cannot be parsed always exits 2")
    }

    @Test("a wrong command line exits 2, not the argument parser's 64")
    func wrongCommandLine() throws {
        let unknownFlag = try CLI.run(["lint", "--bogus", "x.infra"])
        #expect(unknownFlag.status == 2)
        #expect(unknownFlag.stderr.contains("Unknown option '--bogus'"))
        #expect(try CLI.run(["lint", "--format", "yaml", "x.infra"]).status == 2)
        #expect(try CLI.run(["lint"]).status == 2)
        #expect(try CLI.run(["frobnicate"]).status == 2)
    }

    @Test("a missing file, a folder without designs, a binary file, invalid UTF-8: a message and exit 2")
    func unreadableInputs() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try CLI.run(["lint", "no-such.infra"])
        #expect(missing.status == 2)
        #expect(missing.stdout.contains("no-such.infra:1:1: error: no such file or folder [PARSE]"))
        let empty = try CLI.run(["lint", folder.path])
        #expect(empty.status == 2)
        #expect(empty.stdout.contains("no .infra files in this folder"))
        let binary = folder.appendingPathComponent("binary.infra")
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01]).write(to: binary)
        let binaryResult = try CLI.run(["lint", binary.path])
        #expect(binaryResult.status == 2)
        #expect(binaryResult.stdout.contains("looks like a binary file"))
        let latin1 = folder.appendingPathComponent("latin1.infra")
        try Data([0x63, 0x6C, 0x69, 0x65, 0x6E, 0x74, 0x20, 0xE9]).write(to: latin1)
        let latin1Result = try CLI.run(["lint", latin1.path])
        #expect(latin1Result.status == 2)
        #expect(latin1Result.stdout.contains("latin1.infra:1:8: error: the file is not valid UTF-8 text; save it as UTF-8"))
    }

    @Test("an empty file is a valid empty design")
    func emptyFile() throws {
        let result = try CLI.run(["lint", "-"], stdin: "")
        #expect(result.status == 0)
    }

    @Test("folders are searched recursively for *.infra files, in sorted order")
    func folders() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("b/c"), withIntermediateDirectories: true)
        try CleanDesign.withWarning.write(to: folder.appendingPathComponent("b/c/z.infra"), atomically: true, encoding: .utf8)
        try CleanDesign.withWarning.write(to: folder.appendingPathComponent("a.infra"), atomically: true, encoding: .utf8)
        try "not a design".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["lint", "."], directory: folder)
        #expect(result.status == 1)
        let files = result.stdout.split(separator: "\n").filter { $0.contains(": warning:") }.map { $0.split(separator: ":")[0] }
        #expect(files == ["a.infra", "b/c/z.infra"], "relative to the working directory, without ./")
        #expect(result.stdout.hasSuffix("2 warnings in 2 files\n"))
    }

    @Test("colour only on a terminal, never under NO_COLOR")
    func colour() throws {
        let piped = try CLI.run(["lint", "-"], stdin: CleanDesign.withWarning)
        #expect(!piped.stdout.contains("\u{1B}["), "no colour when standard output is a pipe")
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("w.infra")
        try CleanDesign.withWarning.write(to: file, atomically: true, encoding: .utf8)
        let command = "\(CLI.executable.path) lint \(file.path)"
        let terminal = try runInTerminal(command, environment: [:])
        #expect(terminal.contains("\u{1B}[1;33mwarning:"), "yellow warnings on a terminal")
        let noColor = try runInTerminal(command, environment: ["NO_COLOR": "1"])
        #expect(noColor.contains("warning:") && !noColor.contains("\u{1B}["))
    }

    private func runInTerminal(_ command: String, environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("-o writes the whole output to a file; a folder that does not exist is an error and leaves nothing")
    func outputFile() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("report.json")
        let written = try CLI.run(["lint", "--format", "json", "-o", target.path, "-"], stdin: CleanDesign.text())
        #expect(written.status == 0)
        #expect(written.stdout.isEmpty)
        #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("{"))
        let bad = folder.appendingPathComponent("missing/report.json")
        let failed = try CLI.run(["lint", "-o", bad.path, "-"], stdin: "client u\n")
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("does not exist"))
        #expect(!FileManager.default.fileExists(atPath: bad.path))
    }

    @Test("--version and --help on every command")
    func helpAndVersion() throws {
        let version = try CLI.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.first?.isNumber == true)
        for command in ["lint", "render", "explain", "what-if", "rules", "fmt", "init"] {
            let help = try CLI.run([command, "--help"])
            #expect(help.status == 0, "\(command) --help")
            #expect(help.stdout.contains("USAGE: infralint \(command)"))
        }
    }
}
