import InfraCore

/// `render --format dot`: the diagram as Graphviz DOT text, deterministic and
/// safe: identifiers are generated, labels are HTML-like labels with `&`, `<`,
/// `>` and `"` escaped, and the other strings (tooltips) are escaped for DOT
/// (`"` and `\`) and for Graphviz's entity reading (`&`).
public enum DOTRenderer {
    /// The look of each kind: Graphviz shape, fill, other attributes, and the
    /// shape's name in the legend.
    static func look(_ kind: ElementKind) -> (shape: String, fill: String, extra: String, legend: String) {
        switch kind {
        case .client: return ("ellipse", "#fefcbf", "", "ellipse")
        case .dns: return ("hexagon", "#d6bcfa", "", "hexagon")
        case .cdn: return ("octagon", "#c4f1f9", "", "octagon")
        case .firewall: return ("box", "#fbd38d", "peripheries=2", "double box")
        case .loadBalancer: return ("invtrapezium", "#bee3f8", "margin=\"0.02,0.02\"", "funnel")
        case .server: return ("box3d", "#edf2f7", "", "3-D box")
        case .webServer: return ("box", "#c6f6d5", "style=\"rounded,filled\"", "rounded box")
        case .appServer: return ("box", "#c3dafe", "", "box")
        case .database: return ("cylinder", "#feebc8", "", "cylinder")
        case .cache: return ("cylinder", "#fed7e2", "", "pink cylinder")
        case .queue: return ("cds", "#e2e8f0", "", "arrow box")
        case .storage: return ("folder", "#b2f5ea", "", "folder")
        case .monitor: return ("tab", "#cbd5e0", "", "tab")
        case .agent: return ("note", "#ffffff", "fontsize=8, margin=\"0.06,0.02\", height=0.3", "note")
        case .service: return ("component", "#faf089", "", "component")
        }
    }

    /// The look of each edge style. Replication and monitoring traffic do not
    /// constrain the layout: they would pull replicas and monitors out of their tier.
    static func edgeLook(_ style: Diagram.EdgeStyle) -> (color: String, style: String, extra: String, constrains: Bool) {
        switch style {
        case .encrypted: return ("#2f855a", "solid", "penwidth=1.4", true)
        case .plaintext: return ("#c53030", "dashed", "penwidth=1.4", true)
        case .lookup: return ("#718096", "dotted", "arrowhead=vee", true)
        case .replication: return ("#2b6cb0", "bold,dashed", "arrowhead=normal", false)
        case .telemetry: return ("#a0aec0", "dotted", "arrowhead=vee", false)
        }
    }

    /// Above this many elements, the layout trades some polish for speed (see `render`).
    public static let largeDesign = 1_000

    /// The DOT text of a diagram.
    public static func render(_ diagram: Diagram, legend: Bool = true) -> String {
        let large = diagram.nodeCount > largeDesign
        var out = "digraph infralint {\n"
        var title = "<B>\(html(diagram.title))</B>"
        if let subtitle = diagram.subtitle { title += "<BR/><FONT POINT-SIZE=\"10\">\(html(subtitle))</FONT>" }
        out += "  graph [rankdir=LR, compound=true, newrank=true, fontname=\"DejaVu Sans\", fontsize=16, labelloc=t, labeljust=l,"
        out += " nodesep=0.3, ranksep=0.8, pad=0.3, label=<\(title)>"
        if large {
            // Network simplex and crossing minimisation dominate dot on thousands of
            // nodes (N^2.5 here): cap their iterations and draw straight edges.
            out += ", nslimit=0.2, nslimit1=0.2, mclimit=0.1, searchsize=10, remincross=false, splines=line"
        }
        out += "]\n"
        out += "  node [fontname=\"DejaVu Sans\", fontsize=10, style=filled, color=\"#4a5568\", penwidth=1.2, margin=\"0.12,0.06\"]\n"
        out += "  edge [fontname=\"DejaVu Sans\", fontsize=8, arrowsize=0.7, fontcolor=\"#4a5568\"]\n"
        write(diagram.root, diagram: diagram, indent: "  ", into: &out)
        for group in diagram.sameRank {
            out += "  { rank=same; \(group.map { "n\($0)" }.joined(separator: "; ")) }\n"
        }
        let rankOf = sameRankGroups(diagram)
        for edge in diagram.edges {
            let look = edgeLook(edge.style)
            // Graphviz 2.42 corrupts its heap on a labelled flat edge (both ends on one
            // rank: its flat_edges reallocates the ranks, and gvFreeLayout frees a stale
            // pointer). An edge that may be flat (within a same-rank group, or free of
            // rank constraints) gets an xlabel, placed after the layout instead.
            let mayBeFlat = !look.constrains || (rankOf[edge.from] != nil && rankOf[edge.from] == rankOf[edge.to])
            var attributes = ["color=\"\(look.color)\"", "style=\"\(look.style)\"", look.extra]
            if !look.constrains { attributes.append("constraint=false") }
            if !edge.label.isEmpty { attributes.append("\(mayBeFlat ? "xlabel" : "label")=<\(html(edge.label))>") }
            if edge.flagged { attributes.append("penwidth=2.6") }
            if let group = edge.fromGroup { attributes.append("ltail=cluster_\(group)") }
            if let group = edge.toGroup { attributes.append("lhead=cluster_\(group)") }
            if let tooltip = edge.tooltip { attributes.append("tooltip=\(quoted(tooltip))") }
            out += "  n\(edge.from) -> n\(edge.to) [\(attributes.filter { !$0.isEmpty }.joined(separator: ", "))]\n"
        }
        if legend { out += legendText(diagram, anchored: !large) }
        out += "}\n"
        return out
    }

