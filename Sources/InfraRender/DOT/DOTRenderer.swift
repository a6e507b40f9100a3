import InfraCore

/// `render --format dot`: the diagram as Graphviz DOT text, deterministic and
/// safe: Graphviz names are generated (`n3`, `cluster_h2`), labels are HTML-like
/// labels with `&`, `<`, `>` and `"` escaped, and the other strings (ids,
/// classes, tooltips) are escaped for DOT and for Graphviz's entity reading.
///
/// The drawing reads top to bottom, from the clients to the data, a box for each
/// network, cluster and host; the title at the top left; under the drawing, a
/// legend of what is shown and the table of findings whose numbers the badges carry.
public enum DOTRenderer {
    /// Above this many drawn nodes, the layout trades some polish for speed (see `render`).
    public static let largeDesign = 1_000

    /// The smallest font size used, in points: 10 points stay 9 pixels high when a
    /// drawing 1,200 pixels wide is shown 880 pixels wide.
    public static let smallestFont = 10

    /// Characters a line of a label the design writes: longer labels wrap, so they do
    /// not widen their box.
    static let labelLength = 30

    /// The DOT text of a diagram; `legend` false leaves out the legend and the table.
    public static func render(_ diagram: Diagram, legend: Bool = true) -> String {
        let large = diagram.drawnNodes.count > largeDesign
        var out = "digraph design {\n"
        out += "  graph [rankdir=TB, compound=true, newrank=true, fontname=\"DejaVu Sans\", fontsize=\(smallestFont),"
        out += " nodesep=0.15, ranksep=0.4, pad=0.1, labelloc=b, labeljust=l, id=\"design\""
        if legend, let table = DOTLegend.table(diagram) { out += ", label=<\(table)>" }
        if large {
            // Network simplex and crossing minimisation dominate dot on thousands of
            // nodes (N^2.5 here): cap their iterations and draw straight edges.
            out += ", nslimit=0.2, nslimit1=0.2, mclimit=0.1, searchsize=10, remincross=false, splines=line"
        }
        out += "]\n"
        out += "  node [fontname=\"DejaVu Sans\", fontsize=\(smallestFont), style=filled, color=\"#555555\", penwidth=1.2, margin=\"0.1,0.04\"]\n"
        out += "  edge [fontname=\"DejaVu Sans\", fontsize=\(smallestFont), arrowsize=0.7, fontcolor=\"#333333\"]\n"
        // Everything the design holds, in one box with no border whose label is the title.
        out += "  subgraph cluster_design {\n"
        out += "    id=\"drawing\"; class=\"drawing\"; pencolor=\"transparent\"; labelloc=t; labeljust=l; fontsize=\(smallestFont + 1);"
        out += " label=<\(titleLabel(diagram))>\n"
        write(diagram.root, diagram: diagram, indent: "    ", into: &out)
        // Graphviz drops an empty box, title and all: a drawing with nothing in it says why
        // (no element yet, or --findings-only and no finding on an element).
        if diagram.drawnNodes.isEmpty {
            let reason = diagram.nodes.isEmpty ? "no element is declared yet" : "no finding marks an element"
            out += "    empty [id=\"empty\", shape=plaintext, style=\"\", fontcolor=\"#555555\", label=\"\(reason)\"]\n"
        }
        // The lanes' dividers inside the design's box: outside it they widened the picture.
        if !large { out += lanes(diagram) }
        out += "  }\n"
        for group in diagram.sameRank {
            out += "  { rank=same; \(group.map { "n\($0)" }.joined(separator: "; ")) }\n"
            // Invisible flat edges keep the members in declared order, left to right.
            for (left, right) in zip(group, group.dropFirst()) { out += "  n\(left) -> n\(right) [style=invis]\n" }
        }
        // A monitor no line reaches (its agents' lines are drawn as labels) goes last, not first.
        let linked = Set(diagram.edges.flatMap { [$0.from, $0.to] })
        let drawn = diagram.drawnNodes
        let loose = diagram.nodes.filter { $0.kind == .monitor && drawn.contains($0.index) && !linked.contains($0.index) }
        if !loose.isEmpty, !diagram.root.groups.contains(where: { if case .network = $0.kind { return true } else { return false } }) {
            out += "  { rank=sink; \(loose.map(\.id).joined(separator: "; ")) }\n"
        }
        let rankOf = sameRankGroups(diagram)
        for (edge, id) in zip(diagram.edges, diagram.edgeIDs) {
            out += "  " + edgeStatement(edge, id: id, rankOf: rankOf) + "\n"
        }
        out += "}\n"
        return out
    }

