import InfraAnalysis
import InfraCore

/// The capacity part of `infralint availability`: each element's load at peak
/// and its utilisation, the bottleneck, the headroom, and what single failures
/// do (AVAILABILITY.md, "Capacity"). Shared by text, markdown and JSON.
public enum CapacityRenderer {
    /// How many failures text and markdown list (JSON lists all).
    public static let failuresShown = 5

    public static func text(_ report: CapacityReport, design: Design) -> String {
        var out = "\ncapacity at peak: \(sources(report, design: design))\n"
        guard !report.rows.isEmpty else {
            return out + "  no element states a capacity: add `capacity: N` (requests a second one instance serves) to judge the load\n"
        }
        let names = report.rows.map { design.elements[$0.element].id }
        let width = names.map(\.count).max() ?? 0
        for (row, name) in zip(report.rows, names) {
            out += "  \(name.padding(toLength: width, withPad: " ", startingAt: 0))  "
            if let why = row.notEstimated(in: design) {
                out += "\(Figures.rate(row.capacity)) requests a second\(copies(row)); \(why)\n"
                continue
            }
            out += "\(Figures.rate(row.load)) of \(Figures.rate(row.capacity)) requests a second\(copies(row))  "
            out += "\(Figures.utilisation(row.utilisation))\(row.utilisation > 1 ? "  over capacity" : "")\n"
        }
        out += "  \(summary(report, design: design))\n"
        out += failures(report, design: design).map { "  \($0)\n" }.joined()
        return out
    }

    public static func markdown(_ report: CapacityReport, design: Design) -> String {
        var out = "\nCapacity at peak: \(sources(report, design: design)).\n\n"
        guard !report.rows.isEmpty else {
            return out + "No element states a capacity: add `capacity: N` to judge the load.\n"
        }
        out += "| element | load (req/s) | capacity (req/s) | utilisation | worst single failure |\n|---|---:|---:|---:|---|\n"
        for row in report.rows {
            let worst = report.worstFailure[row.element].map { "if \(cell($0.failed)) fails: \(Figures.utilisation($0.utilisation))" } ?? ""
            let why = row.notEstimated(in: design)
            out += "| `\(cell(design.elements[row.element].id))` | \(why == nil ? Figures.rate(row.load) : "not estimated") | \(Figures.rate(row.capacity))\(copies(row)) | "
            out += "\(why.map(cell) ?? Figures.utilisation(row.utilisation)) | \(worst) |\n"
        }
        out += "\n\(summary(report, design: design))\n"
        let lines = failures(report, design: design)
        if !lines.isEmpty { out += "\n" + lines.map { "- \($0)\n" }.joined() }
        return out
    }

    /// The `capacity` object of AVAILABILITY.md's JSON.
    public static func json(_ report: CapacityReport?, design: Design) -> String {
        guard let report else { return "null" }
        let elements = report.rows.map { row in
            "{ \"element\": \(AvailabilityRenderer.quoted(design.elements[row.element].id)), \"load\": \(Figures.number(row.load, 3)), "
                + "\"capacity\": \(Figures.number(row.capacity, 3)), \"utilisation\": \(Figures.number(row.utilisation, 4)) }"
        }
        let failures = report.afterFailure.map { failure in
            "{ \"failed\": \(AvailabilityRenderer.quoted(failure.failed)), \"element\": \(AvailabilityRenderer.quoted(design.elements[failure.element].id)), "
                + "\"utilisation\": \(Figures.number(failure.utilisation, 4)) }"
        }
        func list(_ items: [String]) -> String {
            items.isEmpty ? "[]" : "[\n      " + items.joined(separator: ",\n      ") + "\n    ]"
        }
        return "{\n    \"elements\": \(list(elements)),\n"
            + "    \"bottleneck\": \(report.bottleneck.map { AvailabilityRenderer.quoted(design.elements[report.rows[$0].element].id) } ?? "null"),\n"
            + "    \"headroom\": \(report.headroom.map { Figures.number($0, 3) } ?? "null"),\n"
            + "    \"afterFailure\": \(list(failures))\n  }"
    }

    /// `users: 1,200 requests a second, 10% writes`.
    static func sources(_ report: CapacityReport, design: Design) -> String {
        report.sources.map { source in
            let client = design.elements[source.client]
            return "\(client.id) \(Figures.rate(source.load)) requests a second, \(Figures.target(client.writes ?? 10))% of them writes"
        }.joined(separator: "; ")
    }

    /// The bottleneck and the headroom, in one sentence.
    static func summary(_ report: CapacityReport, design: Design) -> String {
        guard let bottleneck = report.bottleneck, let headroom = report.headroom else {
            return "no element with a capacity receives any of the load"
        }
        let row = report.rows[bottleneck]
        let name = design.elements[row.element].id
        let ratio = headroom / max(report.totalLoad, 1e-12)
        let scale = ratio >= 1
            ? "\(Figures.fixed(ratio, 1))× today's peak"
            : "\(Figures.utilisation(ratio)) of today's peak"
        return "bottleneck: \(name) at \(Figures.utilisation(row.utilisation)); headroom: \(Figures.rate(headroom)) requests a second in all (\(scale)) before \(name) reaches 100%"
    }

    /// One line a failure that overloads something, then the worst of the rest.
    static func failures(_ report: CapacityReport, design: Design) -> [String] {
        guard report.bottleneck != nil else { return [] }
        var lines: [String] = []
        let overloading = report.afterFailure.filter { $0.utilisation > 1 }
        for failure in report.afterFailure.prefix(max(failuresShown, overloading.count)) {
            lines.append(failure.sentence(in: design))
        }
        if report.afterFailure.isEmpty {
            lines.append("no single failure that leaves the clients served raises any utilisation")
        } else if overloading.isEmpty {
            lines.append("every single failure that leaves the clients served keeps each element at or below 100%")
        }
        if report.failuresChecked < report.failuresTotal {
            lines.append("checked the \(report.failuresChecked) failures that carry the most load, of \(report.failuresTotal)")
        }
        return lines
    }

    private static func copies(_ row: CapacityReport.Row) -> String {
        row.copies > 1 ? " (\(row.copies) × \(Figures.rate(row.perInstance)))" : ""
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
