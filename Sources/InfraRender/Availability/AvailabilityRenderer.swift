import Foundation
import InfraAnalysis
import InfraCore

/// `infralint availability`: the figures as text, JSON (AVAILABILITY.md's shape,
/// keys in its order) or markdown.
public enum AvailabilityRenderer {
    /// How many items of "what to fix first" each figure shows in text and markdown.
    public static let fixFirstShown = 3

    public static func text(_ report: AvailabilityReport, design: Design, target: Double?) -> String {
        var out = ""
        for (client, kind, figure) in rows(report) {
            guard let figure else {
                out += "\(client.name) \(kind): not served even with nothing failed\n"
                continue
            }
            out += "\(client.name) \(kind): \(percent(figure.availability)) (\(fixed(figure.nines, 1)) nines), "
            out += "down about \(duration(figure.downtimeHoursPerYear)) a year, \(method(figure))\n"
            if figure.failoverHours > 0.0005 {
                out += "  of which failovers: \(duration(figure.failoverHours))\n"
            }
            let fixes = shown(figure)
            if !fixes.isEmpty {
                out += "  fix first: " + fixes.map { "\(design.elements[$0.element].id) (\(duration($0.hoursPerYear)) a year)" }
                    .joined(separator: ", ") + "\n"
            }
            if let target, figure.availability < target / 100 {
                out += "  below the target of \(format(target))%\n"
            }
        }
        if report.clients.isEmpty { out += "no client completes a request: nothing to estimate\n" }
        return out
    }

    public static func markdown(_ report: AvailabilityReport, design: Design, target: Double?) -> String {
        var out = "| client | requests | availability | nines | downtime a year | method | fix first |\n|---|---|---:|---:|---:|---|---|\n"
        for (client, kind, figure) in rows(report) {
            guard let figure else {
                out += "| \(cell(client.name)) | \(kind) | not served | | | | |\n"
                continue
            }
            let fixes = shown(figure).map { "`\(design.elements[$0.element].id)` \(duration($0.hoursPerYear))" }
            out += "| \(cell(client.name)) | \(kind) | \(percent(figure.availability)) | \(fixed(figure.nines, 1)) | "
            out += "\(duration(figure.downtimeHoursPerYear)) | \(method(figure)) | \(fixes.joined(separator: ", ")) |\n"
        }
        if let target { out += "\nTarget: \(format(target))%.\n" }
        return out
    }

    public static func json(_ report: AvailabilityReport, design: Design, file: String, target: Double?) -> String {
        var out = "{\n  \"version\": 1,\n  \"file\": \(quoted(file)),\n  \"target\": \(target.map { number($0 / 100, 6) } ?? "null"),\n  \"clients\": ["
        out += report.clients.map { client in
            "\n    {\n      \"client\": \(quoted(client.name)),\n      \"reads\": \(figure(client.reads, design: design)),\n      \"writes\": \(figure(client.writes, design: design))\n    }"
        }.joined(separator: ",")
        out += report.clients.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"capacity\": null\n}\n"
        return out
    }

    private static func figure(_ figure: AvailabilityReport.Figure?, design: Design) -> String {
        guard let figure else { return "null" }
        let interval = figure.interval.map { "[\(number($0.low, 6)), \(number($0.high, 6))]" } ?? "null"
        let fixes = figure.fixFirst.map { "{ \"element\": \(quoted(design.elements[$0.element].id)), \"hoursPerYear\": \(number($0.hoursPerYear, 2)) }" }
        return "{ \"availability\": \(number(figure.availability, 6)), \"nines\": \(number(figure.nines, 1)), "
            + "\"downtimeHoursPerYear\": \(number(figure.downtimeHoursPerYear, 2)), \"method\": \(quoted(figure.method.rawValue)), "
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

    private static func method(_ figure: AvailabilityReport.Figure) -> String {
        guard let interval = figure.interval else { return "exact" }
        return "Monte Carlo, 95% interval \(percent(interval.low)) to \(percent(interval.high))"
    }

    /// `99.8000%`: four decimals, as the spec asks.
    static func percent(_ availability: Double) -> String { fixed(availability * 100, 4) + "%" }

    /// `17.5 h`, `52 min`, `31 s`.
    static func duration(_ hours: Double) -> String {
        if hours >= 1 { return fixed(hours, 1) + " h" }
        if hours * 60 >= 1 { return fixed(hours * 60, 0) + " min" }
        return fixed(hours * 3_600, 0) + " s"
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        return String(format: "%.\(decimals)f", value)
    }

    static func number(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text += "0" }
        }
        return text
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : number(value, 4)
    }

    private static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
