import InfraCore

/// `render --format mermaid`: a Mermaid flowchart, for markdown that GitHub
/// renders: the same boxes, shapes, link styles and finding markers as the DOT
/// drawing, where Mermaid allows. Identifiers are generated; labels are quoted with
/// every character Mermaid could read as markup written as an entity code.
public enum MermaidRenderer {
    static func shape(_ kind: ElementKind, _ label: String) -> String {
        switch kind {
        case .client: return "([\"\(label)\"])"
        case .dns: return "{{\"\(label)\"}}"
        case .cdn: return "((\"\(label)\"))"
        case .firewall: return "[[\"\(label)\"]]"
        case .loadBalancer: return "[\\\"\(label)\"/]"
        case .server: return "[\"\(label)\"]"
        case .webServer: return "(\"\(label)\")"
        case .appServer: return "[\"\(label)\"]"
        case .database, .cache: return "[(\"\(label)\")]"
        case .queue: return "[/\"\(label)\"/]"
        case .storage: return "[/\"\(label)\"\\]"
        case .monitor, .agent: return ">\"\(label)\"]"
        case .service: return "[\"\(label)\"]"
        }
    }

    public static func render(_ diagram: Diagram) -> String {
        var out = "---\ntitle: \(yamlString(title(diagram.title)))\n---\nflowchart LR\n"
        write(diagram.root, diagram: diagram, indent: "  ", into: &out)
        // Links of one look share one linkStyle line.
        var styles: [String] = []
        var byStyle: [String: [Int]] = [:]
        for (index, edge) in diagram.edges.enumerated() {
            let arrow = edge.style == .encrypted ? "-->" : "-.->"
            let label = edge.label.isEmpty ? "" : "|\"\(text(edge.label))\"|"
            // A link to or from a server or a cluster joins its box, not its first member.
            let from = edge.fromGroup.map { "g\($0)" } ?? "n\(edge.from)"
            let to = edge.toGroup.map { "g\($0)" } ?? "n\(edge.to)"
            out += "  \(from) \(arrow)\(label) \(to)\n"
            let look = DOTRenderer.edgeLook(edge.style)
            let style = "stroke:\(look.color),stroke-width:\(edge.flagged ? 3 : (edge.style == .telemetry ? 1 : 1.5))px"
            if byStyle[style] == nil { styles.append(style) }
            byStyle[style, default: []].append(index)
        }
        for style in styles {
            out += "  linkStyle \((byStyle[style] ?? []).map(String.init).joined(separator: ",")) \(style)\n"
        }
        let drawn = diagram.drawnNodes
        let nodes = diagram.nodes.filter { drawn.contains($0.index) }
        // The same palette as the DOT drawing.
        for kind in ElementKind.allCases where nodes.contains(where: { $0.kind == kind }) {
            out += "  classDef \(className(kind)) fill:\(DOTRenderer.look(kind).fill),stroke:#4a5568\n"
        }
        out += "  classDef flagged stroke:#c53030,stroke-width:3px\n"
        for kind in ElementKind.allCases {
            let ids = nodes.filter { $0.kind == kind }.map(\.id)
            guard !ids.isEmpty else { continue }
            out += "  class \(ids.joined(separator: ",")) \(className(kind))\n"
        }
        let flagged = nodes.filter { $0.markers.contains(where: \.outlines) }.map(\.id)
        if !flagged.isEmpty { out += "  class \(flagged.joined(separator: ",")) flagged\n" }
        out += styleGroups(diagram.root)
        return out
    }

    /// The title as Mermaid should show it. Mermaid passes a title holding `<` through
    /// its HTML sanitizer and prints the result as text, so `<` and `>` would show as
    /// `&lt;` and `&gt;` (and `<!--` would vanish): they become ‹ and ›, which read the same.
    public static func title(_ raw: String) -> String {
        TextEscaping.replacing(raw, ["<": "‹", ">": "›"])
    }

    /// A YAML double-quoted string: the front matter's title whatever the design's name holds.
    static func yamlString(_ raw: String) -> String {
        var out = "\""
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.properties.generalCategory == .control || scalar.value == 0xFEFF || scalar.value == 0xFFFE {
                    out += " "
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The class that colours a kind's nodes: `kloadbalancer`.
    private static func className(_ kind: ElementKind) -> String {
        "k" + TextEscaping.replacing(kind.rawValue, ["-": ""])
    }

    private static func write(_ group: Diagram.Group, diagram: Diagram, indent: String, into out: inout String) {
        // An empty subgraph (a network nothing is declared in) would be drawn as a box of its own.
        for child in group.groups where child.holdsNodes {
            var title = child.title
            if let detail = child.detail { title += title.isEmpty ? detail : " · \(detail)" }
            for marker in child.markers { title += " · \(marker.text)" }
            out += "\(indent)subgraph g\(child.id) [\"\(text(title.isEmpty ? " " : title))\"]\n"
            write(child, diagram: diagram, indent: indent + "  ", into: &out)
            out += "\(indent)end\n"
        }
        for index in group.nodes {
            let node = diagram.nodes[index]
            var label = "<b>\(text(node.name))</b><br/>\(text(node.detail))"
            if let extra = node.label { label += "<br/><i>\(text(extra))</i>" }
            for marker in node.markers { label += "<br/>\(text(marker.text))" }
            out += indent + node.id + shape(node.kind, label) + "\n"
        }
    }

    private static func styleGroups(_ group: Diagram.Group) -> String {
        var out = ""
        for child in group.groups where child.holdsNodes {
            var fill: String
            var stroke: String
            var extra = ""
            switch child.kind {
            case .network(let untrusted):
                fill = untrusted ? "#fff5f5" : "#ffffff"
                stroke = untrusted ? "#c53030" : "#a0aec0"
                extra = untrusted ? ",stroke-dasharray:6 3" : ",stroke-dasharray:4 4"
            case .cluster:
                (fill, stroke, extra) = ("#ebf8ff", "#2b6cb0", ",stroke-width:2px")
            case .host:
                (fill, stroke) = ("#f7fafc", "#718096")
            }
            if let outline = child.markers.first(where: \.outlines) { (stroke, extra) = (outline.color, ",stroke-width:3px") }
            let style = "fill:\(fill),stroke:\(stroke)\(extra)"
            out += "  style g\(child.id) \(style)\n" + styleGroups(child)
        }
        return out
    }

    /// Text inside a quoted Mermaid label: characters Mermaid or its HTML labels
    /// could read as markup are entity codes (`#quot;`, `#lt;`, …).
    public static func text(_ raw: String) -> String {
        TextEscaping.replacing(raw, entities)
    }

    static let entities: [Character: String] = {
        var table: [Character: String] = [
            "\"": "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "\n": "<br/>", "\r": " ", "\t": " ",
        ]
        for character in "#|`[]{}()" {
            table[character] = "#\(character.unicodeScalars.first?.value ?? 32);"
        }
        return table
    }()
}
