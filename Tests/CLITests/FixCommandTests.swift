import Foundation
import InfraTestSupport
import Testing

@Suite("infralint fix: applies the fixes, keeps the layout, never damages a file")
struct FixCommandTests {
    @Test("--unsafe --diff on every example is its golden diff, and writes nothing", arguments: Fixtures.examples)
    func goldenDiffs(example: String) throws {
        let before = try Fixtures.text(example)
        let result = try CLI.run(["fix", "--unsafe", "--diff", example], environment: ["NO_COLOR": "1"])
        #expect(result.status != 2, "\(result.stderr)")
        let name = (example as NSString).deletingPathExtension.split(separator: "/").last.map(String.init) ?? example
        if let problem = Golden.check(result.stdout, against: "Tests/Golden/fixes/\(name).diff") {
            Issue.record(Comment(rawValue: problem))
        }
        #expect(try Fixtures.text(example) == before)
    }

    @Test("the README's fix of the distributed design leaves no error, and says what it fixed")
    func distributed() throws {
        #expect(try Fixtures.text("README.md").contains(try Fixtures.text("Tests/Golden/fixes/distributed.diff")))
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("distributed.infra").path
        try Fixtures.text("examples/distributed/distributed.infra").write(toFile: path, atomically: true, encoding: .utf8)
        let fixed = try CLI.run(["fix", "--unsafe", path], environment: ["NO_COLOR": "1"])
        #expect(fixed.status == 0, "\(fixed.stdout)\(fixed.stderr)")
        #expect(fixed.stdout.contains("fixed 8 findings"))
        let lint = try CLI.run(["lint", "--format", "json", path])
        #expect(!lint.stdout.contains("\"severity\" : \"error\""))
        #expect(lint.stdout.contains("\"code\" : \"AV002\""))
        let again = try CLI.run(["fix", "--unsafe", path], environment: ["NO_COLOR": "1"])
        #expect(again.stdout.contains("nothing to fix"))
    }

    @Test("safe fixes only by default; --select limits the codes; comments and layout stay")
    func safeAndSelect() throws {
        let design = """
            # the edge
            client users
            load-balancer lb { health-check: false, tls: terminate }   # no checks yet
            web-server w1 { instances: 2, firewall: true }
            web-server w2 { instances: 2, firewall: true }
            users -> lb : http 80
            lb -> w1, w2 : https

            """
        let safe = try CLI.run(["fix", "-"], stdin: design)
        #expect(safe.stdout == """
            # the edge
            client users
            load-balancer lb { tls: terminate }   # no checks yet
            web-server w1 { instances: 2, firewall: true }
            web-server w2 { instances: 2, firewall: true }
            users -> lb : https 443
            lb -> w1, w2 : https

            """)
        #expect(safe.stderr.contains("fixed 2 findings (AV004 lb, SEC002 users->lb)"))
        let selected = try CLI.run(["fix", "-", "--select", "av004"], stdin: design)
        #expect(selected.stdout.contains("users -> lb : http 80"))
        #expect(!selected.stdout.contains("health-check"))
        // What --select leaves out is said so, not counted as fixes that failed.
        #expect(selected.stderr.contains("that --select leaves out"), "\(selected.stderr)")
        #expect(!selected.stderr.contains("did not apply"), "\(selected.stderr)")
        let wrong = try CLI.run(["fix", "-", "--select", "AV04"], stdin: design)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("did you mean 'AV004'?"))
    }

    @Test("--select takes several codes before the paths, as the README writes it, or comma-separated")
    func selectBeforePaths() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let designs = folder.appendingPathComponent("designs")
        try FileManager.default.createDirectory(at: designs, withIntermediateDirectories: true)
        let path = designs.appendingPathComponent("site.infra").path
        let design = """
            client users
            load-balancer lb { health-check: false }
            web-server web { instances: 2 }
            users -> lb : http 80
            lb -> web : http

            """
        try design.write(toFile: path, atomically: true, encoding: .utf8)
        for arguments in [["fix", "--diff", "--select", "SEC002", "AV004", designs.path],
                          ["fix", "--diff", "--select", "SEC002,av004", path]] {
            let result = try CLI.run(arguments, environment: ["NO_COLOR": "1"])
            #expect(result.status != 2, "\(arguments): \(result.stderr)")
            #expect(result.stdout.contains("-load-balancer lb { health-check: false }"), "\(arguments): \(result.stdout)")
            #expect(result.stderr.contains("would fix"), "\(arguments): \(result.stderr)")
        }
        let none = try CLI.run(["fix", "--select", "AV004"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("give the design files or folders to fix"), "\(none.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == design)
    }

    @Test("a suppressed finding is left alone")
    func suppressed() throws {
        let result = try CLI.run(["fix", "-"], stdin: """
            client users
            # infralint: ignore AV004 -- the backends are checked by the orchestrator
            load-balancer lb { health-check: false }
            users -> lb : https

            """)
        #expect(result.stdout.contains("health-check: false"))
    }

    @Test("a file that does not parse is never changed: errors, exit 2")
    func parseErrors() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("broken.infra").path
        let text = "load-balancer lb { health-check: false }\nserver {\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["fix", path], environment: ["NO_COLOR": "1"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("not changed: it does not parse"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test("writes keep the file's permissions; a read-only file is refused, not replaced")
    func permissions() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("d.infra").path
        let text = "client users\nload-balancer lb { health-check: false }\nusers -> lb : https\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        let fixed = try CLI.run(["fix", path])
        #expect(fixed.status == 1)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("load-balancer lb\n"))
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o640)

        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        let refused = try CLI.run(["fix", path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("read-only"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test("exit status: 1 while findings at or above --fail-on are left, 0 otherwise")
    func exitStatus() throws {
        let design = "client users\nload-balancer lb { health-check: false }\nusers -> lb : https\n"
        #expect(try CLI.run(["fix", "-"], stdin: design).status == 1)
        #expect(try CLI.run(["fix", "-", "--fail-on", "never"], stdin: design).status == 0)
    }
}
