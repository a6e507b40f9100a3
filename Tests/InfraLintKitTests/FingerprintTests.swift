import Foundation
import InfraCore
import InfraLintKit
import InfraRules
import InfraTestSupport
import Testing

/// Fingerprints identify one finding in a file: baselines, SARIF's
/// partialFingerprints and GitLab's fingerprint all rest on it.
@Suite("Fingerprints: unique in a file, stable across edits elsewhere")
struct FingerprintTests {
    private func fingerprints(_ text: String) -> [String] {
        let outcome = LintRun.lint(SourceFile(path: "d.infra", text: text), options: LintOptions())
        return (outcome.findings + outcome.suppressed).map(\.fingerprint)
    }

    /// The rules' own fingerprints, before `LintRun` ranks any left alike with `#2`:
    /// unique by construction.
    private func ruleFingerprints(_ text: String) -> [String] {
        let parsed = Frontend.read(SourceFile(path: "d.infra", text: text))
        guard parsed.errors.isEmpty else { return [] }
        return Linter.lint(parsed.design).map(\.fingerprint)
    }

    private func duplicates(_ list: [String]) -> [String] {
        Dictionary(grouping: list, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
    }

    @Test("no example, rule example or random design has two findings with one fingerprint")
    func uniqueEverywhere() throws {
        var texts = try Fixtures.examples.map { ($0, try Fixtures.text($0)) }
        for rule in RuleRegistry.descriptions {
            for example in rule.triggering + rule.nonTriggering { texts.append(("\(rule.code) example at line \(example.line)", example.source)) }
        }
        for seed in 0..<300 as Range<UInt64> { texts.append(("random design \(seed)", RandomDesigns.make(seed: seed))) }
        for (name, text) in texts {
            #expect(duplicates(ruleFingerprints(text)) == [], "\(name)")
            #expect(duplicates(fingerprints(text)) == [], "\(name)")
        }
    }

    @Test("what one element can have several of is in the key: properties, protocols, suppressed codes")
    func keys() {
        let design = """
            client users
            web-server web { sofware: nginx, instancs: 2 }
            firewall fw
            users -> fw : https
            fw -> web : htp
            fw -> web : htps
            fw -> web : htp
            # infralint: ignore AV999,XX001 -- testing
            web-server other
            """
        let found = fingerprints(design)
        for expected in ["DES003:web:sofware", "DES003:web:instancs", "DES004:fw->web:htp", "DES004:fw->web:htps",
                         "DES004:fw->web:htp#2", "SUP003:infralint: ignore AV999,XX001 -- testing:AV999",
                         "SUP003:infralint: ignore AV999,XX001 -- testing:XX001"] {
            #expect(found.contains(expected), "\(expected) in \(found)")
        }
        #expect(duplicates(found) == [])
    }

    @Test("fingerprints do not move when lines are added elsewhere")
    func stable() throws {
        let text = try Fixtures.text("examples/distributed/distributed.infra")
        let before = fingerprints(text)
        let after = fingerprints("# a comment\n\n" + text.replacingOccurrences(of: "\n\n", with: "\n\n\n"))
        #expect(before.sorted() == after.sorted())
        #expect(!before.isEmpty)
    }
}
