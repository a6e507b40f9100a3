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
        #expect((object?["overview"] as? [String: Any])?["stepCount"] as? Int == 5)
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
}
