import Foundation
import InfraCore
import InfraLintKit
import InfraRender
import InfraTestSupport
import Testing

/// The report of one example, with suppressed findings, as `lint` builds it.
private func report(_ relative: String) throws -> Report {
    var options = LintOptions()
    options.compileFixes = true
    return LintRun.report([LintRun.lint(try Fixtures.source(relative), options: options)])
}

private func name(_ example: String) -> String {
    (example as NSString).deletingPathExtension.split(separator: "/").last.map(String.init) ?? example
}

/// Every format, rendered.
private func renders(_ report: Report) -> [(String, String)] {
    [
        ("txt", TextRenderer(color: false).render(report)),
        ("json", JSONRenderer.render(report)),
        ("sarif", SARIFRenderer.render(report, version: "0.1.0", currentDirectory: Fixtures.root.path)),
        ("github", GitHubRenderer.render(report)),
        ("gitlab.json", GitLabRenderer.render(report)),
        ("md", MarkdownReportRenderer.render(report)),
    ]
}

/// Runs scripts/validate-sarif: the OASIS schema, with format checks, offline.
private func validateSARIF(_ documents: [String]) throws -> (status: Int32, output: String) {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var paths: [String] = []
    for (index, document) in documents.enumerated() {
        let path = folder.appendingPathComponent("\(index).sarif").path
        try document.write(toFile: path, atomically: true, encoding: .utf8)
        paths.append(path)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Fixtures.path("scripts/validate-sarif"))
    process.arguments = paths
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
}

/// A design whose comments and file name hold everything that could break a format.
private let hostileText = """
    # infralint: ignore DES003,A|B<script>alert(1)</script> -- `x` | y %0A ::error::z
    web-server web { softwre: x }
    # infralint: <b>bold</b>|pipe`tick` -- why
    client users
    users -> web : https
    """
private let hostilePath = "hostile,na:me%0A é.infra"

@Suite("Findings formats: golden files, the SARIF schema, escaping")
struct FindingsFormatsTests {
    @Test("every format of every example matches its golden file", arguments: Fixtures.examples)
    func goldens(example: String) throws {
        for (suffix, text) in renders(try report(example)) {
            if let problem = Golden.check(text, against: "Tests/Golden/findings/\(name(example)).\(suffix)") {
                Issue.record(Comment(rawValue: problem))
            }
        }
    }

    @Test("SARIF of every example, of parse errors and of hostile names is valid against the OASIS 2.1.0 schema")
    func sarifSchema() throws {
        var documents = try Fixtures.examples.map { SARIFRenderer.render(try report($0), version: "0.1.0", currentDirectory: Fixtures.root.path) }
        let broken = LintRun.report([LintRun.lint(SourceFile(path: "broken.infra", text: "server {\nclient \"x\n"), options: LintOptions())])
        documents.append(SARIFRenderer.render(broken, version: "0.1.0", currentDirectory: Fixtures.root.path))
        let hostile = LintRun.report([LintRun.lint(SourceFile(path: hostilePath, text: hostileText), options: LintOptions())])
        documents.append(SARIFRenderer.render(hostile, version: "0.1.0", currentDirectory: Fixtures.root.path))
        let absolute = LintRun.report([LintRun.lint(SourceFile(path: "/tmp/a design.infra", text: "server {"), options: LintOptions())])
        documents.append(SARIFRenderer.render(absolute, version: "0.1.0", currentDirectory: Fixtures.root.path))
        let (status, output) = try validateSARIF(documents)
        #expect(status == 0, "\(output)")
    }

    @Test("the schema check can fail: an invalid URI is caught")
    func sarifNegativeControl() throws {
        let valid = SARIFRenderer.render(try report("examples/distributed/distributed.infra"), version: "0.1.0")
        let invalid = valid.replacingOccurrences(of: "\"uri\" : \"examples/distributed/distributed.infra\"", with: "\"uri\" : \"a b<>\"")
        #expect(invalid != valid)
        #expect(try validateSARIF([invalid]).status == 1)
    }

