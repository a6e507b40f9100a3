import ArgumentParser
import Foundation
import InfraLintKit

/// The `infralint` command: a thin layer that maps flags onto InfraLintKit.
struct Infralint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infralint",
        abstract: "Lint, draw and explain web infrastructure designs (.infra files).",
        discussion: """
            Examples:
              infralint lint examples/
              infralint fix --unsafe --diff examples/distributed/distributed.infra
              infralint render examples/distributed/distributed.infra -o distributed.svg
              infralint explain examples/distributed/distributed.infra -o distributed.md
              infralint what-if examples/distributed/distributed.infra --fail web-01
              infralint serve examples/distributed/distributed.infra

            Exit status: 0 nothing at or above --fail-on, 1 findings at or above it,
            2 a file could not be read or parsed, or the command line is wrong.
            """,
        version: InfraLintVersion.current,
        subcommands: [
            LintCommand.self, FixCommand.self, RenderCommand.self, ExplainCommand.self, WhatIfCommand.self, RulesCommand.self,
            AvailabilityCommand.self, FmtCommand.self, InitCommand.self, LspCommand.self, ServeCommand.self,
        ]
    )
}

@main
enum Main {
    static func main() {
        // A closed pipe is an error to report (exit 2), not a signal that kills the process.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try Infralint.parseAsRoot()
            try command.run()
        } catch {
            // The argument parser exits with 64 for a wrong command line; infralint
            // promises 2, like a file it cannot read.
            if Infralint.exitCode(for: error) == .validationFailure {
                let message = Infralint.fullMessage(for: error)
                Terminal.printStandardError(message + "\n")
                Foundation.exit(2)
            }
            Infralint.exit(withError: error)
        }
    }
}
