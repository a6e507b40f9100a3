import Foundation
import InfraAnalysis
import InfraCore
import InfraLintKit

/// `--availability`: the availability estimate and the capacity analysis, timed
/// apart, on the generated design and each adversarial shape, with a `load` on
/// every client that has none and a `capacity` on every web and app server
/// (median of 3).
enum AvailabilityBench {
    /// The design with loads and capacities written in: `{ load: 1000 }` on each
    /// client line, `capacity: 500` on each web and app server, wherever declared.
    static func loaded(_ text: String) -> String {
        let withBlock = try? NSRegularExpression(pattern: #"\b(web-server|app-server) ([A-Za-z0-9_.-]+)\s*\{"#)
        let bare = try? NSRegularExpression(pattern: #"\b(web-server|app-server) ([A-Za-z0-9_.-]+)(?![A-Za-z0-9_.-]|\s*\{)"#)
        var out = text
        for (pattern, template) in [(withBlock, "$1 $2 { capacity: 500; "), (bare, "$1 $2 { capacity: 500 }")] {
            guard let pattern else { continue }
            out = pattern.stringByReplacingMatches(in: out, range: NSRange(out.startIndex..., in: out), withTemplate: template)
        }
        return out.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("client ") && !line.contains("{") ? line + " { load: 1000 }" : String(line)
        }.joined(separator: "\n")
    }

    static func run(sizes: [Int], time: (() -> Void) -> Double, median: ([Double]) -> Double) {
        func padded(_ text: String, _ width: Int) -> String { text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count) }
        print(padded("design", 40) + padded("elements", 10) + padded("availability (s)", 18) + padded("method", 13)
              + padded("capacity (s)", 14) + "failures checked")
        for size in sizes {
            let designs = [("generated design", DesignGenerator.design(elements: size))] + Shapes.all.map { ($0.name, $0.make(size)) }
            for (name, text) in designs {
                let design = Frontend.read(SourceFile(path: "bench.infra", text: loaded(text))).design
                let model = FailureModel(design: design)
                var report: AvailabilityReport?
                let availability = median((0..<3).map { _ in time { report = AvailabilityReport(model: model) } })
                var capacity: CapacityReport?
                let capacitySeconds = median((0..<3).map { _ in time { capacity = CapacityReport(model: model) } })
                let method = report?.clients.first?.reads?.method.rawValue ?? "-"
                let checked = capacity.map { "\($0.failuresChecked) of \($0.failuresTotal)" } ?? "no load"
                print(padded(name, 40) + padded(String(design.elements.count), 10) + padded(String(format: "%.3f", availability), 18)
                      + padded(method, 13) + padded(String(format: "%.3f", capacitySeconds), 14) + checked)
            }
        }
    }
}