    /// Which same-rank group each node falls in, groups sharing a node merged.
    static func sameRankGroups(_ diagram: Diagram) -> [Int: Int] {
        var parent: [Int: Int] = [:]
        func find(_ node: Int) -> Int {
            var root = node
            while let next = parent[root], next != root { root = next }
            return root
        }
        for group in diagram.sameRank {
            guard let first = group.first else { continue }
            if parent[first] == nil { parent[first] = first }
            for node in group.dropFirst() {
                if parent[node] == nil { parent[node] = node }
                parent[find(node)] = find(first)
            }
        }
        var result: [Int: Int] = [:]
        for node in parent.keys { result[node] = find(node) }
        return result
    }

    private static func write(_ group: Diagram.Group, diagram: Diagram, indent: String, into out: inout String) {
        for child in group.groups {
            out += "\(indent)subgraph cluster_\(child.id) {\n"
            let inner = indent + "  "
            out += inner + groupAttributes(child) + "\n"
            write(child, diagram: diagram, indent: inner, into: &out)
            out += "\(indent)}\n"
        }
        for index in group.nodes {
            out += indent + nodeStatement(diagram.nodes[index]) + "\n"
        }
    }

    private static func groupAttributes(_ group: Diagram.Group) -> String {
        var label = group.title.isEmpty ? "" : "<B>\(html(group.title))</B>"
        if let detail = group.detail { label += (label.isEmpty ? "" : "<BR/>") + "<FONT POINT-SIZE=\"8\">\(html(detail))</FONT>" }
        for marker in group.markers {
            label += (label.isEmpty ? "" : "<BR/>") + "<FONT POINT-SIZE=\"9\" COLOR=\"\(marker.color)\"><B>\(html(marker.text))</B></FONT>"
        }
        var attributes: [String]
        switch group.kind {
        case .network(let untrusted):
            attributes = untrusted
                // Hatching, as near as Graphviz comes: thin vertical stripes.
                ? ["style=\"striped\"", "fillcolor=\"\(Array(repeating: "#fed7d7;0.024:#fffafa;0.024", count: 20).joined(separator: ":"))\"",
                   "color=\"#c53030\"", "penwidth=1.5"]
                : ["style=\"rounded,dashed\"", "color=\"#a0aec0\""]
            attributes.append("fontsize=12")
        case .cluster:
            attributes = ["style=\"rounded,bold\"", "color=\"#2b6cb0\"", "fontsize=10"]
        case .host:
            attributes = ["style=\"rounded,filled\"", "fillcolor=\"#f7fafc\"", "color=\"#718096\"", "fontsize=10"]
        }
        if let outline = group.markers.first(where: \.outlines) {
            attributes.removeAll { $0.hasPrefix("color=") || $0.hasPrefix("penwidth=") }
            attributes += ["color=\"\(outline.color)\"", "penwidth=2.5"]
        }
        attributes.append("label=<\(label)>")
        return attributes.joined(separator: "; ")
    }

