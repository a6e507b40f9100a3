import Foundation
import InfraAnalysis
import InfraCore
import InfraGraphviz
import InfraLintKit
import InfraRender
import InfraRules
import InfraTestSupport
import Testing

private func drawn(_ text: String, options: Diagram.Options = Diagram.Options()) -> Diagram {
    RenderRun.diagram(Fixtures.read(text).design, options: options)
}

private func example(_ relative: String, options: Diagram.Options = Diagram.Options()) throws -> Diagram {
    RenderRun.diagram(Frontend.read(try Fixtures.source(relative)).design, options: options)
}

/// Stacks of a client, a firewall, a load-balancer pair, web and app pairs and a
/// database pair, every tenth one flawed: what a large design looks like.
private func stacks(_ count: Int) -> String {
    var out = "network internet { trust: untrusted }\nmonitor mon in internet\n"
    for s in 0..<count {
        let flawed = s % 10 == 9
        out += "client users-\(s) in internet\nfirewall fw-\(s) { instances: 2 }\n"
        out += "cluster lbs-\(s) { load-balancer lb-\(s)-a { firewall: true }; load-balancer lb-\(s)-b { firewall: true } }\n"
        out += "cluster web-\(s) { server web-\(s)-0 { firewall: true; web-server w-\(s)-0; agent ag-\(s)-0 { reports-to: mon } }; "
        out += "server web-\(s)-1 { firewall: true; web-server w-\(s)-1\(flawed ? "" : "; agent ag-\(s)-1 { reports-to: mon }") } }\n"
        out += "cluster db-\(s) { mode: active-passive, failover: automatic; database db-\(s)-0 { role: primary, firewall: true }; "
        out += "database db-\(s)-1 { role: replica, replicates: db-\(s)-0, firewall: true } }\n"
        out += "users-\(s) -> fw-\(s) -> lbs-\(s) : \(flawed ? "http" : "https")\nlbs-\(s) -> web-\(s) : http\nweb-\(s) -> db-\(s) : mysql\n"
    }
    return out
}

@Suite("Diagrams: every finding drawn, a README's size, an SVG a page can use")
struct DiagramMarksTests {
    @Test("every finding of every rule's triggering examples is a badge on the drawing and a row of its table",
          arguments: RuleRegistry.all.map { $0.description.code })
    func everyRule(code: String) throws {
        let rule = try #require(RuleRegistry.description(code: code))
        for example in rule.triggering {
            let design = Fixtures.read(example.source).design
            let findings = LintRun.findings(for: design, options: LintOptions()).shown
            let diagram = Diagram(design: design, findings: findings)
            let dot = DOTRenderer.render(diagram)
            for finding in findings {
                #expect(diagram.allBadges.contains { $0.code == finding.code }, "\(finding.code) has no badge: \(finding.message)")
                #expect(diagram.notes.contains { $0.code == finding.code && $0.message == finding.message })
                #expect(dot.contains("[\(finding.code)]"), "the table lists \(finding.code)")
            }
            // The legend explains each severity shown, and no other.
            for severity in Severity.allCases {
                let shown = diagram.allBadges.contains { $0.severity == severity }
                let word = severity == .error ? "error: thick outline" : severity == .warning ? "warning: dashed outline" : ">note<"
                #expect(dot.contains(word) == shown, "\(code): legend for \(severity)")
            }
        }
    }

    @Test("the DOT of each rule's first triggering example matches its golden file: every finding kind drawn",
          arguments: RuleRegistry.all.map { $0.description.code })
    func goldensOfRuleExamples(code: String) throws {
        let example = try #require(RuleRegistry.description(code: code)?.triggering.first)
        let dot = DOTRenderer.render(drawn(example.source))
        if let problem = Golden.check(dot, against: "Tests/Golden/diagrams/rules/\(code).dot") { Issue.record(Comment(rawValue: problem)) }
    }

    @Test("the first declared element keeps its marks")
    func firstElement() {
        let diagram = drawn("load-balancer lb-01\nclient users\nweb-server w { instances: 2 }\nusers -> lb-01 : http\nlb-01 -> w : http\n")
        let lb = diagram.nodes[0]
        #expect(lb.identifier == "lb-01")
        #expect(lb.badges.map(\.code).contains("AV001") && lb.badges.map(\.code).contains("SEC001"))
        #expect(DOTRenderer.render(diagram).contains("class=\"element load-balancer finding error AV001 SEC001"))
    }

