import Foundation
import InfraCore
import InfraLintKit
import InfraRender
import InfraTemplates
import InfraTestSupport
import Testing

private func explain(_ text: String, path: String = "design.infra") throws -> String {
    let parsed = Fixtures.read(text, path: path)
    #expect(parsed.errors.isEmpty, "\(parsed.errors.map(\.message))")
    return try ExplainRun.explanation(parsed.design)
}

private func headings(_ document: String) -> [String] {
    document.split(separator: "\n").filter { $0.hasPrefix("## ") }.map { String($0.dropFirst(3)) }
}

@Suite("explain: the written explanation")
struct ExplainTests {
    @Test("the examples' explanations match the committed explanation.md", arguments: Fixtures.examples)
    func goldens(example: String) throws {
        let source = try Fixtures.source(example)
        let design = Frontend.read(source).design
        let text = try ExplainRun.explanation(design, diagramLink: "diagram.svg")
        let folder = (example as NSString).deletingLastPathComponent
        if let problem = Golden.check(text, against: "\(folder)/explanation.md") { Issue.record(Comment(rawValue: problem)) }
    }

    @Test("the sections, in order, for the classic distributed design")
    func order() throws {
        let text = try explain(try Fixtures.text("examples/distributed/distributed.infra"))
        #expect(headings(text) == [
            "What happens when someone visits the site", "Each element and why it is there",
            "How the load balancer shares the work", "Active-active or active-passive",
            "How the primary-replica database works", "Issues", "Diagram",
        ])
        #expect(text.contains("| 1 | nginx-01 |\n| 2 | nginx-02 |\n| 3 | nginx-01 |"))
        #expect(text.contains("- **lb-01 makes nginx-01 and nginx-02 active-active**"))
        #expect(text.contains("Writes stop: nothing promotes a replica in this design"))
        // lb-01 has no second; db-01 has a copy that nothing promotes: two different gaps.
        #expect(text.contains("- Nothing backs up lb-01: no second one stands beside it in either mode"))
        #expect(text.contains("- db-01 is not in a cluster: its replica db-02 holds a copy of its data, but nothing promotes it when db-01 fails"))
        #expect(text.contains("- app-02 reads from db-02."))
        #expect(text.contains("```mermaid\n---\ntitle: www.foobar.com"))
    }

    @Test("a design with no load balancer and no database: those sections are left out")
    func noBalancerNoDatabase() throws {
        let text = try explain("client users\nweb-server web { instances: 2, firewall: true }\nusers -> web : https\n")
        #expect(headings(text) == ["What happens when someone visits the site", "Each element and why it is there", "Issues", "Diagram"])
        #expect(!text.contains("round robin") && !text.contains("primary"))
    }

    @Test("an active-passive database cluster: its mode, and what happens when its primary fails")
    func activePassiveDatabase() throws {
        let design = """
            client users
            app-server app { instances: 2 }
            cluster data { mode: active-passive, failover: automatic
              database db-01 { role: primary }
              database db-02 { role: replica, replicates: db-01 }
            }
            users -> app : https
            app -> data : mysql
            """
        let text = try explain(design)
        #expect(headings(text).contains("Active-active or active-passive"))
        #expect(!headings(text).contains("How the load balancer shares the work"))
        #expect(text.contains("- **data is active-passive**: one of db-01 and db-02 serves while the other stands by. Failover is automatic"))
        #expect(text.contains("db-02 is promoted automatically, within seconds, and takes the writes"))
        #expect(text.contains("the last writes the primary had not yet sent are lost"))
        let manual = try explain(design.replacingOccurrences(of: "failover: automatic", with: "failover: manual"))
        #expect(manual.contains("Writes stop until someone promotes db-02 (failover is manual)"))
    }

    @Test("a lone primary with a replica is a copy nothing promotes; the replica itself is not 'unbacked'")
    func lonePrimary() throws {
        let text = try explain("""
            client users
            load-balancer lb
            app-server app-01
            app-server app-02
            database db-01 { role: primary }
            database db-02 { role: replica, replicates: db-01 }
            users -> lb : https
            lb -> app-01, app-02 : http
            app-01, app-02 -> db-01 : mysql { access: write }
            app-01, app-02 -> db-02 : mysql { access: read }
            """)
        #expect(text.contains("- Nothing backs up lb: no second one stands beside it in either mode"))
        #expect(text.contains("- db-01 is not in a cluster: its replica db-02 holds a copy of its data, but nothing promotes it"))
        #expect(!text.contains("Nothing backs up lb and"))
    }

    @Test("the request's path, step by step, with this design's names and numbers")
    func path() throws {
        let text = try explain(try Fixtures.text("examples/secured-monitored/secured-monitored.infra"))
        #expect(text.contains("1. **DNS lookup.** The browser asks `foobar-dns` for the site's address; it answers from its zone: `www.foobar.com A 8.8.8.8`."))
        #expect(text.contains("2. **Load balancer.** The request reaches `lb-01` (HAProxy) over HTTPS on port 443. It picks one of its 2 backends, nginx-01 or nginx-02, by round robin"))
        #expect(text.contains("4. **Application server.** `app-01` (Gunicorn) on web-01 runs the application's code for the request. It reads and writes db-01."))
        #expect(text.contains("6. **The response** travels back the same way: db-01 → app-01 → nginx-01 → lb-01 → users."))
        #expect(text.contains("The other requests take nginx-02 → app-02 → db-01 and db-02 instead."))
    }

    @Test("each algorithm's first eight requests are computed by running it")
    func simulations() {
        let two = [BalancerSimulation.Backend(name: "a"), .init(name: "b")]
        let three = two + [.init(name: "c")]
        #expect(BalancerSimulation.roundRobin(three, requests: 8) == [0, 1, 2, 0, 1, 2, 0, 1])
        #expect(BalancerSimulation.weightedRoundRobin([.init(name: "a", weight: 3), .init(name: "b", weight: 1)], requests: 8)
            == [0, 0, 1, 0, 0, 0, 1, 0])
        #expect(BalancerSimulation.weightedRoundRobin([.init(name: "a", weight: 5), .init(name: "b", weight: 1), .init(name: "c", weight: 1)], requests: 7)
            == [0, 0, 1, 0, 2, 0, 0])
        #expect(BalancerSimulation.leastConnections(two, requests: 8) == [0, 1, 1, 1, 1, 1, 1, 1])
        #expect(BalancerSimulation.leastConnections(three, requests: 8) == [0, 1, 2, 1, 2, 1, 2, 1])
        // Last numbers 10, 7, 44, 25 modulo 3: 1, 1, 2, 1, then the same visitors again.
        #expect(BalancerSimulation.ipHash(three, requests: 8) == [1, 1, 2, 1, 1, 1, 2, 1])
        let random = BalancerSimulation.random(three, requests: 8)
        #expect(random == BalancerSimulation.random(three, requests: 8), "a fixed seed: the same every time")
        #expect(random.allSatisfy { (0..<3).contains($0) })
    }

    @Test("the explanation tells each algorithm's assumptions and shows its table", arguments: [
        ("weighted-round-robin", "with these weights", "| 1 | a |\n| 2 | a |\n| 3 | b |\n| 4 | a |"),
        ("least-connections", "assume request 1 is slow", "| 1 | a |\n| 2 | b |\n| 3 | b |"),
        ("ip-hash", "four visitors", "| 1 | 203.0.113.10 | a |\n| 2 | 198.51.100.7 | b |\n| 3 | 192.0.2.44 | a |\n| 4 | 203.0.113.25 | b |\n| 5 | 203.0.113.10 | a |"),
        ("random", "a fixed seed", "| request | goes to |"),
    ])
    func algorithmSections(algorithm: String, assumption: String, table: String) throws {
        let text = try explain("""
            client users
            load-balancer lb { algorithm: \(algorithm), instances: 2 }
            web-server a
            web-server b
            users -> lb : https
            lb -> a : http { weight: 3 }
            lb -> b : http { weight: 1 }
            """)
        #expect(text.contains(assumption), "\(algorithm)")
        #expect(text.contains(table), "\(algorithm)")
    }

    @Test("hostile names and labels are escaped for markdown, never markup")
    func hostileNames() throws {
        let text = try explain(#"""
            design "A *bold* [link](http://x) <script>alert(1)</script> | pipe" { description: "`tick` & &amp; _under_" }
            client users "Users <b>|</b> `code` *star*"
            web-server db_primary { software: "ng*inx <i>" }
            users -> db_primary : https
            """#)
        #expect(text.hasPrefix("# A \\*bold\\* \\[link\\](http://x) &lt;script>alert(1)&lt;/script> \\| pipe\n"))
        #expect(text.contains("*\\`tick\\` & &amp;amp; \\_under\\_*"))
        #expect(text.contains("`users` (Users &lt;b>\\|&lt;/b> \\`code\\` \\*star\\*)"))
        #expect(text.contains("`db_primary` (ng\\*inx &lt;i>)"))
        // Outside the Mermaid block (whose labels use Mermaid's own <b> and <i>), no tag at all.
        let prose = text.components(separatedBy: "```mermaid").first ?? text
        #expect(!prose.contains("<script>") && !prose.contains("<b>") && !prose.contains("<i>"))
        let mermaid = text.components(separatedBy: "```mermaid").last ?? ""
        #expect(mermaid.contains("ng*inx #lt;i#gt;") && !mermaid.contains("<script>"))
    }

    @Test("a user's templates replace the built-in ones file by file")
    func userTemplates() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "{{% CONTENT_TYPE: MARKDOWN}}\n## Our own diagram section\n".write(
            to: folder.appendingPathComponent("section-diagram.mustache"), atomically: true, encoding: .utf8)
        let design = Fixtures.read("client users\nweb-server web\nusers -> web : https").design
        let text = try ExplainRun.explanation(design, templates: folder.path)
        #expect(text.hasSuffix("## Our own diagram section\n"))
        #expect(text.contains("## What happens when someone visits the site"), "the other templates stay built in")
    }

    @Test("a broken template is a clear error: file, line and column, or the missing partial")
    func brokenTemplates() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let design = Fixtures.read("client users\nweb-server web\nusers -> web : https").design
        let file = folder.appendingPathComponent("section-issues.mustache")
        try "{{% CONTENT_TYPE: MARKDOWN}}\n## Issues\n{{#issues}}\n{{count}}\n{{/isues}}\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ExplainRenderer.TemplateError.self) { try ExplainRun.explanation(design, templates: folder.path) }
        do {
            _ = try ExplainRun.explanation(design, templates: folder.path)
        } catch {
            #expect(error.description.hasPrefix("\(file.path):5:"))
            #expect(error.description.contains("a section is closed with another name than it was opened with"))
        }
        try "{{% CONTENT_TYPE: MARKDOWN}}\n{{> concept-spoff}}\n".write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try ExplainRun.explanation(design, templates: folder.path)
            Issue.record("a missing partial must fail")
        } catch {
            #expect(error.description == "\(file.path):2: includes the template 'concept-spoff', which does not exist; did you mean 'concept-spof'?")
        }
        do {
            _ = try ExplainRun.explanation(design, templates: folder.appendingPathComponent("nope").path)
            Issue.record("a missing folder must fail")
        } catch {
            #expect(error.description.hasSuffix("nope: no such folder of templates"))
        }
    }

    @Test("every file of templates/ is built into the binary, as it is on disk")
    func builtIn() throws {
        let root = Fixtures.path("templates")
        let files = (FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".mustache") || $0.hasSuffix(".infra") }
        #expect(Set(files) == Set(BuiltInTemplates.files.keys), "list every template in BuiltInTemplates.swift")
        for file in files {
            #expect(BuiltInTemplates.files[file] == (try Fixtures.text("templates/\(file)")), "\(file) differs from the built-in copy: rebuild")
        }
        // Embedded names are flattened: file names must be unique across folders.
        let names = files.map { ($0 as NSString).lastPathComponent }
        #expect(Set(names).count == names.count)
    }

    @Test("every starter parses, and every template declares the markdown content type")
    func starters() throws {
        #expect(Set(BuiltInTemplates.starters.keys) == ["one-server", "distributed", "secured-monitored", "scaled-up"])
        for (name, text) in BuiltInTemplates.starters {
            #expect(Fixtures.read(text, path: "\(name).infra").errors.isEmpty, "\(name)")
        }
        for (name, text) in BuiltInTemplates.explain {
            #expect(text.hasPrefix("{{% CONTENT_TYPE: MARKDOWN}}\n"), "\(name).mustache")
        }
    }
}
