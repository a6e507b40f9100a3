import Foundation
import InfraCore
import InfraLintKit
import InfraRender
import InfraTestSupport
import Testing

/// What scripts/validate-mermaid reports for one file.
private struct Rendered: Decodable {
    var file: String
    var ok: Bool
    var error: String?
    var edges: Int?
    /// The ends of each edge drawn, by Mermaid id: "n0->gc1".
    var links: [String]?
    var nodes: Int?
    var title: String?
}

/// Runs the real mermaid.js (scripts/validate-mermaid) on Mermaid sources, by name.
private func validate(_ sources: [(name: String, text: String)]) throws -> [String: Rendered] {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var paths: [String: String] = [:]
    for (index, source) in sources.enumerated() {
        let path = folder.appendingPathComponent("\(index).mmd").path
        try source.text.write(toFile: path, atomically: true, encoding: .utf8)
        paths[path] = source.name
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Fixtures.path("scripts/validate-mermaid"))
    process.arguments = paths.keys.sorted()
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus != 2, "the Mermaid checker is missing (scripts/ensure-dependencies installs it): \(problems)")
    var results: [String: Rendered] = [:]
    for line in data.split(separator: UInt8(ascii: "\n")) {
        let result = try JSONDecoder().decode(Rendered.self, from: Data(line))
        if let name = paths[result.file] { results[name] = result }
    }
    return results
}