    @Test("--no-findings draws the design alone: no badge, no finding colour, no table", arguments: Fixtures.examples)
    func noFindings(example relative: String) throws {
        let diagram = try example(relative, options: Diagram.Options(findings: false))
        #expect(diagram.allBadges.isEmpty && diagram.notes.isEmpty)
        let dot = DOTRenderer.render(diagram)
        for severity in Severity.allCases { #expect(!dot.contains(DiagramLook.color(severity)), "\(severity) colour") }
        #expect(!dot.contains("Findings"))
    }

    @Test("AV009 marks what it says: 'over capacity' on an element over it, 'load not judged' on a client whose requests reach no capacity")
    func capacityMarks() {
        let unjudged = drawn("client users { load: 100 }\nweb-server w { instances: 2 }\nusers -> w : https")
        #expect(unjudged.allBadges.filter { $0.code == "AV009" }.map(\.mark) == ["load not judged"])
        let over = drawn("client users { load: 1000 }\nweb-server w { instances: 2, capacity: 100 }\nusers -> w : https")
        #expect(over.allBadges.filter { $0.code == "AV009" }.map(\.mark) == ["over capacity"])
    }

    @Test("what a single point of failure stops; links a finding is about carry its badge; hops inside a host are local")
    func marks() throws {
        let diagram = try example("examples/distributed/distributed.infra")
        let web = try #require(diagram.root.groups.first { $0.name == "web-01" })
        #expect(web.badges.contains { $0.code == "AV001" && $0.mark == "single point of failure for writes" })
        let entry = try #require(diagram.edges.first { $0.name == "users->lb-01" })
        #expect(entry.badges.map(\.code) == ["SEC002"])
        #expect(diagram.edges.first { $0.name == "nginx-01->app-01" }?.style == .local)
        #expect(diagram.designBadges.map(\.code) == ["MON000"])
        for code in ["MON003", "DES005", "SEC005"] {
            let example = try #require(RuleRegistry.description(code: code)?.triggering.first)
            let drawn = drawn(example.source)
            #expect(drawn.edges.contains { $0.badges.contains { $0.code == code } }, "\(code) is on a link")
        }
    }

    @Test("a replica no request reaches is placed under the database it copies; a cluster's replica is placed by its cluster")
    func orphanReplicaPlacement() {
        let dot = DOTRenderer.render(drawn("""
            client users
            web-server web { instances: 2 }
            cluster meta {
              database meta-1 { role: primary }
              database meta-2 { role: replica, replicates: meta-1 }
            }
            database analytics { role: replica, replicates: meta-2 }
            users -> web : https
            web -> meta : postgres

            """))
        let lines = dot.split(separator: "\n")
        let inCluster = lines.first { $0.contains("id=\"link-meta-1-to-meta-2\"") }
        let orphan = lines.first { $0.contains("id=\"link-meta-2-to-analytics\"") }
        #expect(inCluster?.contains("constraint=false") == true, "\(dot)")
        #expect(orphan != nil && orphan?.contains("constraint=false") == false, "\(dot)")
    }

    @Test("the examples' PNGs fit a README: at most 1,200 px wide, text at least 9 px high shown 880 px wide",
          arguments: Fixtures.examples)
    func readmeSize(example relative: String) throws {
        let folder = (relative as NSString).deletingLastPathComponent
        let png = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("\(folder)/diagram.png")))
        let width = png.count > 24 ? png[16..<20].reduce(0) { $0 << 8 | Int($1) } : 0
        #expect(width > 0 && width <= 1_200, "\(relative) is \(width) px wide")
        // Every font size the DOT text asks for, in points; PNGs are drawn at 96 dots an inch.
        let dot = DOTRenderer.render(try example(relative))
        let sizes = dot.matches(of: /(?:fontsize=|POINT-SIZE=")(\d+)/).compactMap { Int($0.1) }
        let smallest = try #require(sizes.min())
        #expect(smallest >= DOTRenderer.smallestFont)
        let shown = Double(smallest) * 96 / 72 * min(1, 880 / Double(width))
        #expect(shown >= 9, "\(relative): text \(shown) px high at 880 px")
    }

    @Test("SVG ids and titles come from the design's names; the document's title is the design's")
    func svg() throws {
        let diagram = try example("examples/distributed/distributed.infra")
        let svg = String(decoding: try RenderRun.render(diagram, format: .svg).data, as: UTF8.self)
        let parsed = SVGText.read(Data(svg.utf8))
        #expect(parsed.wellFormed)
        for id in ["element-lb-01", "host-web-01", "link-users-to-lb-01", "element-db-02"] {
            #expect(parsed.texts.contains(id), "id \(id)")
        }
        #expect(parsed.texts.contains { $0.hasPrefix("node element load-balancer finding error AV001 SEC001") })
        #expect(!svg.contains("<title>n2</title>") && !svg.contains("<title>infralint</title>"))
        #expect(svg.contains("<title>www.foobar.com\n"))
        #expect(svg.contains("<title>lb-01: load balancer · haproxy\n2. lb-01 is a single point of failure: if it fails, users cannot reach the site [AV001]"))
    }

    @Test("dot and fdp keep every box and mark; engines that drop boxes are refused")
    func engines() throws {
        let diagram = try example("examples/scaled-up/scaled-up.infra")
        let svg = String(decoding: try RenderRun.render(diagram, format: .svg, engine: "fdp").data, as: UTF8.self)
        #expect(SVGText.read(Data(svg.utf8)).wellFormed)
        #expect(svg.contains("id=\"cluster&#45;lb&#45;pair\"") && svg.contains("TLS ends here"))
        for engine in ["neato", "sfdp", "circo", "twopi", "osage"] {
            #expect(throws: GraphvizError.self, "\(engine)") { try RenderRun.render(diagram, format: .svg, engine: engine) }
        }
    }

    @Test("large designs collapse alike stacks, with counts; --no-collapse and --findings-only")
    func large() throws {
        let text = stacks(14)
        let collapsed = drawn(text)
        #expect(collapsed.collapsed && collapsed.elementCount > Diagram.collapseAbove)
        let full = drawn(text, options: Diagram.Options(collapse: .never))
        #expect(collapsed.drawnNodes.count * 4 < full.drawnNodes.count, "\(collapsed.drawnNodes.count) against \(full.drawnNodes.count)")
        #expect(collapsed.nodes.contains { $0.name == "users-0 … users-18 ×10" || $0.name.hasPrefix("users-0 … ") })
        // The flawed stack stays apart: its plain HTTP link is drawn with its badge.
        #expect(collapsed.edges.contains { $0.badges.contains { $0.code == "SEC002" } })
        #expect(collapsed.notes.contains { $0.alike > 0 })
        let focused = drawn(text, options: Diagram.Options(collapse: .never, findingsOnly: true))
        #expect(focused.drawnNodes.count < full.drawnNodes.count)
        let names = Set(focused.drawnNodes.map { focused.nodes[$0].identifier })
        #expect(names.isSuperset(of: ["users-9", "fw-9"]), "the path to the flawed stack's finding is kept")
    }

    @Test("a PNG Graphviz would shrink is an error that suggests SVG or --collapse; its warnings are caught")
    func bitmapLimits() throws {
        let wide = "digraph { nodesep=1; " + (0..<600).map { "n\($0) [shape=box, width=1]" }.joined(separator: "; ") + " }"
        do {
            _ = try Graphviz.draw(dot: wide, format: .png)
            Issue.record("a 600-box rank must not become a shrunk PNG")
        } catch {
            #expect(error.description.contains("SVG") && error.description.contains("--collapse"))
        }
        let drawing = try Graphviz.draw(dot: "digraph { a [shape=nonsense] }", format: .svg)
        #expect(drawing.warnings.contains { $0.contains("nonsense") })
    }
}

/// The live page colours the links on the paths that still serve after a click by
/// their diagram ids; a path into a cluster, a server or through a dns used to name
/// links the drawing does not have, and they stayed grey.
@Suite("Diagrams: what-if's serving links are links the drawing has")
struct WhatIfDrawingTests {
    @Test("on random designs over the whole language, each failure's serving links are drawn with those ids",
          arguments: [0, 1, 2, 3])
    func servingLinksAreDrawn(slice: Int) throws {
        for seed in UInt64(0)..<UInt64(160) where Int(seed) % 4 == slice {
            let text = RandomDesigns.make(seed: seed)
            let design = Fixtures.read(text, path: "random-\(seed).infra").design
            let context = LintContext(design: design)
            let diagram = Diagram(design: design, findings: [])
            let dot = DOTRenderer.render(diagram)
            let ids = diagram.linkIDs
            for element in design.elements.prefix(12) {
                let whatIf = WhatIf(graph: context.graph, failing: [element.index])
                for link in whatIf.servingLinks {
                    let id = try #require(ids[link], "seed \(seed), \(element.id) failing: \(link) is not drawn\n\(text)")
                    #expect(dot.contains("id=\"\(id)\""), "seed \(seed): \(id)")
                }
            }
        }
    }

    @Test("a path through a dns, a cluster and a server names the links as written")
    func writtenNames() throws {
        let design = Fixtures.read("""
            client buyers
            dns zone
            firewall fw { instances: 2 }
            cluster gate { load-balancer gate-1; load-balancer gate-2 }
            server api-a { web-server api-a-web }
            server api-b { web-server api-b-web }
            buyers -> zone -> fw : https
            fw -> gate : https
            gate -> api-a, api-b : http
            """).design
        let context = LintContext(design: design)
        let whatIf = WhatIf(graph: context.graph, failing: [try #require(design.element(named: "api-a")).index])
        #expect(whatIf.servingLinks == ["buyers->zone", "zone->fw", "fw->gate", "gate->api-b"])
        // A pair linked twice is named with its protocol, and a drawing has each.
        let twice = Fixtures.read("client u\nstorage s { instances: 2 }\nu -> s : tcp\nu -> s : https\n").design
        let both = WhatIf(graph: LintContext(design: twice).graph, failing: []).servingLinks
        #expect(both == ["u->s:tcp", "u->s:https"])
        #expect(both.map { Diagram(design: twice, findings: []).linkIDs[$0] } == ["link-u-to-s:tcp", "link-u-to-s:https"])
    }
}