    private static func titleLabel(_ diagram: Diagram) -> String {
        var lines = [Line(diagram.title, size: 16, bold: true)]
        if let subtitle = diagram.subtitle { lines.append(Line(subtitle)) }
        if let estimate = diagram.estimate { lines.append(Line(estimate, italic: true)) }
        if diagram.collapsed { lines.append(Line("\(diagram.elementCount) elements; alike hosts drawn once, ×N")) }
        return label(lines: lines, badges: diagram.designBadges, align: "LEFT", perRow: 3)
    }

    /// A line of a label, as written: bold, italic, at a size.
    struct Line {
        var text: String
        var size = Double(smallestFont)
        var bold = false
        var italic = false

        init(_ text: String, size: Double = Double(smallestFont), bold: Bool = false, italic: Bool = false) {
            (self.text, self.size, self.bold, self.italic) = (text, size, bold, italic)
        }

        var markup: String {
            var out = html(text)
            if bold { out = "<B>\(out)</B>" }
            if italic { out = "<I>\(out)</I>" }
            if size != Double(smallestFont) { out = "<FONT POINT-SIZE=\"\(Int(size))\">\(out)</FONT>" }
            return out
        }

        var width: Double { TextWidth.of(text, size: size, bold: bold) }
    }

    /// An HTML-like label: lines of text, then the badges, `perRow` a row. With
    /// badges it is a table (Graphviz takes text or one table, not both), whose last,
    /// empty column is as wide as the text needs beyond the badges: Graphviz shares a
    /// table's extra width among its columns, which would pull a badge apart from
    /// its words.
    static func label(lines: [Line], badges: [Diagram.Badge], align: String = "CENTER", perRow: Int = 1) -> String {
        guard !badges.isEmpty else {
            // A line break aligns the line before it: each line, the last one too.
            if align == "LEFT" { return lines.map { $0.markup + "<BR ALIGN=\"LEFT\"/>" }.joined() }
            return lines.map(\.markup).joined(separator: "<BR/>")
        }
        let columns = 2 * perRow + 1
        let textWidth = lines.map(\.width).max() ?? 0
        var rows = lines.map { "<TR><TD COLSPAN=\"\(columns)\" ALIGN=\"\(align)\">\($0.markup)</TD></TR>" }
        var index = 0
        while index < badges.count {
            let group = Array(badges[index..<min(index + perRow, badges.count)])
            let cells = group.map { badge in
                DOTLegend.badgeCell(number: String(badge.number), severity: badge.severity)
                    + "<TD ALIGN=\"LEFT\">\(html(badge.mark))</TD>"
            }
            let used = group.map { DOTLegend.badgeWidth(String($0.number)) + TextWidth.of($0.mark, size: Double(smallestFont)) + 5 }.reduce(0, +)
            let spare = max(1, Int((textWidth - used).rounded(.up)))
            let missing = 2 * (perRow - group.count) + 1
            rows.append("<TR>" + cells.joined() + "<TD COLSPAN=\"\(missing)\" WIDTH=\"\(spare)\"></TD></TR>")
            index += perRow
        }
        return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"1\" CELLPADDING=\"1\">\(rows.joined())</TABLE>"
    }

    /// An outline by the worst finding: errors solid and thick, warnings dashed.
    static func outline(_ badges: [Diagram.Badge]) -> [String] {
        switch DiagramLook.worst(badges) {
        case .error?: return ["color=\"\(DiagramLook.color(.error))\"", "penwidth=3"]
        case .warning?: return ["color=\"\(DiagramLook.color(.warning))\"", "penwidth=2.5"]
        case .note?, nil: return []
        }
    }

    private static func classes(_ base: String, _ badges: [Diagram.Badge]) -> String {
        var names = [base]
        if let worst = DiagramLook.worst(badges) { names.append("finding \(worst.rawValue)") }
        for code in badges.map(\.code) where !names.contains(code) { names.append(code) }
        return quoted(names.joined(separator: " "))
    }

