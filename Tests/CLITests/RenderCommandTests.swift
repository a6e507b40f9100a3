import Foundation
import InfraTestSupport
import Testing

@Suite("infralint render")
struct RenderCommandTests {
    @Test("the format comes from --format or the output's extension; files start with their signature")
    func formats() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let signatures: [(String, [UInt8])] = [("d.svg", Array("<?xml".utf8)), ("d.png", [0x89, 0x50, 0x4E, 0x47]), ("d.pdf", Array("%PDF-".utf8))]
        for (name, signature) in signatures {
            let path = folder.appendingPathComponent(name).path
            let result = try CLI.run(["render", "examples/distributed/distributed.infra", "-o", path])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stderr.isEmpty, "Graphviz's messages never reach standard error raw: \(result.stderr)")
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(data.starts(with: signature), "\(name)")
        }
        let dot = try CLI.run(["render", "examples/distributed/distributed.infra", "--format", "dot"])
        #expect(dot.stdout.hasPrefix("digraph design {"))
        let mermaid = try CLI.run(["render", "-", "--format", "mermaid", "--no-findings"], stdin: "client u\nweb-server w\nu -> w : https\n")
        #expect(mermaid.stdout.contains("flowchart TB"))
    }

    @Test("--stdin-filename names standard input: the title of a design that names none, and its errors' file")
    func stdinFilename() throws {
        let named = try CLI.run(["render", "-", "-f", "dot", "--stdin-filename", "shop.infra"], stdin: "client u\n")
        #expect(named.status == 0)
        #expect(named.stdout.contains("<B>shop.infra</B>"), "\(named.stdout)")
        let broken = try CLI.run(["render", "-", "-f", "dot", "--stdin-filename", "shop.infra"], stdin: "server {\n")
        #expect(broken.status == 2)
        #expect(broken.stderr.hasPrefix("shop.infra:1:"), "\(broken.stderr)")
        let file = try CLI.run(["render", "examples/distributed/distributed.infra", "-f", "dot", "--stdin-filename", "x.infra"])
        #expect(file.status == 2)
        #expect(file.stderr.contains("--stdin-filename x.infra names standard input"))
    }

    @Test("an unknown engine or format: a clear message, exit 2, and no file left behind")
    func errors() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.svg").path
        let engine = try CLI.run(["render", "examples/distributed/distributed.infra", "--engine", "dott", "-o", target])
        #expect(engine.status == 2)
        #expect(engine.stderr == "infralint: error: unknown layout engine 'dott'; infralint draws with dot (the default) or fdp; did you mean 'dot'?\n")
        let refused = try CLI.run(["render", "examples/distributed/distributed.infra", "--engine", "sfdp", "-o", target])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("the sfdp layout does not keep hosts, clusters and networks in their boxes"))
        let both = try CLI.run(["render", "examples/distributed/distributed.infra", "--collapse", "--no-collapse", "-o", target])
        #expect(both.status == 2 && both.stderr.contains("contradict"))
        let format = try CLI.run(["render", "examples/distributed/distributed.infra", "--format", "gif", "-o", target])
        #expect(format.status == 2)
        #expect(format.stderr.contains("The value 'gif' is invalid for '--format"))
        let broken = try CLI.run(["render", "-", "-o", target], stdin: "server {")
        #expect(broken.status == 2)
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
