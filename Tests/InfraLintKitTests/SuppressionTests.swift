import InfraCore
import InfraLintKit
import InfraRules
import InfraTestSupport
import Testing

/// Lints with only the rules these tests are about (DES003, DES004), so that the
/// tiny designs' other problems (no client, single points of failure) stay out.
private func lint(_ text: String, suppress: Bool = true) -> FileOutcome {
    var options = LintOptions()
    options.honourSuppressions = suppress
    options.rules = [UnknownPropertyRule.self, UnknownProtocolRule.self]
    return LintRun.lint(SourceFile(path: "s.infra", text: text), options: options)
}

@Suite("Suppression comments")
struct SuppressionTests {
    let design = """
        web-server a { algoritm: x }
        # infralint: ignore DES003 -- the property is read by our own tooling
        web-server b { algoritm: x }
        web-server c { algoritm: x } # infralint: ignore DES003 -- same
        """

    @Test("on the line before, or at the end of the line, with a reason")
    func silences() {
        let outcome = lint(design)
        #expect(outcome.findings.map(\.element) == ["a"])
        #expect(outcome.suppressed.map(\.element) == ["b", "c"])
        #expect(outcome.suppressed.first?.suppression?.justification == "the property is read by our own tooling")
    }

    @Test("--no-suppress shows everything")
    func noSuppress() {
        let outcome = lint(design, suppress: false)
        #expect(outcome.findings.map(\.element) == ["a", "b", "c"])
        #expect(outcome.suppressed.isEmpty)
    }

    @Test("other comment lines and blank lines may stand between the suppression and the statement it applies to")
    func stackedComments() {
        let stacked = lint("# infralint: ignore DES003 -- ok\n# another comment\nweb-server b { algoritm: x }\n")
        #expect(stacked.findings.isEmpty)
        let separated = lint("# infralint: ignore DES003 -- ok\n\n# more\n\nweb-server b { algoritm: x }\nweb-server c { algoritm: x }\n")
        #expect(separated.suppressed.map(\.element) == ["b"])
        #expect(separated.findings.map(\.element) == ["c"], "only the next statement")
    }

    @Test("in a fan-out written over several lines, a suppression applies to the whole statement, and fmt keeps it there")
    func fanOut() throws {
        let text = """
            client users
            web-server a
            web-server b
            users -> a,  # the first
                     b : quic  # infralint: ignore DES004 -- our own protocol
            users -> a : quik
            """
        let outcome = lint(text)
        #expect(outcome.suppressed.map(\.code) == ["DES004"])
        #expect(outcome.findings.map(\.code) == ["DES004"], "the other statement's unknown protocol is shown")
        guard case .success(let formatted) = FormatRun.format(SourceFile(path: "s.infra", text: text)) else {
            Issue.record("fmt failed")
            return
        }
        #expect(formatted.contains("users -> a, # the first\n  b : quic # infralint: ignore DES004 -- our own protocol\n"), "\(formatted)")
        let after = lint(formatted)
        #expect(after.suppressed.map(\.fingerprint) == outcome.suppressed.map(\.fingerprint))
        #expect(after.findings.map(\.fingerprint) == outcome.findings.map(\.fingerprint))
    }

    /// Found by the fuzzer: fmt moved the comment after `web-server n` to that
    /// item's new line, where it no longer silenced the server's finding.
    @Test("at the end of a line fmt spreads over several, a suppression stays with what it silenced, nested elements too")
    func lineSpreadByFmt() throws {
        let text = """
            client u
            monitor m
            server s { web-server w { tls: terminate }; agent a { reports-to: m } } # infralint: ignore AV001,SEC003 -- ours
            database db { instances: 2, agent b { reports-to: m } }
            u -> s : https
            w -> db : mysql
            """
        var options = LintOptions()
        options.rules = RuleRegistry.all
        let outcome = LintRun.lint(SourceFile(path: "s.infra", text: text), options: options)
        // AV001 is about the server, SEC003 about the web server inside it.
        #expect(outcome.suppressed.map { "\($0.code) \($0.element ?? "")" }.sorted() == ["AV001 s", "SEC003 w"])
        guard case .success(let formatted) = FormatRun.format(SourceFile(path: "s.infra", text: text)) else {
            Issue.record("fmt failed")
            return
        }
        #expect(formatted.contains("server s { # infralint: ignore AV001,SEC003 -- ours\n  web-server w { tls: terminate }\n"), "\(formatted)")
        let after = LintRun.lint(SourceFile(path: "s.infra", text: formatted), options: options)
        #expect(after.suppressed.map(\.fingerprint) == outcome.suppressed.map(\.fingerprint))
        #expect(after.findings.map(\.fingerprint) == outcome.findings.map(\.fingerprint))
        // A comment that is not a directive stays after what it follows.
        guard case .success(let plain) = FormatRun.format(SourceFile(path: "s.infra", text: "server s { web-server w } # the box\n")) else {
            Issue.record("fmt failed")
            return
        }
        #expect(plain == "server s {\n  web-server w\n} # the box\n")
    }

    @Test("ignore-file silences a code in the whole file, several codes at once")
    func wholeFile() {
        let outcome = lint("# infralint: ignore-file DES003, DES004 -- generated file\nweb-server a { algoritm: x }\nclient u\nu -> a : quic\n")
        #expect(outcome.findings.isEmpty)
        #expect(outcome.suppressed.map(\.code) == ["DES003", "DES004"])
        #expect(outcome.suppressed.allSatisfy { $0.suppression?.kind == .file })
    }

    @Test("no reason is a warning; silencing nothing is a note; an unknown code or directive a warning")
    func problems() {
        let outcome = lint("""
            # infralint: ignore DES003
            web-server a { algoritm: x }
            # infralint: ignore DES004 -- nothing to silence
            web-server b
            # infralint: ignore DES03 -- typo
            web-server c
            # infralint: ignor DES003 -- typo
            """)
        let summary = outcome.findings.map { "\($0.location.start.line) \($0.code) \($0.severity) \($0.message)" }
        #expect(summary == [
            "1 SUP001 warning the suppression of DES003 gives no reason",
            "3 SUP002 note the suppression of DES004 silences nothing on b; remove it",
            "5 SUP003 warning no rule has the code 'DES03'; did you mean 'DES003'?",
            "7 SUP003 warning 'ignor' is not an infralint directive; did you mean 'ignore'?",
        ])
        #expect(outcome.suppressed.map(\.element) == ["a"], "a suppression without a reason still applies")
    }

    @Test("a suppression that silences nothing names its statement, not its line, so fmt keeps the message")
    func unusedNamesItsStatement() throws {
        let text = "cluster c { web-server a; web-server b }\n\n\n\n# infralint: ignore DES004 -- nothing yet\nweb-server z\n"
        let before = lint(text).findings.filter { $0.code == "SUP002" }.map(\.message)
        #expect(before == ["the suppression of DES004 silences nothing on z; remove it"])
        guard case .success(let formatted) = FormatRun.format(SourceFile(path: "t.infra", text: text)) else {
            Issue.record("fmt failed")
            return
        }
        #expect(formatted != text, "fmt moves the lines")
        #expect(lint(formatted).findings.filter { $0.code == "SUP002" }.map(\.message) == before)
    }
}