    /// One lane a network, in the order requests cross them: invisible edges through
    /// a point between two networks put every node of the first above every node of
    /// the next, so that networks stack instead of standing side by side.
    static func lanes(_ diagram: Diagram) -> String {
        func nodes(_ group: Diagram.Group) -> [Int] { group.nodes + group.groups.flatMap(nodes) }
        var networks = diagram.root.groups.filter { if case .network = $0.kind { return $0.holdsNodes } else { return false } }
        guard networks.count > 1 else { return "" }
        // How deep each node is from the clients, along the links that shape the layout.
        var depth: [Int: Int] = [:]
        var queue = diagram.nodes.filter { $0.kind == .client }.map(\.index)
        for node in queue { depth[node] = 0 }
        var next: [Int: [Int]] = [:]
        for edge in diagram.edges where constrains(edge) { next[edge.from, default: []].append(edge.to) }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for target in next[node] ?? [] where depth[target] == nil {
                depth[target] = (depth[node] ?? 0) + 1
                queue.append(target)
            }
        }
        // Networks in the order requests cross them: a network whose every predecessor is
        // placed comes next (the shallowest first); a cycle is broken at the shallowest.
        var networkOf: [Int: Int] = [:]
        for (index, network) in networks.enumerated() { for node in nodes(network) { networkOf[node] = index } }
        var before: [Int: Set<Int>] = [:]
        for edge in diagram.edges where constrains(edge) {
            guard let a = networkOf[edge.from], let b = networkOf[edge.to], a != b else { continue }
            before[b, default: []].insert(a)
        }
        let shallowest = networks.map { nodes($0).compactMap { depth[$0] }.min() ?? Int.max }
        var placed: [Int] = []
        var left = Set(networks.indices)
        while !left.isEmpty {
            let ready = left.filter { (before[$0] ?? []).isSubset(of: Set(placed)) }
            let pool = ready.isEmpty ? left : ready
            guard let chosen = pool.min(by: { (shallowest[$0], $0) < (shallowest[$1], $1) }) else { break }
            placed.append(chosen)
            left.remove(chosen)
        }
        networks = placed.map { networks[$0] }
        var out = ""
        for (index, pair) in zip(networks, networks.dropFirst()).enumerated() {
            out += "  lane\(index) [shape=point, style=invis, width=0, height=0, label=\"\"]\n"
            for node in nodes(pair.0) { out += "  n\(node) -> lane\(index) [style=invis]\n" }
            for node in nodes(pair.1) { out += "  lane\(index) -> n\(node) [style=invis]\n" }
        }
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
        for child in group.groups where child.holdsNodes {
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
        var lines = group.title.isEmpty ? [] : [Line(group.title, size: Double(smallestFont + 1), bold: true)]
        if let text = group.label { lines += DOTLegend.wrap(text, width: labelLength).map { Line($0, italic: true) } }
        if let detail = group.detail { lines.append(Line(detail)) }
        lines += group.parts.map { Line($0) }
        let label = label(lines: lines, badges: group.badges, align: "LEFT")
        // Set on every box: a box inherits its parent's attributes (the design's box has no border).
        var attributes: [String]
        let kind: String
        switch group.kind {
        case .network(let untrusted):
            kind = "network"
            attributes = untrusted
                // Hatching, as near as Graphviz comes: thin vertical stripes.
                ? ["style=\"striped\"", "fillcolor=\"\(Array(repeating: "#F9D9C6;0.024:#FFFAF7;0.024", count: 20).joined(separator: ":"))\"",
                   "pencolor=\"#B04A00\"", "penwidth=1.5"]
                : ["style=\"rounded,dashed\"", "pencolor=\"#999999\"", "penwidth=1"]
        case .cluster:
            kind = "cluster"
            attributes = ["style=\"rounded,bold\"", "pencolor=\"#0072B2\"", "penwidth=1.5"]
        case .host:
            kind = "host"
            attributes = ["style=\"rounded,filled\"", "fillcolor=\"#F7F7F7\"", "pencolor=\"#777777\"", "penwidth=1"]
        }
        switch DiagramLook.worst(group.badges) {
        case .error?:
            attributes.removeAll { $0.hasPrefix("pencolor=") || $0.hasPrefix("penwidth=") }
            attributes += ["pencolor=\"\(DiagramLook.color(.error))\"", "penwidth=3"]
        case .warning?:
            attributes.removeAll { $0.hasPrefix("pencolor=") || $0.hasPrefix("penwidth=") || $0.hasPrefix("style=") }
            let filled = group.kind == .host || group.kind == .network(untrusted: true)
            attributes += ["pencolor=\"\(DiagramLook.color(.warning))\"", "penwidth=2.5",
                           group.kind == .network(untrusted: true) ? "style=\"striped,dashed\"" : "style=\"rounded,dashed\(filled ? ",filled" : "")\""]
        case .note?, nil:
            break
        }
        attributes.append("fontsize=\(smallestFont + 1)")
        attributes.append("margin=5")
        attributes.append("labelloc=t")
        attributes.append("id=\(quoted(DiagramNames.box(kind, group.name)))")
        attributes.append("class=\(classes(kind, group.badges))")
        attributes.append("label=<\(label)>")
        return attributes.joined(separator: "; ")
    }

