import Foundation
import InfraTestSupport
import Testing

@Suite("infralint explain and infralint init")
struct ExplainAndInitCommandTests {
    @Test("explain writes the document, and with --diagram draws the image and links it")
    func explain() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = folder.appendingPathComponent("doc/design.md")
        try FileManager.default.createDirectory(at: document.deletingLastPathComponent(), withIntermediateDirectories: true)
        let image = folder.appendingPathComponent("img/design.svg")
        try FileManager.default.createDirectory(at: image.deletingLastPathComponent(), withIntermediateDirectories: true)
        let result = try CLI.run(["explain", "examples/distributed/distributed.infra", "-o", document.path, "--diagram", image.path])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: document, encoding: .utf8)
        #expect(text.contains("![The design](../img/design.svg)"))
        #expect(try Data(contentsOf: image).starts(with: Array("<?xml".utf8)))
        let model = try CLI.run(["explain", "examples/distributed/distributed.infra", "--print-model"])
        let object = try JSONSerialization.jsonObject(with: Data(model.stdout.utf8)) as? [String: Any]
        let path = object?["path"] as? [String: Any]
        #expect(path?["count"] as? Int == 6)
        #expect((path?["steps"] as? [Any])?.count == 5, "five steps, then the response")
    }

    @Test("explain --templates: a template written before 'otherBackends' still reads 'others' as the routes")
    func olderTemplate() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let overview = """
            ## What happens when someone visits the site
            {{#path}}
            {{#others}}
            Requests sent to the other backends go through {{{others}}}.
            {{/others}}
            {{/path}}
            """
        try overview.write(to: folder.appendingPathComponent("section-overview.mustache"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["explain", "examples/distributed/distributed.infra", "--templates", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Requests sent to the other backends go through nginx-02 → app-02 → db-01 and db-02.\n"), "\(result.stdout)")
        let model = try CLI.run(["explain", "examples/distributed/distributed.infra", "--print-model"])
        #expect(model.stdout.contains("A request sent to the other backend goes through nginx-02"), "the sentence the built-in template prints")
    }

    @Test("explain: a broken design or template folder exits 2 and writes nothing")
    func explainErrors() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.md").path
        #expect(try CLI.run(["explain", "-", "-o", target], stdin: "server {").status == 2)
        let templates = try CLI.run(["explain", "examples/distributed/distributed.infra", "--templates", folder.appendingPathComponent("none").path, "-o", target])
        #expect(templates.status == 2)
        #expect(templates.stderr.contains("no such folder of templates"))
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test("init lists the starters, writes one, never overwrites without --force, and suggests names")
    func initCommand() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = try CLI.run(["init", "--list"])
        #expect(list.stdout.split(separator: "\n").map { String($0.split(separator: " ").first ?? "") }
            == ["distributed", "one-server", "scaled-up", "secured-monitored"])
        let written = try CLI.run(["init", "scaled-up"], directory: folder)
        #expect(written.status == 0)
        let file = folder.appendingPathComponent("scaled-up.infra").path
        #expect(try CLI.run(["lint", "--fail-on", "never", file]).status == 0, "a starter lints without parse errors")
        let again = try CLI.run(["init", "scaled-up"], directory: folder)
        #expect(again.status == 2)
        #expect(again.stderr.contains("exists; use --force"))
        #expect(try CLI.run(["init", "scaled-up", "--force"], directory: folder).status == 0)
        let typo = try CLI.run(["init", "one-sever"], directory: folder)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("did you mean 'one-server'?"))
        let printed = try CLI.run(["init", "one-server", "-o", "-"])
        #expect(printed.stdout.hasPrefix("# Starter: one server"))
    }

    @Test("init --templates DIR: the user's starters join the list; one that is not UTF-8 is a clear error")
    func userStarters() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let starters = folder.appendingPathComponent("starters")
        try FileManager.default.createDirectory(at: starters, withIntermediateDirectories: true)
        try Data("# Starter: our house stack\nclient users\n".utf8).write(to: starters.appendingPathComponent("house.infra"))
        let list = try CLI.run(["init", "--list", "--templates", folder.path])
        #expect(list.status == 0)
        #expect(list.stdout.contains("house  ") && list.stdout.contains("Our house stack"))
        try Data([0x63, 0xFF, 0xFE]).write(to: starters.appendingPathComponent("broken.infra"))
        let broken = try CLI.run(["init", "--list", "--templates", folder.path])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("broken.infra: cannot be read as UTF-8 text"))
        let missing = try CLI.run(["init", "--list", "--templates", folder.appendingPathComponent("none").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such folder of templates"))
    }
}
