import Foundation
import InfraAnalysis
import InfraCore
import InfraGraphviz
import InfraLintKit
import InfraRender
import InfraRules
import InfraTestSupport

/// The whole pipeline on arbitrary bytes, with the properties every input must
/// keep: what the fuzzer (`scripts/fuzz`) runs on each input it makes, and what the
/// test suite runs on the seed corpus.
///
/// Bytes → decoding (as `lint` reads a file) → parse and build → lint → every
/// findings format → the diagram as DOT (which Graphviz must read) and Mermaid →
/// the explanation (model and text) → `fmt` (its output parses, formatting it again
/// changes nothing, and `lint` reports the same findings) → `what-if` on an element
/// the input picks → `availability` (figures in 0...1, JSON that parses) → each fix
/// applied alone removes its finding (`FixChecks`).
/// A crash anywhere is a crash of the fuzzer; a broken property is a `problem`.
public enum FuzzPipeline {
    /// Inputs longer than this are cut: the fuzzer looks for shapes, not sizes.
    public static let maximumLength = 8_192

    /// What went wrong on these bytes, one line each; empty when all is well.
    public static func problems(in input: [UInt8]) -> [String] {
        let bytes = Array(input.prefix(maximumLength))
        let source: SourceFile
        do {
            source = try SourceLoader.decode(path: "fuzz.infra", bytes: bytes)
        } catch {
            // Not text: `lint` says so with a position; nothing more to run.
            return error.description.isEmpty ? ["an input error with no message"] : []
        }
        var problems: [String] = []
        let parsed = Frontend.read(source)
        let outcome = LintRun.lint(source, options: LintOptions())
        problems += formats(outcome, source: source)
        guard parsed.errors.isEmpty else {
            if outcome.findings.isEmpty { problems.append("parse errors, but lint reports nothing") }
            return problems
        }
        let design = parsed.design
        problems += drawings(design)
        problems += explanation(design)
        problems += formatting(source, findings: outcome.findings)
        problems += whatIf(design, choice: bytes.reduce(0) { $0 &+ Int($1) })
        problems += availability(design)
        problems += FixChecks.problems(in: source.text, name: source.path)
        return problems
    }

    /// Every findings format renders, and the JSON ones parse.
    static func formats(_ outcome: FileOutcome, source: SourceFile) -> [String] {
        let report = LintRun.report([outcome])
        var problems: [String] = []
        _ = TextRenderer(color: true).render(report)
        _ = GitHubRenderer.render(report)
        _ = MarkdownReportRenderer.render(report)
        let json: [(String, String)] = [
            ("json", JSONRenderer.render(report)),
            ("sarif", SARIFRenderer.render(report, version: "fuzz", currentDirectory: "/")),
            ("gitlab", GitLabRenderer.render(report)),
        ]
        for (name, text) in json where (try? JSONSerialization.jsonObject(with: Data(text.utf8))) == nil {
            problems.append("the \(name) output is not JSON")
        }
        return problems
    }

    /// The diagram, with findings and without, as DOT Graphviz reads and as Mermaid.
    static func drawings(_ design: Design) -> [String] {
        var problems: [String] = []
        for options in [Diagram.Options(), Diagram.Options(findings: false), Diagram.Options(collapse: .never),
                        Diagram.Options(findingsOnly: true)] {
            let diagram = RenderRun.diagram(design, options: options)
            let dot = DOTRenderer.render(diagram)
            do {
                try Graphviz.read(dot: dot)
            } catch {
                problems.append("Graphviz does not read the DOT: \(error.description)")
            }
            let mermaid = MermaidRenderer.render(diagram)
            if !mermaid.contains("\nflowchart TB\n") { problems.append("the Mermaid text has no flowchart") }
        }
        return problems
    }

    static func explanation(_ design: Design) -> [String] {
        var problems: [String] = []
        for detail in [ExplainModel.Detail.concise, .full] {
            do {
                let text = try ExplainRun.explanation(design, detail: detail)
                if text.isEmpty { problems.append("an empty explanation") }
            } catch {
                problems.append("the explanation failed: \(error)")
            }
            _ = ExplainRun.modelJSON(ExplainRun.model(design, detail: detail))
        }
        return problems
    }

    /// `fmt` keeps the design: the output parses, is its own format, and lints the same.
    static func formatting(_ source: SourceFile, findings: [Finding]) -> [String] {
        guard case .success(let formatted) = FormatRun.format(source) else {
            return ["fmt fails on a design that parses"]
        }
        let again = SourceFile(path: source.path, text: formatted)
        guard case .success(let twice) = FormatRun.format(again) else {
            return ["the formatted text does not parse"]
        }
        var problems: [String] = []
        if twice != formatted { problems.append("fmt is not idempotent") }
        let after = LintRun.lint(again, options: LintOptions())
        func summary(_ findings: [Finding]) -> [String] {
            findings.map { "\($0.code) \($0.element ?? "-") \($0.message)" }.sorted()
        }
        if summary(after.findings) != summary(findings) {
            let before = Set(summary(findings)), now = Set(summary(after.findings))
            let lost = before.subtracting(now).sorted().first ?? "", gained = now.subtracting(before).sorted().first ?? ""
            problems.append("fmt changes the findings (lost: \(lost); gained: \(gained))")
        }
        return problems
    }

    /// `infralint availability`: figures between 0 and 1, JSON that parses, never NaN.
    static func availability(_ design: Design) -> [String] {
        let report = AvailabilityReport(model: FailureModel(design: design), nodeLimit: 20_000, samples: 200)
        var problems: [String] = []
        for client in report.clients {
            for figure in [client.reads, client.writes].compactMap({ $0 }) where !(0...1).contains(figure.availability) {
                problems.append("availability \(figure.availability) for \(client.name)")
            }
        }
        let json = AvailabilityRenderer.json(report, capacity: CapacityReport(model: FailureModel(design: design)), design: design, file: "fuzz.infra", target: design.target)
        if (try? JSONSerialization.jsonObject(with: Data(json.utf8))) == nil { problems.append("the availability JSON is not JSON") }
        return problems
    }

    /// `what-if` on one element: every client's outcome is explained.
    static func whatIf(_ design: Design, choice: Int) -> [String] {
        guard !design.elements.isEmpty else { return [] }
        let element = design.elements[choice % design.elements.count]
        let graph = TrafficGraph(design: design)
        let outcome = WhatIf(graph: graph, failing: [element.index])
        let text = WhatIfRenderer.render(outcome, failing: [element.id])
        return text.isEmpty ? ["what-if printed nothing"] : []
    }
}