    private static func nodeStatement(_ node: Diagram.Node) -> String {
        let look = DiagramLook.kind(node.kind)
        var lines = [Line(node.name, bold: true), Line(node.detail)]
        if let text = node.label { lines += DOTLegend.wrap(text, width: labelLength).map { Line($0, italic: true) } }
        lines += node.parts.map { Line($0) }
        let label = label(lines: lines, badges: node.badges)
        var attributes = ["shape=\(look.shape)", "fillcolor=\"\(look.fill)\"", "label=<\(label)>"]
        if !look.extra.isEmpty { attributes.append(look.extra) }
        attributes += outline(node.badges)
        if DiagramLook.worst(node.badges) == .warning {
            attributes.removeAll { $0.hasPrefix("style=") }
            attributes.append(node.kind == .webServer ? "style=\"rounded,filled,dashed\"" : "style=\"filled,dashed\"")
        }
        attributes.append("id=\(quoted(DiagramNames.element(node.identifier)))")
        attributes.append("class=\(classes("element \(node.kind.rawValue)", node.badges))")
        if let tooltip = node.tooltip { attributes.append("tooltip=\(quoted(tooltip))") }
        return "\(node.id) [\(attributes.joined(separator: ", "))]"
    }

    /// Whether an edge shapes the layout: by its look, or because it places a replica.
    static func constrains(_ edge: Diagram.Edge) -> Bool {
        DiagramLook.edge(edge.style).constrains || edge.placesReplica
    }

    private static func edgeStatement(_ edge: Diagram.Edge, id: String, rankOf: [Int: Int]) -> String {
        let look = DiagramLook.edge(edge.style)
        let shapesLayout = constrains(edge)
        // Graphviz 2.42 corrupts its heap on a labelled flat edge (both ends on one
        // rank: its flat_edges reallocates the ranks, and gvFreeLayout frees a stale
        // pointer). An edge that may be flat (within a same-rank group, or free of
        // rank constraints) gets an xlabel, placed after the layout instead.
        let mayBeFlat = !shapesLayout || (rankOf[edge.from] != nil && rankOf[edge.from] == rankOf[edge.to])
        var attributes = ["style=\"\(look.style)\""]
        if let worst = DiagramLook.worst(edge.badges) {
            attributes += ["color=\"\(DiagramLook.color(worst))\"", "penwidth=\(worst == .note ? 2 : 2.6)"]
        } else {
            attributes += ["color=\"\(look.color)\"", "penwidth=\(look.width)"]
        }
        if !shapesLayout { attributes.append("constraint=false") }
        var label = edge.label.isEmpty ? "" : html(edge.label)
        if !edge.badges.isEmpty {
            let badges = edge.badges.map { badge in
                "<TD BGCOLOR=\"\(DiagramLook.color(badge.severity))\"><FONT COLOR=\"\(DiagramLook.badgeText(badge.severity))\"><B> \(badge.number) </B></FONT></TD>"
            }.joined()
            label = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"1\" CELLPADDING=\"1\" BGCOLOR=\"#FFFFFF\"><TR>\(badges)"
                + (label.isEmpty ? "" : "<TD>\(label)</TD>") + "</TR></TABLE>"
        }
        if !label.isEmpty { attributes.append("\(mayBeFlat ? "xlabel" : "label")=<\(label)>") }
        if let group = edge.fromGroup { attributes.append("ltail=cluster_\(group)") }
        if let group = edge.toGroup { attributes.append("lhead=cluster_\(group)") }
        attributes.append("id=\(quoted(id))")
        attributes.append("class=\(classes("link \(edge.style.rawValue)", edge.badges))")
        if let tooltip = edge.tooltip { attributes.append("tooltip=\(quoted(tooltip))") }
        return "n\(edge.from) -> n\(edge.to) [\(attributes.joined(separator: ", "))]"
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
