import Foundation
import InfraCore
import InfraLintKit
import InfraRules
import InfraTestSupport
import Testing

@Suite("Fixes: every fix is an edit that parses, removes its finding and adds no error")
struct FixPropertyTests {
    @Test("on every rule's triggering examples")
    func ruleExamples() {
        for description in RuleRegistry.descriptions {
            for (index, example) in description.triggering.enumerated() {
                let problems = FixChecks.problems(in: example.source, name: "\(description.code)-\(index + 1).infra")
                #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            }
        }
    }

    @Test("on every example, starter and design of the specification")
    func examplesAndStarters() throws {
        let folder = Fixtures.path("templates/starters")
        let starters = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".infra") }
            .sorted().map { "templates/starters/\($0)" }
        for path in Fixtures.examples + starters + Fixtures.specDesigns {
            let problems = FixChecks.problems(in: try Fixtures.text(path), name: path)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    /// 480 designs a run; INFRALINT_SEED_OFFSET=N checks another 480 (seeds N to N+479).
    @Test("on random designs over the whole language", arguments: 0..<8)
    func randomDesigns(batch: Int) {
        var checked = 0
        let offset = ProcessInfo.processInfo.environment["INFRALINT_SEED_OFFSET"].flatMap(Int.init) ?? 0
        for seed in (offset + batch * 60)..<(offset + batch * 60 + 60) {
            let text = RandomDesigns.make(seed: UInt64(seed))
            guard Fixtures.read(text).errors.isEmpty else { continue }
            checked += 1
            let problems = FixChecks.problems(in: text, name: "seed-\(seed).infra")
            #expect(problems.isEmpty, "seed \(seed):\n\(text)\n\(problems.joined(separator: "\n"))")
        }
        #expect(checked > 40, "most random designs must parse")
    }
}

/// `infralint fix --unsafe --select CODE` on a text.
private func fixUnsafely(_ text: String, only code: String) -> FixRun.Outcome {
    var options = FixRun.Options()
    options.unsafe = true
    options.select = [code]
    return FixRun.fix(SourceFile(path: "t.infra", text: text), options: options)
}

@Suite("Fixes keep a suppression on the statement it silences")
struct SuppressionPlacementTests {
    /// A `# infralint: ignore` applies to the next statement past blank lines and
    /// comments, so a fix must not declare anything between it and its statement.
    @Test("a declaration inserted before a suppressed element goes above the suppression", arguments: [
        "# infralint: ignore DES003 -- read by our tooling\n\nweb-server s01 { owner: \"team-edge\" }\n",
        ";# infralint: ignore DES003 -- read by our tooling\n# Starter: a site\nweb-server s01 { owner: \"team-edge\" }\n",
        "# Our shop\n\n# owner is read by our tooling\n# infralint: ignore DES003 -- read by our tooling\n\n# the only server\nweb-server s01 { owner: \"team-edge\" }\n",
    ])
    func declarationAboveSuppression(text: String) {
        #expect(FixChecks.problems(in: text, name: "suppressed.infra") == [])
        let fixed = fixUnsafely(text, only: "DES002")
        #expect(fixed.failed.isEmpty)
        let lines = fixed.text.split(separator: "\n", omittingEmptySubsequences: false)
        let client = lines.firstIndex { $0 == "client users" }
        let directive = lines.firstIndex { $0.contains("infralint: ignore") }
        #expect(client != nil && directive != nil && client! < directive!, "\(fixed.text)")
        let lint = LintRun.lint(SourceFile(path: "t.infra", text: fixed.text), options: LintOptions())
        #expect(!lint.findings.contains { $0.code == "DES003" || $0.code == "SUP002" }, "\(fixed.text)")
    }

    @Test("a link appended to a file goes above a suppression among its closing comments, which still silences nothing")
    func linkAboveClosingSuppression() {
        let text = "web-server s01 { instances: 2 }\n\n# infralint: ignore SEC002 -- for later\n# the end\n"
        let fixed = fixUnsafely(text, only: "DES002")
        #expect(fixed.text.hasSuffix("web-server s01 { instances: 2 }\nusers -> s01 : https\n\n# infralint: ignore SEC002 -- for later\n# the end\n"),
                "\(fixed.text)")
        let lint = LintRun.lint(SourceFile(path: "t.infra", text: fixed.text), options: LintOptions())
        #expect(lint.findings.contains { $0.code == "SUP002" }, "\(fixed.text)")
    }

    @Test("a file's opening comment stays first when nothing suppresses the first element")
    func headerStaysFirst() {
        let text = "# Our shop\n\nweb-server s01\n"
        let fixed = fixUnsafely(text, only: "DES002")
        #expect(fixed.text.hasPrefix("# Our shop\n\nclient users\nweb-server s01\n"), "\(fixed.text)")
        // Right above a suppression found past a blank line, it stays first too.
        let above = fixUnsafely("# Our shop\n# infralint: ignore DES003 -- ours\n\nweb-server s01 { owner: \"t\" }\n", only: "DES002")
        #expect(above.text.hasPrefix("# Our shop\nclient users\n# infralint: ignore DES003 -- ours\n\nweb-server s01"), "\(above.text)")
    }
}

