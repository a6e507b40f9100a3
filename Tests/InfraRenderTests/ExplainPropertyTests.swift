import Foundation
import InfraAnalysis
import InfraCore
import InfraLintKit
@testable import InfraRender
import InfraRules
import Mustache
import InfraTestSupport
import Testing

/// The prose of a document: the Mermaid block and the code spans left out.
private func prose(_ document: String) -> [String] {
    var lines: [String] = []
    var inBlock = false
    for line in document.split(separator: "\n") {
        if line.hasPrefix("```") { inBlock.toggle(); continue }
        if !inBlock { lines.append(String(line)) }
    }
    return lines
}

/// Phrases no sentence about a design may contain: a blank where a value belongs,
/// a plural after one, an article that disagrees with its noun.
private let forbidden: [(pattern: String, why: String)] = [
    (#"\S  +\S"#, "two spaces: a value left out"),
    (#" [.,;:](\s|$)"#, "punctuation after a space: a value left out"),
    (#"\(\s*\)|\(\s*[,;]"#, "empty parentheses"),
    (#"\b(of|to|from|at|on|in|by|and|with|through|over|than) [.,;:)]"#, "a preposition with nothing after it"),
    (#"\b(1|one) (backends|steps|servers|replicas|members|errors|warnings|notes|edits|instances|requests|name servers|hosts|databases|agents)\b"#, "a plural after one"),
    (#"\ba (agent|app|application|object|error|edit|HTTP|SSH|IP|active|instance|unknown)\b"#, "'a' before a vowel"),
    (#"\ban (load|web|server|database|dns|firewall|cdn|cache|queue|storage|monitor|client|replica|primary|service)\b"#, "'an' before a consonant"),
    (#"\\`"#, "an escaped backtick: a code span shown literally"),
    (#"\bnil\b|Optional\(|\{\{|\}\}"#, "a raw value"),
]

/// Whether a link (or a lookup through dns, then a link out of it) lets `source`
/// send requests of `kind` to `database`: the brute-force reading of "X writes to Y".
/// A client the design does not declare enters at an element nothing links to.
private func linked(_ graph: TrafficGraph, from source: Int, to database: Int, _ kind: RequestKind) -> Bool {
    let design = graph.design
    func sends(_ endpoint: Endpoint, _ element: Int) -> Bool {
        design.members(of: endpoint).contains { member in
            member == element || design.entry(of: member) == element
        }
    }
    func reaches(_ endpoint: Endpoint) -> Bool {
        design.members(of: endpoint).contains { member in
            member == database || (design.elements[member].kind == .server && design.elements[database].host == member)
        }
    }
    func carries(_ access: Access?) -> Bool {
        if let access { return access.kinds.contains(kind) }
        return kind == .read || design.elements[database].role != .replica
    }
    var frontier: [(to: Endpoint, access: Access?)]
    if case .implicitClient(let entry) = graph.node(source) {
        frontier = [(graph.implicitEntries[entry], nil)]
    } else {
        let element = graph.elements(of: source).first ?? source
        frontier = design.links.filter { sends($0.from, element) }.map { ($0.to, $0.access) }
    }
    var seenDNS = Set<Int>()
    while let (to, access) = frontier.popLast() {
        if reaches(to), carries(access) { return true }
        for member in design.members(of: to) where design.elements[member].kind == .dns && seenDNS.insert(member).inserted {
            frontier += design.links.filter { sends($0.from, member) }.map { ($0.to, $0.access) }
        }
    }
    return false
}

@Suite("explain on designs nobody wrote it for")
struct ExplainPropertyTests {
    /// INFRALINT_SEED_OFFSET=N checks seeds N to N+399 instead, as the fix tests do.
    static let seeds: [UInt64] = {
        let offset = ProcessInfo.processInfo.environment["INFRALINT_SEED_OFFSET"].flatMap(UInt64.init) ?? 0
        return Array(offset..<(offset + 400))
    }()
    /// The built-in templates, parsed once.
    static let library: MustacheLibrary = {
        do { return try ExplainRenderer.library(ExplainRenderer.templates(overrides: nil)) } catch { fatalError("\(error)") }
    }()

    @Test("on 400 random designs over the whole language, every sentence is a fact of the design",
          arguments: [0, 1, 2, 3, 4, 5, 6, 7])
    func randomDesigns(slice: Int) throws {
        for seed in Self.seeds where Int(seed) % 8 == slice {
            let text = RandomDesigns.make(seed: seed)
            let parsed = Fixtures.read(text, path: "random-\(seed).infra")
            guard parsed.errors.isEmpty else { continue }
            check(parsed.design, text: text, seed: seed)
        }
    }

    private func check(_ design: Design, text source: String, seed: UInt64) {
        let lint = LintContext(design: design)
        let findings = LintRun.findings(in: lint, options: LintOptions())
        let context = Comment(rawValue: "seed \(seed):\n\(source)")
        for detail in ExplainModel.Detail.allCases {
            let document: String
            do {
                let model = ExplainModel(design: design, findings: findings.shown, suppressed: findings.suppressed,
                                         detail: detail, failures: lint.failures)
                document = try ExplainRenderer.render(model, library: Self.library)
            } catch {
                Issue.record("seed \(seed): \(error)")
                return
            }
            for line in prose(document) {
                // Statements in the design's own syntax (a fix's `a -> b : https`) are not prose.
                let line = line.replacingOccurrences(of: #"\S+ -> [^:]+ : \S+"#, with: "LINK", options: .regularExpression)
                for rule in forbidden where line.range(of: rule.pattern, options: .regularExpression) != nil {
                    Issue.record("seed \(seed), \(detail): \(rule.why): \(line)\n\(source)")
                }
            }
            // Twice the same design, the same bytes.
            if detail == .concise { #expect((try? ExplainRun.explanation(design, detail: detail)) == document, context) }
        }
        let model = ExplainModel(design: design, findings: findings.shown, suppressed: findings.suppressed, failures: lint.failures)
        // Every string the templates can print is something.
        let json = JSONRenderer.encode(model)
        #expect(!json.contains("\"\""), "an empty value in the model; \(context.rawValue)")
        // The path: as many steps as it says, numbered 1 to n, then the response.
        if let path = model.path {
            #expect(path.steps.count + (path.response == nil ? 0 : 1) == path.count, context)
            #expect(path.steps.map(\.number) == Array(1..<(path.steps.count + 1)), context)
            #expect(path.response.map { $0.number == path.count } ?? true, context)
        }
        let facts = ExplainFacts(model: lint.failures)
        // Every "X writes to Y" and "X reads from Y" matches a link.
        for (table, kind) in [(facts.writesTo, RequestKind.write), (facts.readsFrom, .read)] {
            for (source, databases) in table {
                for database in databases where !linked(facts.graph, from: source, to: database, kind) {
                    Issue.record("\(facts.graph.name(of: source)) \(kind.word)s \(design.elements[database].id) by no link; \(context.rawValue)")
                }
            }
        }
        // Nothing is described as balanced that is not a load balancer's backend.
        let backendNames = Set(design.elements.filter { $0.kind == .loadBalancer }
            .flatMap { facts.backends(of: $0).map { Prose.name($0.element.id) } })
        for balancer in model.balancing?.balancers ?? [] {
            let named = (balancer.sequence ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for name in named where !backendNames.contains(name) {
                Issue.record("\(name) is in a balancer's sequence but is no backend; \(context.rawValue)")
            }
            #expect((balancer.backends == nil) == (balancer.backendCount < 2), context)
        }
    }
}
