import Foundation
import InfraAnalysis
import InfraCore

/// `infralint availability`: the figures as text, JSON (AVAILABILITY.md's shape,
/// keys in its order) or markdown.
public enum AvailabilityRenderer {
    /// How many items of "what to fix first" each figure shows in text and markdown.
    public static let fixFirstShown = 3

    public static func text(_ report: AvailabilityReport, capacity: CapacityReport?, design: Design, target: Double?) -> String {
        var out = ""
        for (client, kind, figure) in rows(report) {
            guard let figure else {
                out += "\(client.name) \(kind): not served even with nothing failed\n"
                continue
            }
            out += "\(client.name) \(kind): \(Figures.percent(figure.availability)) (\(Figures.fixed(figure.nines, 1)) nines), "
            out += "down about \(Figures.duration(hours: figure.downtimeHoursPerYear)) a year, \(Figures.method(figure))\n"
            if figure.failoverHours > 0.0005 {
                out += "  of which failovers: \(Figures.duration(hours: figure.failoverHours))\n"
            }
            let fixes = shown(figure)
            if !fixes.isEmpty {
                out += "  fix first: " + fixes.map { "\(design.elements[$0.element].id) (\(Figures.duration(hours: $0.hoursPerYear)) a year)" }
                    .joined(separator: ", ") + "\n"
            }
            if let target, figure.availability < target / 100 {
                out += "  below the target of \(Figures.target(target))%\n"
            }
        }
        if report.clients.isEmpty { out += "no client completes a request: nothing to estimate\n" }
        if let capacity { out += CapacityRenderer.text(capacity, design: design) }
        return out
    }

    public static func markdown(_ report: AvailabilityReport, capacity: CapacityReport?, design: Design, target: Double?) -> String {
        var out = "| client | requests | availability | nines | downtime a year | method | fix first |\n|---|---|---:|---:|---:|---|---|\n"
        for (client, kind, figure) in rows(report) {
            guard let figure else {
                out += "| \(cell(client.name)) | \(kind) | not served | | | | |\n"
                continue
            }
            let fixes = shown(figure).map { "`\(design.elements[$0.element].id)` \(Figures.duration(hours: $0.hoursPerYear))" }
            out += "| \(cell(client.name)) | \(kind) | \(Figures.percent(figure.availability)) | \(Figures.fixed(figure.nines, 1)) | "
            out += "\(Figures.duration(hours: figure.downtimeHoursPerYear)) | \(Figures.method(figure)) | \(fixes.joined(separator: ", ")) |\n"
        }
        if let target { out += "\nTarget: \(Figures.target(target))%.\n" }
        if let capacity { out += CapacityRenderer.markdown(capacity, design: design) }
        return out
    }

    public static func json(_ report: AvailabilityReport, capacity: CapacityReport?, design: Design, file: String, target: Double?) -> String {
        var out = "{\n  \"version\": 1,\n  \"file\": \(quoted(file)),\n  \"target\": \(target.map { Figures.number($0 / 100, 6) } ?? "null"),\n  \"clients\": ["
        out += report.clients.map { client in
            "\n    {\n      \"client\": \(quoted(client.name)),\n      \"reads\": \(figure(client.reads, design: design)),\n      \"writes\": \(figure(client.writes, design: design))\n    }"
        }.joined(separator: ",")
        out += report.clients.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"capacity\": \(CapacityRenderer.json(capacity, design: design))\n}\n"
        return out
    }

    private static func figure(_ figure: AvailabilityReport.Figure?, design: Design) -> String {
        guard let figure else { return "null" }
        let interval = figure.interval.map { "[\(Figures.number($0.low, 6)), \(Figures.number($0.high, 6))]" } ?? "null"
        let fixes = figure.fixFirst.map { "{ \"element\": \(quoted(design.elements[$0.element].id)), \"hoursPerYear\": \(Figures.number($0.hoursPerYear, 2)) }" }
        return "{ \"availability\": \(Figures.number(figure.availability, 6)), \"nines\": \(Figures.number(figure.nines, 1)), "
            + "\"downtimeHoursPerYear\": \(Figures.number(figure.downtimeHoursPerYear, 2)), \"method\": \(quoted(figure.method.rawValue)), "
            + "\"interval\": \(interval), \"fixFirst\": [\(fixes.joined(separator: ", "))] }"
    }

    /// Each client's reads, then its writes: the rows of the text and the table.
    private static func rows(_ report: AvailabilityReport) -> [(AvailabilityReport.Client, String, AvailabilityReport.Figure?)] {
        report.clients.flatMap { [($0, "reads", $0.reads), ($0, "writes", $0.writes)] }
    }

    /// The first items of "what to fix first" worth a second a year (JSON lists all).
    private static func shown(_ figure: AvailabilityReport.Figure) -> ArraySlice<(element: Int, hoursPerYear: Double)> {
        figure.fixFirst.filter { $0.hoursPerYear * 3_600 >= 0.5 }.prefix(fixFirstShown)
    }

    static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