@Suite("Fixes that move a declaration sharing its line with other statements")
struct SharedLineFixTests {
    @Test("a database declared beside other statements moves alone into its cluster; the others stay", arguments: [
        "client u\nload-balancer lb { instances: 2 }\ndatabase d; web-server w { instances: 2 }\nu -> lb : https\nlb -> w : http\nw -> d : mysql\n",
        "client u\nload-balancer lb { instances: 2 }\nweb-server w { instances: 2 }; database d\nu -> lb : https\nlb -> w : http\nw -> d : mysql\n",
        "client u; load-balancer lb { instances: 2 }; database d; web-server w { instances: 2 }; # note\nu -> lb : https\nlb -> w : http\nw -> d : mysql\n",
        "client u\nload-balancer lb { instances: 2 }\nweb-server w { instances: 2 }; database d { software: x }; cache c { instances: 2 }\nu -> lb : https\nlb -> w : http\nw -> d, c : mysql\n",
    ])
    func sharedLine(text: String) {
        #expect(FixChecks.problems(in: text, name: "shared.infra") == [])
    }

    @Test("a database on the file's last line, with no newline after it, moves into its cluster with the role it is given")
    func unterminatedLastLine() throws {
        let text = "server web-01\ndatabase db-02"
        #expect(FixChecks.problems(in: text, name: "unterminated.infra") == [])
        let fixed = fixUnsafely(text, only: "AV001")
        #expect(fixed.failed.isEmpty)
        #expect(fixed.text.contains("  database db-02 { role: primary }\n  database db-03 { role: replica, replicates: db-02 }\n}"), "\(fixed.text)")
    }

    @Test("two findings whose fixes re-encrypt each its own link of one statement keep the statement whole")
    func linkFixesCompiledTogether() throws {
        let text = """
            client users
            load-balancer lb1 { tls: terminate, instances: 2, firewall: true }
            load-balancer lb2 { tls: terminate, instances: 2, firewall: true }
            app-server api { instances: 2, firewall: true }
            users -> lb1, lb2 : https
            lb1, lb2 -> api : http
            """
        let fixed = fixUnsafely(text, only: "SEC003")
        #expect(fixed.failed.isEmpty)
        #expect(fixed.fixed.map(\.element) == ["lb1", "lb2"])
        #expect(fixed.text.hasSuffix("\nlb1, lb2 -> api : https"), "\(fixed.text)")
        #expect(!fixed.text.contains("lb1 -> api"), "\(fixed.text)")
    }

    @Test("links in two statements that a fix points at one cluster are written once")
    func identicalLinksWrittenOnce() throws {
        let text = """
            client users
            app-server php { instances: 2 }
            database main { role: primary }
            database r1 { role: replica, replicates: main }
            users -> php : https
            php -> main : mysql
            php -> r1 : mysql
            """
        #expect(FixChecks.problems(in: text, name: "twice.infra") == [])
        let fixed = fixUnsafely(text, only: "AV001")
        #expect(fixed.failed.isEmpty)
        let links = fixed.text.split(separator: "\n").filter { $0.hasPrefix("php ->") }
        #expect(links == ["php -> main-cluster : mysql"], "\(fixed.text)")
    }

    @Test("a pair linked more than once is named once in a fix's text, and identical links fixed alike are written once")
    func pairLinkedTwice() throws {
        let text = "client u\nweb-server w { instances: 2 }\nu -> w : http\nu -> w : http\n"
        let findings = LintRun.lint(SourceFile(path: "t.infra", text: text), options: LintOptions()).findings
        let sec001 = try #require(findings.first { $0.code == "SEC001" })
        #expect(sec001.fix?.text.hasSuffix("; route u -> w through fw-01") == true, "\(sec001.fix?.text ?? "")")
        let fixed = fixUnsafely(text, only: "SEC002")
        #expect(fixed.text.components(separatedBy: "u -> w : https").count == 2, "\(fixed.text)")
    }

    @Test("a link of a fan-out routed through a new firewall is written as a chain, like its sibling")
    func hopInAFanOut() throws {
        let text = """
            client users
            dns geo
            load-balancer a { instances: 2 }
            load-balancer b { instances: 2 }
            web-server w { instances: 2 }
            users -> geo -> a, b : https
            a, b -> w : https
            """
        let fixed = fixUnsafely(text, only: "SEC001")
        #expect(fixed.failed.isEmpty)
        #expect(fixed.text.contains("users -> geo : https\ngeo -> fw-01 -> a : https\ngeo -> fw-02 -> b : https\n"), "\(fixed.text)")
    }

    @Test("a property added to a block whose last property shares its line with the closing brace goes inside the block")
    func closingBraceAfterProperty() throws {
        let text = "client u\ndatabase d1 { role: primary }\ndatabase d2 { role: replica,\n  software: x }\nu -> d1 : mysql\n"
        #expect(FixChecks.problems(in: text, name: "brace.infra") == [])
        let fixed = fixUnsafely(text, only: "AV007")
        #expect(fixed.text.contains("database d2 { role: replica,\n  software: x\n  replicates: d1\n}\n"), "\(fixed.text)")
    }
}
