import Foundation
import InfraTestSupport
import Testing

/// What no input and no environment may do to the command line: trap, hang,
/// grow without bound, or damage a file it was not asked to write.
@Suite("Robustness: empty designs, failed writes, special files, outputs that must not be clobbered")
struct RobustnessCommandTests {
    /// Runs a shell script with `$INFRALINT` set to the executable, in `folder`.
    private func shell(_ script: String, in folder: URL) throws -> CLI.Result {
        try CLI.process(URL(fileURLWithPath: "/bin/sh"), ["-c", script], directory: folder)
    }

    private func folderWithDesign() throws -> URL {
        let folder = try CLI.temporaryFolder()
        try Fixtures.text("examples/distributed/distributed.infra").write(
            to: folder.appendingPathComponent("d.infra"), atomically: true, encoding: .utf8)
        return folder
    }

    private func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test("designs with no elements go through every command and format without a crash",
          arguments: ["", "# only a comment\n", "design \"x\" {\n}\n", "network dmz\n"])
    func emptyDesigns(text: String) throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("e.infra").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        for format in ["text", "json", "sarif", "github", "gitlab", "markdown"] {
            let result = try CLI.run(["lint", path, "--format", format])
            #expect(result.status == 0, "lint --format \(format): \(result.stderr)")
        }
        for format in ["svg", "png", "pdf", "dot", "mermaid"] {
            let result = try CLI.run(["render", path, "--format", format, "-o", folder.appendingPathComponent("e.\(format)").path])
            #expect(result.status == 0, "render --format \(format): \(result.stderr)")
        }
        for arguments in [["explain", path], ["explain", path, "--detail", "full"], ["fmt", "--check", path], ["fix", path]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 0 || (arguments[0] == "fmt" && result.status == 1), "\(arguments): \(result.stderr)")
        }
        let whatIf = try CLI.run(["what-if", path, "--fail", "web"])
        #expect(whatIf.status == 2)
        #expect(whatIf.stderr.contains("'web' is not declared"))
    }

    @Test("a failed write to standard output is a message and exit 2, in every command that prints")
    func failedStandardOutput() throws {
        let folder = try folderWithDesign()
        defer { try? FileManager.default.removeItem(at: folder) }
        for command in ["lint d.infra", "lint d.infra -f sarif", "render d.infra -f dot", "render d.infra -f mermaid", "explain d.infra", "rules", "rules AV001", "what-if d.infra --fail lb-01", "init --list", "fmt - < d.infra"] {
            let full = try shell("\"$INFRALINT\" \(command) > /dev/full", in: folder)
            #expect(full.status == 2, "\(command) > /dev/full")
            #expect(full.stderr.contains("cannot write to standard output: No space left on device"), "\(command): \(full.stderr)")
            let closed = try shell("\"$INFRALINT\" \(command) >&-", in: folder)
            #expect(closed.status == 2, "\(command) >&-")
            #expect(closed.stderr.contains("cannot write to standard output"), "\(command): \(closed.stderr)")
        }
    }

    @Test("devices and /dev/stdout are written directly, never replaced by a file")
    func devices() throws {
        let folder = try folderWithDesign()
        defer { try? FileManager.default.removeItem(at: folder) }
        let null = try CLI.run(["lint", "d.infra", "-o", "/dev/null"], directory: folder)
        #expect(null.status == 1, "\(null.stderr)")
        let type = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType
        #expect(type == .typeCharacterSpecial)
        let stdout = try shell("\"$INFRALINT\" lint d.infra --format sarif=/dev/stdout | head -c 200", in: folder)
        #expect(stdout.stdout.contains("\"$schema\""), "\(stdout.stderr)")
        let rendered = try CLI.run(["render", "d.infra", "-f", "dot", "-o", "/dev/stdout"], directory: folder)
        #expect(rendered.status == 0)
        #expect(rendered.stdout.hasPrefix("digraph"))
    }

    @Test("an existing output keeps its permissions; a symbolic link is followed to its target")
    func modesAndLinks() throws {
        let folder = try folderWithDesign()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report.txt").path
        try "old\n".write(toFile: report, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: report)
        #expect(try CLI.run(["lint", "d.infra", "-o", report], directory: folder).status == 1)
        #expect(try mode(report) == 0o640)
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("single point of failure"))

        let target = folder.appendingPathComponent("target.svg").path
        try "old".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target)
        let link = folder.appendingPathComponent("link.svg").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.svg")
        #expect(try CLI.run(["render", "d.infra", "-o", link], directory: folder).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "target.svg")
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("<svg"))
        #expect(try mode(target) == 0o600)
    }

    @Test("a read-only output and an output that is one of the inputs are refused, and left as they were")
    func refusedOutputs() throws {
        let folder = try folderWithDesign()
        defer { try? FileManager.default.removeItem(at: folder) }
        let design = try String(contentsOf: folder.appendingPathComponent("d.infra"), encoding: .utf8)
        for arguments in [["render", "d.infra", "-o", "d.infra", "-f", "svg"], ["lint", "d.infra", "-o", "d.infra"],
                          ["explain", "d.infra", "-o", "./d.infra"], ["lint", "d.infra", "--format", "json=d.infra"]] {
            let result = try CLI.run(arguments, directory: folder)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains("it is the design being read"), "\(arguments): \(result.stderr)")
            #expect(try String(contentsOf: folder.appendingPathComponent("d.infra"), encoding: .utf8) == design)
        }
        let readOnly = folder.appendingPathComponent("locked.txt").path
        try "keep\n".write(toFile: readOnly, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: readOnly)
        let result = try CLI.run(["lint", "d.infra", "-o", readOnly], directory: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("the file is read-only"))
        #expect(try String(contentsOfFile: readOnly, encoding: .utf8) == "keep\n")
        #expect(try mode(readOnly) == 0o444)
    }

    @Test("standard input has the files' 32 MB limit and stops reading there")
    func oversizedStandardInput() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // 40 MB of valid lines: without the limit this parses for minutes.
        let result = try shell("yes 'client u' | head -c 40000000 | \"$INFRALINT\" lint -", in: folder)
        #expect(result.status == 2)
        #expect(result.stdout.contains("<stdin>:1:1: error: more than 32.0 MB arrived"), "\(result.stdout)")
    }

    @Test("special files: a FIFO is read like a file, /dev/zero is binary, not 'permission'")
    func specialFiles() throws {
        let folder = try folderWithDesign()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = try shell("mkfifo pipe && (cat d.infra > pipe &) && \"$INFRALINT\" lint pipe", in: folder)
        #expect(fifo.status == 1, "\(fifo.stderr)")
        #expect(fifo.stdout.contains("pipe:11:1: error:"), "\(fifo.stdout)")
        for script in ["\"$INFRALINT\" lint /dev/zero", "\"$INFRALINT\" lint - < /dev/zero"] {
            let result = try shell(script, in: folder)
            #expect(result.status == 2, "\(script)")
            #expect(result.stdout.contains("looks like a binary file (a NUL byte at byte 0)"), "\(script): \(result.stdout)")
        }
        let redirected = try shell("\"$INFRALINT\" lint - < d.infra", in: folder)
        #expect(redirected.status == 1, "a design on standard input")
    }

    @Test("control characters and noncharacters are errors with their position, in strings and out")
    func controlCharacters() throws {
        let cases: [(text: String, position: String, name: String)] = [
            ("client \"a\u{01}b\"\n", "1:10", "the control character U+0001"),
            ("client u\nweb-server w { software: \"ng\u{FFFE}inx\" }\n", "2:29", "the noncharacter U+FFFE"),
            ("client u\u{7F}\n", "1:9", "the control character U+007F"),
            ("client u\n\u{85}web-server w\n", "2:1", "the control character U+0085"),
        ]
        for (text, position, name) in cases {
            let result = try CLI.run(["lint", "-"], stdin: text)
            #expect(result.status == 2)
            #expect(result.stdout.contains("<stdin>:\(position): error: the file holds \(name)"), "\(result.stdout)")
            let rendered = try CLI.run(["render", "-", "-f", "dot"], stdin: text)
            #expect(rendered.status == 2, "render refuses what lint refuses")
        }
    }
}
