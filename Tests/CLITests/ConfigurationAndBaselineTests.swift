import Foundation
import InfraTestSupport
import Testing

/// A temporary project folder holding a design with findings.
private struct Project {
    let folder: URL

    init() throws {
        folder = try CLI.temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("legacy"), withIntermediateDirectories: true)
        let design = try Fixtures.text("examples/distributed/distributed.infra")
        try design.write(to: folder.appendingPathComponent("shop.infra"), atomically: true, encoding: .utf8)
        try design.write(to: folder.appendingPathComponent("legacy/old.infra"), atomically: true, encoding: .utf8)
    }

    func write(_ text: String, to name: String) throws {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func lint(_ arguments: [String] = [], in subfolder: String? = nil) throws -> CLI.Result {
        let directory = subfolder.map { folder.appendingPathComponent($0) } ?? folder
        return try CLI.run(["lint", "--format", "json"] + arguments + ["."], directory: directory)
    }

    func codes(_ result: CLI.Result) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let findings = object?["findings"] as? [[String: Any]] ?? []
        return findings.map { "\($0["file"] as? String ?? ""):\($0["code"] as? String ?? "")" }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

@Suite("Configuration and baseline, end to end")
struct ConfigurationAndBaselineTests {
    @Test("rules turned off, severities changed, paths excluded, fail-on; the flag wins over the file")
    func configuration() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("""
            fail-on: never
            rules:
              AV006: off
              SEC002: note
              MON000: { severity: error }
            exclude:
              - legacy/**
            """, to: ".infralint.yml")
        let result = try project.lint()
        #expect(result.status == 0, "fail-on: never")
        let codes = try project.codes(result)
        #expect(!codes.contains { $0.hasPrefix("legacy/") }, "legacy/ is excluded")
        #expect(codes.contains { $0.hasPrefix("shop.infra:") }, "paths are relative, without ./")
        #expect(!codes.contains { $0.hasSuffix(":AV006") })
        #expect(result.stdout.contains("\"code\" : \"SEC002\",\n      \"column\" : 1,") || result.stdout.contains("SEC002"))
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let findings = object?["findings"] as? [[String: Any]] ?? []
        #expect(findings.first { $0["code"] as? String == "SEC002" }?["severity"] as? String == "note")
        #expect(findings.first { $0["code"] as? String == "MON000" }?["severity"] as? String == "error")
        #expect(try project.lint(["--fail-on", "error"]).status == 1, "the command line wins over the file")
        // Found from a subfolder too: the nearest parent's file.
        try FileManager.default.createDirectory(at: project.folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try project.write(try Fixtures.text("examples/distributed/distributed.infra"), to: "sub/x.infra")
        #expect(try project.lint(in: "sub").status == 0)
    }

    @Test("a malformed configuration: its position, a did-you-mean, exit 2, never a silent ignore")
    func malformedConfiguration() throws {
        let project = try Project()
        defer { project.remove() }
        let cases: [(String, String)] = [
            ("rulez:\n  AV006: off\n", ".infralint.yml:1:1: unknown key 'rulez'; did you mean 'rules'?"),
            ("rules:\n  AV06: off\n", ".infralint.yml:2:3: no rule has the code 'AV06'; did you mean 'AV006'?"),
            ("rules:\n  AV006: warnig\n", ".infralint.yml:2:10: AV006 takes off, on or a severity (error, warning, note), found 'warnig'; did you mean 'warning'?"),
            ("fail-on: sometimes\n", ".infralint.yml:1:10: fail-on takes error, warning, note or never, found 'sometimes'"),
            ("rules: [\n", ".infralint.yml:2:1: not valid YAML"),
            ("exclude:\n  - \"x[0-9.infra\"\n", ".infralint.yml:2:5: the pattern 'x[0-9.infra' has a '[' that no ']' closes"),
        ]
        for (text, message) in cases {
            try project.write(text, to: ".infralint.yml")
            let result = try project.lint()
            #expect(result.status == 2, "\(text)")
            #expect(result.stderr.contains("infralint: error: \(message)"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let explicit = try CLI.run(["lint", "--config", "missing.yml", "."], directory: project.folder)
        #expect(explicit.status == 2)
        #expect(explicit.stderr.contains("missing.yml: cannot read the configuration file"))
    }

    @Test("every mistake in a configuration is reported at once, each with its position")
    func allConfigurationErrors() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("rulez: 1\nrules:\n  AV06: off\n  AV001: warnig\nexclude:\n  - \"x[1\"\n", to: ".infralint.yml")
        let result = try project.lint()
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines == [
            "infralint: error: .infralint.yml:1:1: unknown key 'rulez'; did you mean 'rules'?",
            "infralint: error: .infralint.yml:3:3: no rule has the code 'AV06'; did you mean 'AV006'?",
            "infralint: error: .infralint.yml:4:10: AV001 takes off, on or a severity (error, warning, note), found 'warnig'; did you mean 'warning'?",
            "infralint: error: .infralint.yml:6:5: the pattern 'x[1' has a '[' that no ']' closes",
        ], "\(result.stderr)")
    }

    @Test("a baseline entry hides one finding: a second unknown property on the same element is new")
    func baselineCountsFindings() throws {
        let project = try Project()
        defer { project.remove() }
        let one = "client users\ncdn cloudfront { cache-ttl: 60 }\nweb-server web { instances: 2 }\nusers -> cloudfront : https\ncloudfront -> web : https\n"
        try project.write(one, to: "edge.infra")
        let write = try CLI.run(["lint", "--write-baseline", "baseline.json", "edge.infra"], directory: project.folder)
        #expect(write.status == 0, "\(write.stderr)")
        let baseline = try String(contentsOf: project.folder.appendingPathComponent("baseline.json"), encoding: .utf8)
        #expect(baseline.contains("\"DES003:cloudfront:cache-ttl\""))
        #expect(try CLI.run(["lint", "--baseline", "baseline.json", "edge.infra"], directory: project.folder).status == 0)
        try project.write(one.replacingOccurrences(of: "cache-ttl: 60", with: "cache-ttl: 60, origin-shield: true"), to: "edge.infra")
        let after = try CLI.run(["lint", "--baseline", "baseline.json", "edge.infra"], directory: project.folder)
        #expect(after.status == 1, "the new finding is shown")
        #expect(after.stdout.contains("'origin-shield' is not a property of a cdn"), "\(after.stdout)")
        #expect(!after.stdout.contains("'cache-ttl'"), "the recorded one stays hidden")
    }

    @Test("a baseline hides today's findings, keeps them hidden after edits elsewhere, and reports fixed entries")
    func baseline() throws {
        let project = try Project()
        defer { project.remove() }
        let write = try CLI.run(["lint", "--write-baseline", "baseline.json", "shop.infra"], directory: project.folder)
        #expect(write.status == 0)
        #expect(write.stderr.contains("recorded 7 findings in baseline.json"))
        let hidden = try CLI.run(["lint", "--baseline", "baseline.json", "shop.infra"], directory: project.folder)
        #expect(hidden.status == 0)
        #expect(hidden.stdout == "no findings in 1 file (7 suppressed)\n")
        // An edit elsewhere moves every line: the findings stay hidden.
        var design = try String(contentsOf: project.folder.appendingPathComponent("shop.infra"), encoding: .utf8)
        design = "# a new first line\n\n" + design
        // Fix one finding: plain HTTP becomes HTTPS.
        design = design.replacingOccurrences(of: "users -> lb-01 : http 80", with: "users -> lb-01 : https 443")
        try project.write(design, to: "shop.infra")
        let after = try CLI.run(["lint", "--baseline", "baseline.json", "shop.infra"], directory: project.folder)
        #expect(after.stdout.contains("note: the baseline still lists SEC002:users->lb-01 in shop.infra, which is fixed"))
        #expect(after.stdout.contains("[SUP004]"))
        #expect(!after.stdout.contains("[AV001]"), "the recorded findings stay hidden although every line moved")
        // HTTPS to the load balancer means TLS now ends there: a new finding, shown.
        #expect(after.stdout.contains("TLS ends at lb-01"))
        #expect(after.status == 1)
        // A new problem is shown.
        try project.write(design + "cache orphan\n", to: "shop.infra")
        let new = try CLI.run(["lint", "--baseline", "baseline.json", "shop.infra"], directory: project.folder)
        #expect(new.status == 1)
        #expect(new.stdout.contains("no client request reaches orphan"))
    }

    @Test("an unreadable or malformed baseline: a clear message and exit 2")
    func badBaseline() throws {
        let project = try Project()
        defer { project.remove() }
        let missing = try CLI.run(["lint", "--baseline", "nope.json", "shop.infra"], directory: project.folder)
        #expect(missing.status == 2)
        #expect(missing.stderr == "infralint: error: nope.json: cannot read the baseline file\n")
        try project.write("{ not json", to: "bad.json")
        let malformed = try CLI.run(["lint", "--baseline", "bad.json", "shop.infra"], directory: project.folder)
        #expect(malformed.status == 2)
        #expect(malformed.stderr.hasPrefix("infralint: error: bad.json: not a baseline written by infralint --write-baseline"))
    }

    @Test("suppression comments through the CLI: silenced, counted, and shown again with --no-suppress")
    func suppressions() throws {
        let design = CleanDesign.text(webServerExtra: "softwre: nginx # infralint: ignore DES003 -- read by our tooling")
        let quiet = try CLI.run(["lint", "-"], stdin: design)
        #expect(quiet.status == 0)
        #expect(quiet.stdout == "no findings in 1 file (1 suppressed)\n")
        let loud = try CLI.run(["lint", "--no-suppress", "-"], stdin: design)
        #expect(loud.status == 1)
        #expect(loud.stdout.contains("[DES003]"))
        let typo = try CLI.run(["lint", "-"], stdin: CleanDesign.text(webServerExtra: "softwre: nginx # infralint: ignore DES03 -- x"))
        #expect(typo.status == 1)
        #expect(typo.stdout.contains("no rule has the code 'DES03'; did you mean 'DES003'? [SUP003]"))
    }
}
