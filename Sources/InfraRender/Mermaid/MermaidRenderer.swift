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
        var out = "---\ntitle: \(yamlString(title(diagram.title)))\n---\nflowchart TB\n"
        write(diagram.root, diagram: diagram, indent: "  ", into: &out)
        // Links of one look share one linkStyle line.
        var styles: [String] = []
        var byStyle: [String: [Int]] = [:]
        for (index, edge) in diagram.edges.enumerated() {
            let look = DiagramLook.edge(edge.style)
            let arrow = edge.style == .replication ? "==>" : (look.style == "solid" ? "-->" : "-.->")
            var words = edge.badges.map { "[\($0.number)]" }
            if !edge.label.isEmpty { words.append(edge.label) }
            let label = words.isEmpty ? "" : "|\"\(text(words.joined(separator: " ")))\"|"
            // A link to or from a server or a cluster joins its box, not its first member.
            let from = edge.fromGroup.map { "g\($0)" } ?? "n\(edge.from)"
            let to = edge.toGroup.map { "g\($0)" } ?? "n\(edge.to)"
            out += "  \(from) \(arrow)\(label) \(to)\n"
            let style = DiagramLook.worst(edge.badges).map { "stroke:\(DiagramLook.color($0)),stroke-width:3px" }
                ?? "stroke:\(look.color),stroke-width:\(look.width)px"
            if byStyle[style] == nil { styles.append(style) }
            byStyle[style, default: []].append(index)
        }
        for style in styles {
            out += "  linkStyle \((byStyle[style] ?? []).map(String.init).joined(separator: ",")) \(style)\n"
        }
        let drawn = diagram.drawnNodes
        let nodes = diagram.nodes.filter { drawn.contains($0.index) }
        // The same palette as the DOT drawing; errors outlined thick, warnings dashed.
        for kind in ElementKind.allCases where nodes.contains(where: { $0.kind == kind }) {
            out += "  classDef \(className(kind)) fill:\(DiagramLook.kind(kind).fill),stroke:#555555\n"
        }
        out += "  classDef error stroke:\(DiagramLook.color(.error)),stroke-width:3px\n"
        out += "  classDef warning stroke:\(DiagramLook.color(.warning)),stroke-width:2.5px,stroke-dasharray:5 3\n"
        for kind in ElementKind.allCases {
            let ids = nodes.filter { $0.kind == kind }.map(\.id)
            guard !ids.isEmpty else { continue }
            out += "  class \(ids.joined(separator: ",")) \(className(kind))\n"
        }
        for severity in [Severity.error, .warning] {
            let ids = nodes.filter { DiagramLook.worst($0.badges) == severity }.map(\.id)
            if !ids.isEmpty { out += "  class \(ids.joined(separator: ",")) \(severity.rawValue)\n" }
        }
        out += styleGroups(diagram.root)
        return out
    }

    /// "[1] no firewall": a badge as text.
    static func words(_ badge: Diagram.Badge) -> String { "[\(badge.number)] \(badge.mark)" }

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
            for extra in [child.label, child.detail].compactMap({ $0 }) + child.parts { title += title.isEmpty ? extra : " · \(extra)" }
            for badge in child.badges { title += " · \(words(badge))" }
            out += "\(indent)subgraph g\(child.id) [\"\(text(title.isEmpty ? " " : title))\"]\n"
            write(child, diagram: diagram, indent: indent + "  ", into: &out)
            out += "\(indent)end\n"
        }
        for index in group.nodes {
            let node = diagram.nodes[index]
            var label = "<b>\(text(node.name))</b><br/>\(text(node.detail))"
            if let extra = node.label { label += "<br/><i>\(text(extra))</i>" }
            for part in node.parts { label += "<br/>\(text(part))" }
            for badge in node.badges { label += "<br/>\(text(words(badge)))" }
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
                fill = untrusted ? "#FFF3EC" : "#FFFFFF"
                stroke = untrusted ? "#B04A00" : "#999999"
                extra = untrusted ? ",stroke-dasharray:6 3" : ",stroke-dasharray:4 4"
            case .cluster:
                (fill, stroke, extra) = ("#EEF6FC", "#0072B2", ",stroke-width:2px")
            case .host:
                (fill, stroke) = ("#F7F7F7", "#777777")
            }
            switch DiagramLook.worst(child.badges) {
            case .error?: (stroke, extra) = (DiagramLook.color(.error), ",stroke-width:3px")
            case .warning?: (stroke, extra) = (DiagramLook.color(.warning), ",stroke-width:2.5px,stroke-dasharray:5 3")
            case .note?, nil: break
            }
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
