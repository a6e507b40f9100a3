import ArgumentParser
import Foundation
import InfraLintKit
import InfraRender

/// The output formats of `lint`.
enum FindingsFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json
}

extension FailOn: ExpressibleByArgument {}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint design files and print their findings.",
        discussion: """
            Reads each file, every *.infra file under each folder, or standard input for '-'.
            Exit status: 0 nothing at or above --fail-on, 1 findings at or above it,
            2 a file could not be read or parsed.
            """
    )

    @Argument(help: "Design files, folders, or '-' for standard input.")
    var paths: [String]

    @Option(name: .shortAndLong, help: "Output format: \(FindingsFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: FindingsFormat = .text

    @Option(name: .shortAndLong, help: "Write the output to this file (whole or not at all) instead of standard output.")
    var output: String?

    @Option(help: "The lowest severity that makes the exit status 1: error, warning, note or never. (default: warning)")
    var failOn: FailOn?

    @Flag(help: "Show findings that '# infralint: ignore' comments silence.")
    var noSuppress = false

    @Option(help: ArgumentHelp("Read this configuration instead of the nearest .infralint.yml.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Hide the findings this baseline records.", valueName: "file"))
    var baseline: String?

    @Option(help: ArgumentHelp("Record today's findings in this baseline file, then exit.", valueName: "file"))
    var writeBaseline: String?

    mutating func run() throws {
        let configuration: Configuration
        do {
            configuration = try Configuration.resolve(explicit: config)
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(2)
        }
        var options = LintOptions()
        configuration.apply(to: &options)
        options.honourSuppressions = !noSuppress
        if let failOn { options.failOn = failOn }
        let items = Inputs.expand(paths).filter { item in
            if case .file(let path) = item { return !configuration.excludes(path) }
            return true
        }
        var outcomes = LintRun.lint(items, options: options)
        if let writeBaseline {
            try Terminal.emit(Baseline.text(for: outcomes.flatMap(\.findings), path: writeBaseline), to: writeBaseline)
            let recorded = outcomes.flatMap(\.findings).filter { $0.code != "PARSE" }.count
            Terminal.printStandardError("infralint: recorded \(recorded) finding\(recorded == 1 ? "" : "s") in \(writeBaseline)\n")
            if outcomes.contains(where: \.failedToParse) { throw ExitCode(2) }
            return
        }
        if let baseline {
            do {
                outcomes = try Baseline.load(path: baseline).apply(to: outcomes)
            } catch {
                Terminal.printError(error.description)
                throw ExitCode(2)
            }
        }
        let report = LintRun.report(outcomes)
        let text: String
        switch format {
        case .text:
            text = TextRenderer(color: output == nil && Terminal.useColor(for: .standardOutput)).render(report)
        case .json:
            text = JSONRenderer.render(report)
        }
        try Terminal.emit(text, to: output)
        let status = LintRun.exitStatus(outcomes, failOn: options.failOn)
        if status != 0 { throw ExitCode(status) }
    }
}
