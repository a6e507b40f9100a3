import InfraCore

/// What goes under a drawing: a compact legend of what it shows (and of nothing
/// it does not), with real line samples, then the table of findings whose numbers
/// the badges carry, each with its sentence and rule code.
enum DOTLegend {
    /// More rows would make the picture a report: `infralint lint` lists them all.
    static let tableRows = 40
    /// Characters a line of a finding's sentence, so the table stays as narrow as the drawing.
    static let lineLength = 96
    /// Entries a legend row.
    static let entriesPerRow = 4

    static func table(_ diagram: Diagram) -> String? {
        let (legend, legendWidth) = legendRows(diagram)
        let findings = findingRows(diagram, width: legendWidth)
        guard !legend.isEmpty || !findings.isEmpty else { return nil }
        var out = "<TABLE BORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"0\">"
        if !legend.isEmpty {
            out += "<TR><TD ALIGN=\"LEFT\"><TABLE BORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"1\">\(legend)</TABLE></TD></TR>"
        }
        if !findings.isEmpty {
            out += "<TR><TD ALIGN=\"LEFT\"><TABLE BORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"2\">\(findings)</TABLE></TD></TR>"
        }
        return out + "</TABLE>"
    }

    /// One entry: a sample (two cells' worth: the sample, then its words).
    private typealias Entry = (sample: String, words: String)

    /// The legend's rows, and their width (estimated).
    private static func legendRows(_ diagram: Diagram) -> (String, Double) {
        var entries: [Entry] = []
        for kind in diagram.kinds {
            let look = DiagramLook.kind(kind)
            entries.append(("<TD BGCOLOR=\"\(look.fill)\" BORDER=\"1\" COLOR=\"#555555\" WIDTH=\"18\" HEIGHT=\"12\"></TD>",
                            "\(kind.noun) (\(look.legend))"))
        }
        let root = diagram.root
        if root.contains(where: { $0.kind == .host && !$0.title.isEmpty }) {
            entries.append(("<TD BGCOLOR=\"#F7F7F7\" BORDER=\"1\" COLOR=\"#777777\" STYLE=\"rounded\" WIDTH=\"18\" HEIGHT=\"12\"></TD>",
                            "server: what runs on it"))
        }
        if root.contains(where: { $0.kind == .cluster }) {
            entries.append(("<TD BORDER=\"2\" COLOR=\"#0072B2\" STYLE=\"rounded\" WIDTH=\"18\" HEIGHT=\"12\"></TD>", "cluster: members stand for one"))
        }
        if root.contains(where: { $0.kind == .network(untrusted: false) }) {
            entries.append(("<TD BORDER=\"1\" COLOR=\"#999999\" STYLE=\"dashed\" WIDTH=\"18\" HEIGHT=\"12\"></TD>", "network"))
        }
        if root.contains(where: { $0.kind == .network(untrusted: true) }) {
            entries.append(("<TD BGCOLOR=\"#F9D9C6\" BORDER=\"1\" COLOR=\"#B04A00\" WIDTH=\"18\" HEIGHT=\"12\"></TD>", "untrusted network (striped)"))
        }
        for style in diagram.edgeStyles {
            let look = DiagramLook.edge(style)
            let dash = look.style == "dashed" || look.style == "dotted" ? " STYLE=\"\(look.style)\"" : ""
            let width = max(1, Int(look.width.rounded()))
            // A line through the middle of the row: the top border of the sample's lower half.
            let line = "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\"><TR><TD WIDTH=\"30\" HEIGHT=\"6\"></TD></TR>"
                + "<TR><TD SIDES=\"T\" BORDER=\"\(width)\"\(dash) COLOR=\"\(look.color)\" WIDTH=\"30\" HEIGHT=\"6\"></TD></TR></TABLE>"
            entries.append(("<TD>\(line)</TD>", look.legend))
        }
        let severities = Set(diagram.allBadges.map(\.severity))
        for severity in Severity.allCases.reversed() where severities.contains(severity) {
            let words: String
            switch severity {
            case .error: words = "error: thick outline"
            case .warning: words = "warning: dashed outline"
            case .note: words = "note"
            }
            entries.append((tableBadge(number: "n", severity: severity), words))
        }
        var rows = ""
        var index = 0
        // Columns are as wide as their widest entry: the widest words of each column, plus the sample.
        var columns = Array(repeating: 0.0, count: entriesPerRow)
        while index < entries.count {
            let row = entries[index..<min(index + entriesPerRow, entries.count)]
            rows += "<TR>" + row.map { "\($0.sample)<TD ALIGN=\"LEFT\">\(DOTRenderer.html($0.words))</TD>" }.joined() + "</TR>"
            for (column, entry) in row.enumerated() {
                columns[column] = max(columns[column], 36 + TextWidth.of(entry.words, size: Double(DOTRenderer.smallestFont)) + 8)
            }
            index += entriesPerRow
        }
        return (rows, columns.reduce(0, +))
    }

    /// The findings table's rows; its last, empty column makes it as wide as the
    /// legend above, which would otherwise stretch its badge column.
    private static func findingRows(_ diagram: Diagram, width legendWidth: Double) -> String {
        guard !diagram.notes.isEmpty else { return "" }
        var texts: [[String]] = []
        for note in diagram.notes.prefix(tableRows) {
            var text = note.message
            if note.alike > 0 { text += " (and \(note.alike) alike)" }
            texts.append(wrap(text + " [\(note.code)]", width: lineLength))
        }
        let widest = texts.flatMap { $0 }.map { TextWidth.of($0, size: Double(DOTRenderer.smallestFont)) }.max() ?? 0
        let spare = max(1, Int((legendWidth - widest - badgeWidth(String(diagram.notes.count)) - 12).rounded(.up)))
        var rows = "<TR><TD COLSPAN=\"3\" ALIGN=\"LEFT\"><B>Findings</B> (<I>infralint lint</I> gives each with its fix)</TD></TR>"
        for (note, text) in zip(diagram.notes.prefix(tableRows), texts) {
            let lines = text.map(DOTRenderer.html).joined(separator: "<BR/>")
            rows += "<TR>\(tableBadge(number: String(note.number), severity: note.severity))"
            rows += "<TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">\(lines)</TD><TD WIDTH=\"\(spare)\"></TD></TR>"
        }
        if diagram.notes.count > tableRows {
            rows += "<TR><TD></TD><TD ALIGN=\"LEFT\">… and \(diagram.notes.count - tableRows) more: infralint lint lists them all</TD><TD></TD></TR>"
        }
        return rows
    }

    /// A numbered badge: the number on its severity's colour.
    static func badgeCell(number: String, severity: Severity) -> String {
        "<TD BGCOLOR=\"\(DiagramLook.color(severity))\" VALIGN=\"TOP\"><FONT COLOR=\"\(DiagramLook.badgeText(severity))\"><B> \(number) </B></FONT></TD>"
    }

    /// Its width, estimated, padding included.
    static func badgeWidth(_ number: String) -> Double {
        TextWidth.of(" \(number) ", size: Double(DOTRenderer.smallestFont), bold: true) + 3
    }

    /// A badge in the findings table: in a table of its own, so that a sentence of two
    /// lines does not stretch it.
    static func tableBadge(number: String, severity: Severity) -> String {
        "<TD VALIGN=\"TOP\"><TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\"><TR>\(badgeCell(number: number, severity: severity))</TR></TABLE></TD>"
    }

    /// Words into lines of at most `width` characters (a longer word keeps its own line).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " \(word)"
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
