import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import InfraCore
import InfraGraphviz
import InfraLintKit
import InfraRender
import InfraRules
import InfraTestSupport
import Testing

private func diagram(_ relative: String, findings: Bool = true) throws -> Diagram {
    let source = try Fixtures.source(relative)
    let design = Frontend.read(source).design
    return RenderRun.diagram(design, findings: findings)
}

private func exampleName(_ example: String) -> String {
    (example as NSString).deletingPathExtension.split(separator: "/").last.map(String.init) ?? example
}

/// Every text node and attribute value of an SVG document, decoded.
final class SVGText: NSObject, XMLParserDelegate {
    var texts: [String] = []
    var current = ""

    static func read(_ data: Data) -> (wellFormed: Bool, texts: [String]) {
        let collector = SVGText()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        let ok = parser.parse()
        return (ok, collector.texts)
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        texts.append(contentsOf: attributes.values)
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        if !current.isEmpty { texts.append(current) }
        current = ""
    }
}

/// A design whose labels and descriptions hold everything that could break DOT, HTML labels or SVG.
private let hostile = #"""
    design "A \"quoted\" <design> & co" { description: "back\\slash \\N \\n & &amp; <b>bold</b>\nsecond line é 🎉" }
    network internet "The \"Internet\" <untrusted> & more" { trust: untrusted }
    client users in internet "Users \"quoted\" \\ <script>alert(1)</script> &amp; ]]> é 🎉" { description: "tooltip \" \\ \n <x> & y" }
    cluster edge "edge \\ \"pair\" <&>" {
      load-balancer lb-01 { software: "ha\"proxy\\", description: "a&b <c>" }
      load-balancer lb-02
    }
    server web-01 "host \"1\" \\ <>" {
      web-server nginx { software: "<nginx>" }
      agent a { reports-to: mon }
    }
    monitor mon "mon ]]> -->"
    users -> edge : https { description: "link \" \\ <> &" }
    edge -> web-01 : http
    a -> mon : https
    """#

@Suite("Diagrams: DOT and Mermaid goldens, Graphviz in-process, hostile names")
struct DiagramTests {
    @Test("DOT and Mermaid of every example match their golden files", arguments: Fixtures.examples)
    func goldens(example: String) throws {
        let drawn = try diagram(example)
        for (suffix, text) in [("dot", DOTRenderer.render(drawn)), ("mmd", MermaidRenderer.render(drawn))] {
            if let problem = Golden.check(text, against: "Tests/Golden/diagrams/\(exampleName(example)).\(suffix)") {
                Issue.record(Comment(rawValue: problem))
            }
        }
    }

    @Test("the same design gives byte-identical DOT and Mermaid")
    func deterministic() throws {
        let first = try diagram("examples/production/production.infra")
        let second = try diagram("examples/production/production.infra")
        #expect(DOTRenderer.render(first) == DOTRenderer.render(second))
        #expect(MermaidRenderer.render(first) == MermaidRenderer.render(second))
    }

    @Test("SVG draws clusters in the DOT text's order, so its bytes do not depend on the heap")
    func clusterOrder() throws {
        let dot = DOTRenderer.render(try diagram("examples/production/production.infra"))
        let declared = dot.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            guard words.first == "subgraph", words.count > 1, words[1].hasPrefix("cluster_") else { return nil }
            return String(words[1])
        }
        #expect(declared.count > 10)
        let first = try Graphviz.render(dot: dot, format: .svg)
        // Interned names used to be ordered by address: churn the heap between two renders.
        let churn = (0..<5_000).map { "cluster_\($0)_\(String(repeating: "x", count: $0 % 97))" }
        let second = try Graphviz.render(dot: dot, format: .svg)
        #expect(!churn.isEmpty)
        let identical = first == second
        #expect(identical, "two renders of the same DOT text gave different SVG bytes")
        let svg = String(decoding: first, as: UTF8.self)
        let drawn = svg.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("<title>cluster_") else { return nil }
            return String(line.dropFirst("<title>".count).dropLast("</title>".count))
        }
        #expect(drawn == declared)
    }

    @Test("SVG, PNG and PDF come out well-formed", arguments: GraphvizFormat.allCases)
    func formats(format: GraphvizFormat) throws {
        let bytes = try Graphviz.render(dot: DOTRenderer.render(try diagram("examples/secured-monitored/secured-monitored.infra")), format: format)
        #expect(bytes.starts(with: format.signature), "\(format) signature")
        if format == .svg {
            let svg = SVGText.read(Data(bytes))
            #expect(svg.wellFormed)
            #expect(svg.texts.contains("single point of failure"))
            #expect(svg.texts.contains("lb-01"))
        }
        if format == .pdf { #expect(String(decoding: bytes.suffix(8), as: UTF8.self).contains("%%EOF")) }
    }

    @Test("a drawing with nothing in it keeps its title and says why it is empty")
    func emptyDrawing() throws {
        func svgTexts(_ text: String, findingsOnly: Bool = false) throws -> [String] {
            let design = Frontend.read(SourceFile(path: "empty.infra", text: text)).design
            let drawn = Diagram(design: design, findings: [], options: Diagram.Options(findingsOnly: findingsOnly))
            return SVGText.read(Data(try Graphviz.render(dot: DOTRenderer.render(drawn), format: .svg))).texts
        }
        let empty = try svgTexts("# nothing yet\n")
        #expect(empty.contains("empty.infra"), "Graphviz drops an empty box with its title")
        #expect(empty.contains("no element is declared yet"))
        let clean = try svgTexts("client u\nweb-server w { instances: 2 }\nu -> w : https\n", findingsOnly: true)
        #expect(clean.contains("no finding marks an element"), "\(clean)")
        #expect(!clean.contains("no element is declared yet"))
    }

    @Test("the title's estimate names an implicit client in words, not as the availability report's '(lb)'")
    func implicitClientInTheEstimate() throws {
        let design = Frontend.read(SourceFile(path: "t.infra", text: "load-balancer lb\nweb-server w { instances: 2 }\nlb -> w : http\n")).design
        let estimate = try #require(Diagram(design: design).estimate)
        #expect(estimate.hasPrefix("clients entering at lb: reads and writes"), "\(estimate)")
    }

    @Test("hostile labels appear as written and inject nothing: DOT, SVG and Mermaid")
    func hostileNames() throws {
        let parsed = Fixtures.read(hostile)
        #expect(parsed.errors.isEmpty, "\(parsed.errors.map(\.message))")
        let drawn = Diagram(design: parsed.design, findings: LintRun.findings(for: parsed.design, options: LintOptions()).shown)
        let dot = DOTRenderer.render(drawn)
        // Every user string is inside a label or a quoted attribute: the DOT lines outside them are ours.
        #expect(!dot.contains("<script>") && !dot.contains("<b>bold"))
        let svgBytes = try Graphviz.render(dot: dot, format: .svg)
        let svg = SVGText.read(Data(svgBytes))
        #expect(svg.wellFormed)
        let all = svg.texts.joined(separator: "\n")
        // A long label wraps at spaces, each line as written.
        #expect(all.contains("Users \"quoted\" \\") && all.contains("<script>alert(1)</script>") && all.contains("&amp; ]]> é 🎉"))
        #expect(all.contains("A \"quoted\" <design> & co"))
        #expect(all.contains("second line é 🎉"))
        #expect(all.contains("back\\slash \\N \\n & &amp; <b>bold</b>"))
        #expect(all.contains("tooltip \" \\ \n <x> & y"), "a tooltip with a quote, a backslash, a line break, < and &")
        #expect(all.contains("edge \\ \"pair\" <&>"))
        #expect(all.contains("mon ]]> -->"))
        // Graphviz must not have read \N as the node name anywhere.
        #expect(!all.contains("back\\slash n4"))
        let mermaid = MermaidRenderer.render(drawn)
        #expect(!mermaid.contains("<script>") && !mermaid.contains("]]>"))
        #expect(mermaid.contains("#lt;script#gt;alert#40;1#41;#lt;/script#gt;"))
        for line in mermaid.split(separator: "\n") where line.contains("[\"") || line.contains("(\"") {
            let quotes = line.filter { $0 == "\"" }.count
            #expect(quotes % 2 == 0, "a label's quotes are balanced: \(line)")
        }
    }

    @Test("Graphviz's errors become clear messages")
    func errors() {
        #expect(throws: GraphvizError.self) { try Graphviz.render(dot: "digraph { a -> }", format: .svg) }
        do {
            _ = try Graphviz.render(dot: "digraph { a }", engine: "dott", format: .svg)
            Issue.record("an unknown engine must fail")
        } catch {
            #expect(error.description.hasPrefix("unknown layout engine 'dott'; Graphviz here has "))
            #expect(error.description.contains("dot, "))
        }
        #expect(Graphviz.layoutEngines().contains("sfdp"))
    }

    @Test("concurrent renders are serialised and all succeed")
    func concurrency() async throws {
        let dot = DOTRenderer.render(try diagram("examples/distributed/distributed.infra"))
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask {
                    let format: GraphvizFormat = index % 2 == 0 ? .svg : .png
                    return (try? Graphviz.render(dot: dot, format: format))?.starts(with: format.signature) ?? false
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 8 && results.allSatisfy { $0 })
    }

    @Test("random designs render in-process without a crash (Graphviz's flat-edge bug stays avoided)")
    func randomDesigns() throws {
        var rendered = 0
        for seed in 0..<60 {
            let parsed = Fixtures.read(RandomDiagramDesign.make(seed: UInt64(seed)))
            guard parsed.errors.isEmpty else { continue }
            let drawn = Diagram(design: parsed.design, findings: LintRun.findings(for: parsed.design, options: LintOptions()).shown)
            let bytes = try Graphviz.render(dot: DOTRenderer.render(drawn), format: .svg)
            #expect(SVGText.read(Data(bytes)).wellFormed, "seed \(seed)")
            rendered += 1
        }
        #expect(rendered > 30)
    }
}

/// Random designs with clusters, hosts holding agents, replication and links of
/// every style: what makes Graphviz's layout code take its rarer paths.
enum RandomDiagramDesign {
    static func make(seed: UInt64) -> String {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var lines = ["network net { trust: \(next(2) == 0 ? "untrusted" : "trusted") }", "client users in net", "monitor mon"]
        var names = ["users"]
        for index in 0..<(3 + next(8)) {
            switch next(4) {
            case 0:
                lines.append("cluster c\(index) { load-balancer c\(index)a; load-balancer c\(index)b }")
                names.append("c\(index)")
            case 1:
                lines.append("server s\(index) { web-server s\(index)w; database s\(index)d { role: primary }; agent s\(index)a { reports-to: mon } }")
                lines.append("database r\(index) { role: replica, replicates: s\(index)d }")
                names += ["s\(index)", "s\(index)w", "r\(index)"]
            case 2:
                lines.append("cluster k\(index) { mode: active-passive; server k\(index)x { database k\(index)p { role: primary } }; server k\(index)y { database k\(index)q { role: replica, replicates: k\(index)p } } }")
                names.append("k\(index)")
            default:
                lines.append("app-server e\(index) { tls: none }")
                names.append("e\(index)")
            }
        }
        for _ in 0..<(2 + next(10)) {
            let from = names[next(names.count)]
            let to = names[next(names.count)]
            if from != to { lines.append("\(from) -> \(to) : \(["https", "http", "mysql", "dns", "tcp"][next(5)])") }
        }
        return lines.joined(separator: "\n")
    }
}
