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

    mutating func run() throws {
        var options = LintOptions()
        options.honourSuppressions = !noSuppress
        if let failOn { options.failOn = failOn }
        let outcomes = LintRun.lint(Inputs.expand(paths), options: options)
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