    @Test("SARIF: a fix with edits carries them as replacements that give what infralint fix gives; advice carries none")
    func sarifFixes() throws {
        let example = "examples/distributed/distributed.infra"
        let source = try Fixtures.source(example)
        let text = SARIFRenderer.render(try report(example), version: "0.1.0", currentDirectory: Fixtures.root.path)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let results = try #require((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let manual = try #require(results.first { $0["ruleId"] as? String == "AV006" })
        #expect(manual["fixes"] == nil)
        let encrypt = try #require(results.first { $0["ruleId"] as? String == "SEC002" })
        let fixes = try #require(encrypt["fixes"] as? [[String: Any]])
        let changes = try #require(fixes.first?["artifactChanges"] as? [[String: Any]])
        let replacements = try #require(changes.first?["replacements"] as? [[String: Any]])
        // Apply the replacements from the end, by line and column (ASCII here).
        var lines = source.text.components(separatedBy: "\n")
        for replacement in replacements.reversed() {
            let region = try #require(replacement["deletedRegion"] as? [String: Int])
            let inserted = (replacement["insertedContent"] as? [String: String])?["text"] ?? ""
            let (l1, c1, l2, c2) = (region["startLine"]! - 1, region["startColumn"]! - 1, region["endLine"]! - 1, region["endColumn"]! - 1)
            let before = String(lines[l1].prefix(c1))
            let after = String(lines[l2].dropFirst(c2))
            lines.replaceSubrange(l1...l2, with: (before + inserted + after).components(separatedBy: "\n"))
        }
        let viaSARIF = lines.joined(separator: "\n")
        #expect(viaSARIF.contains("users -> lb-01 : https 443"))
        #expect(viaSARIF.contains("tls: terminate"))
        #expect(viaSARIF != source.text)
    }

    @Test("SARIF: rules from their descriptions, results with fingerprints, suppressions with justification")
    func sarifContent() throws {
        let text = SARIFRenderer.render(try report("examples/production/production.infra"), version: "0.1.0")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let sec004 = try #require(rules.first { $0["id"] as? String == "SEC004" })
        #expect((sec004["properties"] as? [String: Any])?["security-severity"] as? String == "9.0")
        #expect((sec004["properties"] as? [String: Any])?["tags"] as? [String] == ["security"])
        #expect((sec004["defaultConfiguration"] as? [String: Any])?["level"] as? String == "error")
        #expect(((sec004["help"] as? [String: Any])?["markdown"] as? String)?.hasPrefix("# SEC004 exposed-datastore") == true)
        #expect(rules.last?["id"] as? String == "PARSE")
        let results = try #require(run["results"] as? [[String: Any]])
        let suppressed = try #require(results.first)
        #expect(suppressed["ruleId"] as? String == "AV002")
        #expect(rules[suppressed["ruleIndex"] as? Int ?? -1]["id"] as? String == "AV002")
        let suppressions = suppressed["suppressions"] as? [[String: Any]]
        #expect(suppressions?.first?["kind"] as? String == "inSource")
        #expect(suppressions?.first?["justification"] as? String == "one primary is enough at our write volume; Orchestrator promotes db-02 in seconds")
        #expect((suppressed["partialFingerprints"] as? [String: String])?["infralintFingerprint/v1"] == "AV002:db-01")
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
    }

    @Test("SARIF columns count code points; paths are relative and percent-encoded")
    func sarifPositions() throws {
        let source = SourceFile(path: "dir/a é.infra", text: "client u \"👩‍👩‍👧\" ; web-server w { softwre: x }\n")
        let text = SARIFRenderer.render(LintRun.report([LintRun.lint(source, options: LintOptions())]), version: "0.1.0")
        #expect(text.contains("\"uri\" : \"dir/a%20%C3%A9.infra\""))
        // `softwre` is at grapheme column 31; the family emoji before it is 5 code points.
        let outcome = LintRun.lint(source, options: LintOptions())
        #expect(outcome.findings.first { $0.code == "DES003" }?.location.start.column == 31)
        #expect(text.contains("\"startColumn\" : 35"))
    }