/// The Mermaid of a design as `render --format mermaid` writes it, and what a
/// faithful drawing of it holds: every link, every element box, the title.
private func mermaid(_ text: String, path: String) -> (source: String, edges: Int, nodes: Int, title: String, links: Set<String>)? {
    let parsed = Fixtures.read(text, path: path)
    guard parsed.errors.isEmpty else { return nil }
    let findings = LintRun.findings(for: parsed.design, options: LintOptions()).shown
    let source = MermaidRenderer.render(Diagram(design: parsed.design, findings: findings))
    let lines = source.split(separator: "\n")
    let edges = lines.filter { $0.contains("-->") || $0.contains("-.->") || $0.contains("==>") }.count
    let nodes = lines.filter { $0.range(of: #"^\s+n\d+[\[\(\{>]"#, options: .regularExpression) != nil }.count
    return (source, edges, nodes, MermaidRenderer.title(parsed.design.title), expectedLinks(parsed.design, source: source))
}

/// Whether an endpoint's box (a cluster, a server) holds the other endpoint.
private func holds(_ design: Design, _ outer: Endpoint, _ inner: Endpoint) -> Bool {
    let boxes = Set(design.members(of: outer))
    // A cluster's link to one of its own members leaves the other members, inside the box.
    if case .cluster = outer, case .element(let member) = inner, boxes.contains(member) { return true }
    return design.members(of: inner).allSatisfy { member in
        let element = design.elements[member]
        return !boxes.contains(member) && (boxes.contains(element.host) || element.cluster.map { .cluster($0) == outer } == true
            || design.elements[element.host].cluster.map { .cluster($0) == outer } == true)
    }
}

/// Each declared link, as the drawing must show it: between the boxes of what it
/// names (a cluster's or a server's box, not its first member), found by name in
/// the Mermaid source (`<b>name</b>` in a node, the title of a subgraph).
private func expectedLinks(_ design: Design, source: String) -> Set<String> {
    var ids: [String: String] = [:]
    for line in source.split(separator: "\n") {
        let text = String(line)
        if let match = text.firstMatch(of: /^\s*subgraph (g\w+) \["([^"·]*?)( · [^"]*)?"\]/) {
            ids[String(match.2).trimmingCharacters(in: .whitespaces)] = String(match.1)
        } else if let match = text.firstMatch(of: /^\s+(n\d+)[^<]*<b>([^<]*)<\/b>/) {
            ids[String(match.2)] = String(match.1)
        }
    }
    var links = Set<String>()
    for link in design.links {
        guard let from = ids[link.fromName], let to = ids[link.toName] else { continue }
        // A box's link to what it holds cannot be an arrow out of the box: it starts inside.
        if holds(design, link.from, link.to) || holds(design, link.to, link.from) { continue }
        // An agent's link to its monitor is drawn in the agent's box ("agent → sumo"), not as an edge.
        if source.contains("\(from)>\"<b>\(link.fromName)</b><br/>agent → \(link.toName)") { continue }
        links.insert("\(from)->\(to)")
    }
    return links
}

/// Designs whose names and labels break naive Mermaid: YAML in the title, markup,
/// quotes, a comment marker, a name that starts with '<'.
private let hostile: [(name: String, text: String)] = [
    ("colon title", #"design "Shop: v2" { }"# + "\nclient users\nweb-server web\nusers -> web : https\n"),
    ("markup title", #"design "<b>bold</b> # not a comment %% nor this" { }"# + "\nclient users \"a \\\"quoted\\\" label; with `ticks` and | pipes\"\nweb-server web { software: \"ng<i>nx\" }\nusers -> web : https\n"),
    ("title starting with <", #"design "<!-- comment" { }"# + "\nclient users\nserver box { web-server web; app-server app }\nusers -> box : http\nweb -> app : http\n"),
    ("quotes and brackets", #"design "a \"quoted\" [title] {with} (all)" { }"# + "\nclient users \"end]\"\ncluster pair { web-server w1; web-server w2 }\nusers -> pair : https\n"),
]

@Suite("Mermaid: every block explain and render write, drawn by the real mermaid.js")
struct MermaidValidationTests {
    @Test("the checker rejects what mermaid.js rejects: a broken edge and an unquoted YAML title")
    func checkerRejects() throws {
        let results = try validate([
            ("broken edge", "flowchart LR\n  a -->\n"),
            ("unquoted title", "---\ntitle: Shop: v2\n---\nflowchart LR\n  a --> b\n"),
            ("fine", "flowchart LR\n  a --> b\n"),
        ])
        #expect(results["broken edge"]?.ok == false)
        #expect(results["unquoted title"]?.ok == false)
        #expect(results["fine"]?.ok == true && results["fine"]?.edges == 1)
    }

    @Test("examples, starters, the spec's designs, hostile names and random designs render with every link, box and title")
    func everyBlockRenders() throws {
        var designs: [(name: String, text: String)] = []
        for path in Fixtures.examples + Fixtures.specDesigns {
            designs.append((path, try Fixtures.text(path)))
        }
        let starters = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.path("templates/starters"))) ?? []
        for name in starters.sorted() where name.hasSuffix(".infra") {
            designs.append(("templates/starters/\(name)", try Fixtures.text("templates/starters/\(name)")))
        }
        designs += hostile
        for seed in UInt64(0)..<UInt64(8) { designs.append(("random seed \(seed)", RandomDesigns.make(seed: seed))) }
        var expected: [String: (edges: Int, nodes: Int, title: String, links: Set<String>)] = [:]
        var sources: [(name: String, text: String)] = []
        for design in designs {
            guard let drawn = mermaid(design.text, path: "design.infra") else { continue }
            expected[design.name] = (drawn.edges, drawn.nodes, drawn.title, drawn.links)
            sources.append((design.name, drawn.source))
            // explain's block is the same drawing.
            let explanation = try ExplainRun.explanation(Fixtures.read(design.text, path: "design.infra").design)
            #expect(explanation.contains("```mermaid\n\(drawn.source)"), "\(design.name): explain's Mermaid differs from render's")
        }
        #expect(sources.count >= 20)
        let results = try validate(sources)
        for (name, want) in expected {
            guard let result = results[name] else {
                Issue.record("\(name): no result from the checker")
                continue
            }
            #expect(result.ok, "\(name): mermaid.js refused it: \(result.error ?? "")")
            guard result.ok else { continue }
            #expect(result.edges == want.edges, "\(name): \(want.edges) links written, \(result.edges ?? 0) drawn")
            #expect(result.nodes == want.nodes, "\(name): \(want.nodes) boxes written, \(result.nodes ?? 0) drawn")
            #expect(result.title == want.title, "\(name): title drawn as \(result.title ?? "nothing")")
            let missing = want.links.subtracting(result.links ?? [])
            #expect(missing.isEmpty, "\(name): links not drawn between the boxes they name: \(missing.sorted())")
        }
    }
}
