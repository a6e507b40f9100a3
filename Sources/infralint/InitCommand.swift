import ArgumentParser
import Foundation
import InfraCore
import InfraLintKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter design: one of the classic stacks, to copy and change.",
        discussion: """
            infralint init --list shows the starters. infralint init distributed writes \
            distributed.infra in the current folder; -o FILE picks the file, '-' prints it. \
            An existing file is never overwritten without --force.
            """
    )

    @Argument(help: "The starter: one-server, distributed, secured-monitored or scaled-up.",
              completion: .custom { _, _, _ in ((try? Starters.all()) ?? [:]).keys.sorted() })
    var name = "distributed"

    @Option(name: .shortAndLong, help: "Write it to this file instead of NAME.infra ('-' for standard output).")
    var output: String?

    @Flag(help: "List the starters.")
    var list = false

    @Flag(help: "Overwrite the file if it exists.")
    var force = false

    @Option(help: ArgumentHelp("Also look for starters in DIR/starters/.", valueName: "dir"))
    var templates: String?

    mutating func run() throws {
        let starters: [String: String]
        do {
            starters = try Starters.all(overrides: templates)
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(2)
        }
        if list {
            let width = starters.keys.map(\.count).max() ?? 0
            for key in starters.keys.sorted() {
                try Terminal.emit(key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + Starters.summary(starters[key] ?? "") + "\n", to: nil)
            }
            return
        }
        guard let text = starters[name] else {
            // A starter the name begins, else the closest by spelling.
            let begun = starters.keys.filter { $0.hasPrefix(name.lowercased()) }.sorted()
            let suggestion = begun.count == 1 ? "; did you mean '\(begun[0])'?" : Suggestions.didYouMean(name, in: starters.keys)
            Terminal.printError("no starter '\(name)'\(suggestion) (infralint init --list shows them)")
            throw ExitCode(2)
        }
        let target = output ?? "\(name).infra"
        if target != "-", FileManager.default.fileExists(atPath: target), !force {
            Terminal.printError("\(target) exists; use --force to overwrite it, or -o to write elsewhere")
            throw ExitCode(2)
        }
        try Terminal.emit(text, to: target)
        if target != "-" {
            try Terminal.emit("wrote \(target): lint it with infralint lint \(target), draw it with infralint render \(target)\n", to: nil)
        }
    }
}