    private static func nodeStatement(_ node: Diagram.Node) -> String {
        let look = look(node.kind)
        var label = "<B>\(html(node.name))</B><BR/><FONT POINT-SIZE=\"8\">\(html(node.detail))</FONT>"
        if let text = node.label { label += "<BR/><FONT POINT-SIZE=\"8\"><I>\(html(text))</I></FONT>" }
        for marker in node.markers {
            label += "<BR/><FONT POINT-SIZE=\"8\" COLOR=\"\(marker.color)\"><B>\(html(marker.text))</B></FONT>"
        }
        var attributes = ["shape=\(look.shape)", "fillcolor=\"\(look.fill)\"", "label=<\(label)>"]
        if !look.extra.isEmpty { attributes.append(look.extra) }
        if let outline = node.markers.first(where: \.outlines) {
            attributes += ["color=\"\(outline.color)\"", "penwidth=2.5"]
        }
        if let tooltip = node.tooltip { attributes.append("tooltip=\(quoted(tooltip))") }
        return "n\(node.index) [\(attributes.joined(separator: ", "))]"
    }

    private static func legendText(_ diagram: Diagram, anchored: Bool) -> String {
        var rows: [String] = []
        for kind in diagram.kinds {
            let look = look(kind)
            rows.append("<TR><TD BGCOLOR=\"\(look.fill)\" BORDER=\"1\" COLOR=\"#4a5568\" WIDTH=\"22\"> </TD><TD ALIGN=\"LEFT\">\(html(kind.noun)) (\(look.legend))</TD></TR>")
        }
        if diagram.nodes.contains(where: { $0.kind == .server }) {
            rows.append("<TR><TD BORDER=\"1\" COLOR=\"#718096\" BGCOLOR=\"#f7fafc\"> </TD><TD ALIGN=\"LEFT\">server: a box around what runs on it</TD></TR>")
        }
        if diagram.root.contains(where: { $0.kind == .cluster }) {
            rows.append("<TR><TD BORDER=\"2\" COLOR=\"#2b6cb0\"> </TD><TD ALIGN=\"LEFT\">cluster: any member serves</TD></TR>")
        }
        if diagram.root.contains(where: { $0.kind == .network(untrusted: true) }) {
            rows.append("<TR><TD BORDER=\"1\" COLOR=\"#c53030\" BGCOLOR=\"#fed7d7\"> </TD><TD ALIGN=\"LEFT\">untrusted network (striped)</TD></TR>")
        }
        let edgeNames: [Diagram.EdgeStyle: String] = [
            .encrypted: "━━━ encrypted link", .plaintext: "╍╍╍ plaintext link", .lookup: "┈┈┈ name lookup",
            .replication: "╍╍╍ replication", .telemetry: "┈┈┈ monitoring traffic",
        ]
        for style in diagram.edgeStyles {
            rows.append("<TR><TD></TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"\(edgeLook(style).color)\">\(html(edgeNames[style] ?? style.rawValue))</FONT></TD></TR>")
        }
        for marker in diagram.markers {
            rows.append("<TR><TD></TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"\(marker.color)\"><B>\(html(marker.text))</B></FONT></TD></TR>")
        }
        var out = "  legend [shape=plain, style=\"\", fontsize=9, label=<<TABLE BORDER=\"1\" COLOR=\"#cbd5e0\" STYLE=\"ROUNDED\" CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"2\">"
        out += "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><B>Legend</B></TD></TR>\(rows.joined())</TABLE>>]\n"
        if anchored {
            // After the last tier: invisible edges from every drawn node nothing leaves.
            let leaving = Set(diagram.edges.filter { edgeLook($0.style).constrains }.map(\.from))
            let drawn = diagram.drawnNodes
            for node in diagram.nodes where drawn.contains(node.index) && !leaving.contains(node.index) && node.kind != .agent {
                out += "  n\(node.index) -> legend [style=invis]\n"
            }
        }
        return out
    }

    /// Text for an HTML-like label: shows as written, whatever it holds.
    public static func html(_ text: String) -> String {
        TextEscaping.replacing(text, ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "\n": "<BR/>", "\r": " ", "\t": " "])
    }

    /// A DOT string for an escString attribute: quotes and backslashes escaped,
    /// `&` written as an entity so that Graphviz shows it as written, line breaks as `\n`.
    public static func quoted(_ text: String) -> String {
        "\"" + TextEscaping.replacing(text, ["\"": "\\\"", "\\": "\\\\", "&": "&amp;", "\n": "\\n", "\r": ""]) + "\""
    }
}