    @Test("GitHub workflow commands escape %, line breaks, and : and , in properties")
    func githubEscaping() {
        #expect(GitHubRenderer.escapeData("50% done\nnext\r::error::x") == "50%25 done%0Anext%0D::error::x")
        #expect(GitHubRenderer.escapeProperty("a,b:c%0A\n") == "a%2Cb%3Ac%250A%0A")
        let report = LintRun.report([LintRun.lint(SourceFile(path: hostilePath, text: hostileText), options: LintOptions())])
        let lines = GitHubRenderer.render(report).split(separator: "\n")
        for line in lines.dropLast() {
            #expect(line.hasPrefix("::error ") || line.hasPrefix("::warning ") || line.hasPrefix("::notice "))
            #expect(line.contains("file=hostile%2Cna%3Ame%250A é.infra,line="))
        }
        #expect(lines.last == Substring(report.summaryLine))
        #expect(lines.contains { $0.contains("'A|B<SCRIPT>ALERT(1)</SCRIPT>'") })
    }

    @Test("markdown is safe against |, backticks and HTML in names and messages")
    func markdownEscaping() {
        #expect(MarkdownText.cell("a|b <script>x</script> `c` & &amp;\nd") == "a\\|b &lt;script>x&lt;/script> \\`c\\` & &amp;amp;<br>d")
        #expect(MarkdownText.code("a`b") == "``a`b``")
        #expect(MarkdownText.code("`x") == "`` `x ``")
        // Prose keeps the code spans it holds and escapes the rest; a lone backtick shows as one.
        #expect(MarkdownText.prose("set `tls: true` on *db*") == "set `tls: true` on \\*db\\*")
        #expect(MarkdownText.prose("a ``x`y`` and `unclosed_") == "a ``x`y`` and \\`unclosed\\_")
        #expect(MarkdownText.prose("`a\r\nb` <i>") == "`a b` &lt;i>")
        let report = LintRun.report([LintRun.lint(SourceFile(path: "x|y.infra", text: hostileText), options: LintOptions())])
        let markdown = MarkdownReportRenderer.render(report)
        #expect(!markdown.contains("<script>") && !markdown.contains("<b>"))
        for row in markdown.split(separator: "\n") where row.hasPrefix("| :") {
            let unescapedPipes = row.enumerated().filter { index, character in
                character == "|" && (index == 0 || Array(row)[index - 1] != "\\")
            }
            #expect(unescapedPipes.count == 6, "a row has exactly five cells: \(row)")
        }
    }

    @Test("every format carries the same findings", arguments: Fixtures.examples)
    func sameFindings(example: String) throws {
        let report = try report(example)
        let expected = report.findings.map { "\($0.code)@\($0.location.start.line)" }.sorted()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(report).utf8)) as? [String: Any])
        let fromJSON = (json["findings"] as? [[String: Any]] ?? []).map { "\($0["code"] as? String ?? "")@\($0["line"] as? Int ?? 0)" }.sorted()
        let gitlab = try #require(try JSONSerialization.jsonObject(with: Data(GitLabRenderer.render(report).utf8)) as? [[String: Any]])
        let fromGitLab = gitlab.map { "\($0["check_name"] as? String ?? "")@\((($0["location"] as? [String: Any])?["lines"] as? [String: Int])?["begin"] ?? 0)" }.sorted()
        let fromGitHub = GitHubRenderer.render(report).split(separator: "\n").dropLast().compactMap { line -> String? in
            guard let title = line.split(separator: ",").first(where: { $0.hasPrefix("title=") }),
                  let lineField = line.split(separator: ",").first(where: { $0.hasPrefix("line=") }) else { return nil }
            return "\(title.dropFirst(6).split(separator: " ").first ?? "")@\(lineField.dropFirst(5))"
        }.sorted()
        let sarif = try #require(try JSONSerialization.jsonObject(with: Data(SARIFRenderer.render(report, version: "0").utf8)) as? [String: Any])
        let results = ((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]] ?? []).filter { $0["suppressions"] == nil }
        let fromSARIF = results.map { result -> String in
            let region = ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Int]
            return "\(result["ruleId"] as? String ?? "")@\(region?["startLine"] ?? 0)"
        }.sorted()
        #expect(fromJSON == expected)
        #expect(fromGitLab == expected)
        #expect(fromGitHub == expected)
        #expect(fromSARIF == expected)
    }
}
