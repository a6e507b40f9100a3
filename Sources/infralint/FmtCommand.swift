import ArgumentParser
import Foundation
import InfraCore
import InfraLintKit
import InfraRender

struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite design files in the canonical layout, keeping every comment.",
        discussion: """
            Formatting is idempotent. With --check nothing is written: the files that would \
            change are listed and the exit status is 1. A file with parse errors is left alone \
            (exit status 2). '-' formats standard input to standard output.
            """
    )

    @Argument(help: "Design files, folders, or '-' for standard input.")
    var paths: [String]

    @Flag(help: "Only report which files are not formatted (exit status 1).")
    var check = false

    mutating func run() throws {
        ProcessMemory.prepareForOneRun()
        var status: Int32 = 0
        let renderer = TextRenderer(color: Terminal.useColor(for: .standardError))
        for item in Inputs.expand(paths) {
            guard let source = Commands.read(item) else {
                status = 2
                continue
            }
            let formatted: String
            switch FormatRun.format(source) {
            case .failure(let errors):
                for error in errors { Terminal.printStandardError(renderer.render(error, source: source)) }
                status = 2
                continue
            case .success(let text):
                formatted = text
            }
            if source.path == Inputs.standardInputPath {
                if check {
                    if formatted != source.text { status = max(status, 1) }
                } else {
                    try Terminal.emit(formatted, to: nil)
                }
                continue
            }
            guard formatted != source.text else { continue }
            if check {
                try Terminal.emit("would reformat \(source.path)\n", to: nil)
                status = max(status, 1)
            } else {
                try Terminal.emit(formatted, to: source.path)
                try Terminal.emit("formatted \(source.path)\n", to: nil)
            }
        }
        if status != 0 { throw ExitCode(status) }
    }
}
