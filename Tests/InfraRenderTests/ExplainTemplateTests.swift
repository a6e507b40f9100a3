import Foundation
import InfraCore
import InfraLintKit
import InfraRender
import InfraTemplates
import InfraTestSupport
import Testing

/// What users change and what a design may contain: their own templates, broken
/// templates, the templates built into the binary, and names that must be escaped.
@Suite("explain: templates and escaping")
struct ExplainTemplateTests {
    @Test("hostile names and labels are escaped for markdown, never markup")
    func hostileNames() throws {
        let text = try explain(#"""
            design "A *bold* [link](http://x) <script>alert(1)</script> | pipe" { description: "`tick` & &amp; _under_" }
            client users "Users <b>|</b> `code` *star*"
            web-server db_primary { software: "ng*inx <i>" }
            users -> db_primary : https
            """#)
        #expect(text.hasPrefix("# A \\*bold\\* \\[link\\](http://x) &lt;script>alert(1)&lt;/script> \\| pipe\n"))
        // A code span the author wrote stays a code span; the rest is escaped.
        #expect(text.contains("*`tick` & &amp;amp; \\_under\\_*"))
        #expect(text.contains("`users` (Users &lt;b>\\|&lt;/b> `code` \\*star\\*)"))
        #expect(text.contains("`db_primary` (ng\\*inx &lt;i>)"))
        // Outside the Mermaid block (whose labels use Mermaid's own <b> and <i>), no tag at all.
        let prose = text.components(separatedBy: "```mermaid").first ?? text
        #expect(!prose.contains("<script>") && !prose.contains("<b>") && !prose.contains("<i>"))
        let mermaid = text.components(separatedBy: "```mermaid").last ?? ""
        #expect(mermaid.contains("ng*inx #lt;i#gt;"))
        // The title is a quoted YAML string: Mermaid shows it as text.
        #expect(mermaid.contains(#"title: "A *bold* [link](http://x) ‹script›alert(1)‹/script› | pipe""#))
    }

    @Test("a user's templates replace the built-in ones file by file")
    func userTemplates() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "{{% CONTENT_TYPE: MARKDOWN}}\n## Our own diagram section\n".write(
            to: folder.appendingPathComponent("section-diagram.mustache"), atomically: true, encoding: .utf8)
        let design = Fixtures.read("client users\nweb-server web\nusers -> web : https").design
        let text = try ExplainRun.explanation(design, templates: folder.path)
        #expect(text.contains("## Our own diagram section\n\n*Written by"))
        #expect(!text.contains("```mermaid"))
        #expect(text.contains("## What happens when someone visits the site"), "the other templates stay built in")
    }

    @Test("a broken template is a clear error: file, line and column, or the missing partial")
    func brokenTemplates() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let design = Fixtures.read("client users\nweb-server web\nusers -> web : https").design
        let file = folder.appendingPathComponent("section-issues.mustache")
        // Each broken template, and the message that says where and what.
        let cases: [(template: String, message: String)] = [
            ("{{% CONTENT_TYPE: MARKDOWN}}\n## Issues\n{{#issues}}\n{{count}}\n{{/isues}}\n",
             "5:1: {{/isues}} closes the section {{#issues}} opened at 3:1; expected {{/issues}}"),
            ("{{% CONTENT_TYPE: MARKDOWN}}\n## Issues\n{{#issues}}\n{{counts}}\n\nmore text\n",
             "3:1: the section {{#issues}} is never closed: expected {{/issues}} before the end of the template"),
            ("{{% CONTENT_TYPE: MARKDOWN}}\n## Issues\n{{#issues}}\n  {{counts\n{{/issues}}\n",
             "4:3: the tag `{{counts` is not finished: expected }} before the next {{ or the end"),
            ("{{% CONTENT_TYPE: MARKDOWN}}\n  see {{> concept-spoff}}\n",
             "2:7: includes the template 'concept-spoff', which does not exist; did you mean 'concept-spof'?"),
        ]
        for (template, message) in cases {
            try template.write(to: file, atomically: true, encoding: .utf8)
            do {
                _ = try ExplainRun.explanation(design, templates: folder.path)
                Issue.record("a broken template must fail: \(template)")
            } catch {
                #expect(error.description == "\(file.path):\(message)")
            }
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
