import Foundation
import InfraTestSupport
import Testing

@Suite("infralint fmt and infralint rules")
struct FmtAndRulesCommandTests {
    @Test("fmt rewrites a file, keeps its comments, and --check then passes")
    func fmtRewrites() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("d.infra")
        try "# hello\nclient   u;web-server w{software:nginx} # web\nu->w:https\n".write(to: file, atomically: true, encoding: .utf8)
        let check = try CLI.run(["fmt", "--check", file.path])
        #expect(check.status == 1)
        #expect(check.stdout == "would reformat \(file.path)\n")
        let rewrite = try CLI.run(["fmt", file.path])
        #expect(rewrite.status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == "# hello\nclient u\nweb-server w { software: nginx } # web\nu -> w : https\n")
        #expect(try CLI.run(["fmt", "--check", file.path]).status == 0)
    }

    @Test("fmt leaves a file with parse errors alone and exits 2")
    func fmtParseError() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bad.infra")
        try "server {\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["fmt", file.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.infra:1:8: error: expected an identifier after 'server', found '{'"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "server {\n")
    }

    @Test("fmt - formats standard input to standard output")
    func fmtStdin() throws {
        let result = try CLI.run(["fmt", "-"], stdin: "client u ;  client v")
        #expect(result.stdout == "client u\nclient v\n")
    }

    @Test("the examples are formatted")
    func examplesFormatted() throws {
        let result = try CLI.run(["fmt", "--check", "examples"])
        #expect(result.status == 0, "\(result.stdout)")
    }

    @Test("rules lists every rule; rules CODE prints one; an unknown code exits 2 with a suggestion")
    func rules() throws {
        let list = try CLI.run(["rules"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("DES003  unknown-property"))
        // The columns line up whatever the code's length (AV001, SEC001).
        let columns = Set(list.stdout.split(separator: "\n").map { line in
            line.range(of: " error ").map { line.distance(from: line.startIndex, to: $0.lowerBound) }
                ?? line.range(of: " warning ").map { line.distance(from: line.startIndex, to: $0.lowerBound) }
                ?? line.range(of: " note ").map { line.distance(from: line.startIndex, to: $0.lowerBound) } ?? -1
        })
        #expect(columns.count == 1, "\(list.stdout)")
        let one = try CLI.run(["rules", "des003"])
        #expect(one.status == 0)
        #expect(one.stdout.hasPrefix("DES003 unknown-property\n"))
        #expect(one.stdout.contains("What it does"))
        #expect(one.stdout.contains("Why is this bad?"))
        #expect(one.stdout.contains("↓algoritm"))
        let unknown = try CLI.run(["rules", "DES030"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean 'DES003'?"))
    }
}
