import InfraCore

/// An SVG a web page can use: each element's, box's and link's `<title>` (what a
/// browser shows on hover) is its name with what the drawing says of it and its
/// findings' sentences, not Graphviz's internal name (`n3`); the document's title
/// is the design's name. The ids and classes come from the DOT text already.
public enum SVGTitles {
    /// What each drawn thing's title says, by its SVG id.
    public static func titles(_ diagram: Diagram) -> [String: String] {
        func findings(_ badges: [Diagram.Badge]) -> String {
            badges.map { badge in
                let message = diagram.notes.first { $0.number == badge.number }?.message ?? badge.mark
                return "\n\(badge.number). \(message) [\(badge.code)]"
            }.joined()
        }
        let title = diagram.title + findings(diagram.designBadges)
        var titles: [String: String] = ["design": title, "drawing": title]
        let drawn = diagram.drawnNodes
        for node in diagram.nodes where drawn.contains(node.index) {
            var text = "\(node.name): \(node.detail)"
            for part in node.parts { text += "; \(part)" }
            if !node.partNames.isEmpty { text += "\nwith " + listed(node.partNames) }
            titles[DiagramNames.element(node.identifier)] = text + findings(node.badges)
        }
        func boxes(_ group: Diagram.Group) {
            for child in group.groups where child.holdsNodes {
                let kind: String
                switch child.kind {
                case .network: kind = "network"
                case .cluster: kind = "cluster"
                case .host: kind = "host"
                }
                var text = "\(kind) \(child.title.isEmpty ? child.name : child.title)"
                if let detail = child.detail { text += ": \(detail)" }
                if !child.partNames.isEmpty { text += "\nwith " + listed(child.partNames) }
                titles[DiagramNames.box(kind, child.name)] = text + findings(child.badges)
                boxes(child)
            }
        }
        boxes(diagram.root)
        for (edge, id) in zip(diagram.edges, diagram.edgeIDs) {
            titles[id] = edge.name + (edge.label.isEmpty ? "" : " (\(edge.label))") + findings(edge.badges)
        }
        return titles
    }

    /// The SVG with its titles replaced: after each `<g id="…">` Graphviz writes a
    /// `<title>`, which becomes the title of that id.
    public static func apply(_ svg: String, titles: [String: String]) -> String {
        var out = ""
        out.reserveCapacity(svg.utf8.count + svg.utf8.count / 8)
        var pendingTitle: String?
        for line in svg.split(separator: "\n", omittingEmptySubsequences: false) {
            if let title = pendingTitle, line.hasPrefix("<title>"), line.hasSuffix("</title>") {
                out += "<title>\(escape(title))</title>\n"
                pendingTitle = nil
                continue
            }
            pendingTitle = nil
            if line.hasPrefix("<g id=\""), let end = line.dropFirst(7).firstIndex(of: "\"") {
                let id = unescape(String(line[line.index(line.startIndex, offsetBy: 7)..<end]))
                pendingTitle = titles[id]
            }
            out += line
            out += "\n"
        }
        if out.hasSuffix("\n"), !svg.hasSuffix("\n") { out.removeLast() }
        return out
    }

    /// Text for an SVG element's content.
    static func escape(_ text: String) -> String {
        TextEscaping.replacing(text, ["&": "&amp;", "<": "&lt;", ">": "&gt;"])
    }

    /// Graphviz writes ids with entities (`-` as `&#45;`): read them back.
    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                if entity.hasPrefix("#"), let value = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(value) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += "&\(entity);"
                }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return out + rest
    }
}
