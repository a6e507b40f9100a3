import ArgumentParser
import Foundation
import InfraCore
import InfraLintKit
import InfraRender

/// The output formats of `lint`.
enum FindingsFormat: String, CaseIterable {
    case text, json, sarif, github, gitlab, markdown
}

/// `--format FORMAT` or `--format FORMAT=FILE`.
struct FormatRequest: ExpressibleByArgument {
    var format: FindingsFormat
    var file: String?

    init?(argument: String) {
        // `json=` names no file: an error, not standard output.
        let equals = argument.firstIndex(of: "=")
        guard let format = FindingsFormat(rawValue: String(argument[..<(equals ?? argument.endIndex)])) else { return nil }
        if let equals, argument[argument.index(after: equals)...].isEmpty { return nil }
        self.format = format
        file = equals.map { String(argument[argument.index(after: $0)...]) }
    }

    static var allValueStrings: [String] { FindingsFormat.allCases.map(\.rawValue) }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

extension FormatRequest {
    init(format: FindingsFormat, file: String? = nil) {
        self.format = format
        self.file = file
    }
}

extension FailOn: ExpressibleByArgument {}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint design files and print their findings.",
        discussion: """
            Reads each file, every *.infra file under each folder, or standard input for '-'.

            Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, \
            2 a file could not be read or parsed.
            """
    )

    @Argument(help: "Design files, folders, or '-' for standard input.")
    var paths: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Output format; FORMAT=FILE writes it to a file. Repeat for several outputs in one run.",
        valueName: "format[=file]"))
    var format: [FormatRequest] = []

    @Option(name: .shortAndLong, help: "Write the (first) format without its own =FILE to this file instead of standard output.")
    var output: String?

    @Option(help: "The lowest severity that makes the exit status 1 (default: warning, or the configuration's fail-on).")
    var failOn: FailOn?

    @Flag(help: "Show findings that '# infralint: ignore' comments silence.")
    var noSuppress = false

    @OptionGroup var configFile: ConfigurationOption

    @Option(help: ArgumentHelp("Hide the findings this baseline records.", valueName: "file"))
    var baseline: String?

    @Option(help: ArgumentHelp("Record today's findings in this baseline file, then exit.", valueName: "file"))
    var writeBaseline: String?

    @Option(help: ArgumentHelp("At most this many SARIF results (GitHub code scanning rejects more than 25,000).",
                               valueName: "n"))
    var maxResults: Int = SARIFRenderer.gitHubResultLimit

    @Option(help: ArgumentHelp(
        "Name files in every output relative to this folder (default: the working directory), such as the repository's root.",
        valueName: "folder"))
    var root: String?

    mutating func run() throws {
        ProcessMemory.prepareForOneRun()
        var (options, configuration) = try configFile.resolve()
        if let root { try enter(root) }
        options.honourSuppressions = !noSuppress
        options.compileFixes = format.contains { $0.format == .sarif }
        options.keepUntilExit = true
        if let failOn { options.failOn = failOn }
        let named = Set(paths.filter { $0 != "-" }.map { Inputs.displayPath($0) })
        let items = Inputs.expand(paths).filter { item in
            guard case .file(let path) = item, configuration.excludes(path) else { return true }
            // Files found in a folder are skipped quietly; a file named on the command
            // line (as pre-commit names them) is skipped with a word.
            if named.contains(path) {
                Terminal.printWarning("\(path) is excluded by the configuration's exclude patterns\(configFile.config.map { " (\($0))" } ?? ""); not linted")
            }
            return false
        }
        var outcomes = LintRun.lint(items, options: options)
        // No output may land on a design being read, nor on the configuration.
        let inputs = outcomes.map(\.path) + (configFile.config.map { [$0] } ?? [])
        if let writeBaseline {
            // A file that does not parse has no findings to record: say why, write nothing.
            let unparsed = outcomes.filter(\.failedToParse)
            guard unparsed.isEmpty else {
                let renderer = TextRenderer(color: Terminal.useColor(for: .standardError))
                for outcome in unparsed {
                    for finding in outcome.findings { Terminal.printStandardError(renderer.render(finding, source: outcome.source)) }
                }
                Terminal.printError("\(writeBaseline) not written: \(listed(unparsed.map(\.path))) cannot be read or parsed, so its findings are unknown")
                throw ExitCode(2)
            }
            try Terminal.emit(Baseline.text(for: outcomes.flatMap(\.findings), path: writeBaseline), to: writeBaseline, inputs: inputs)
            let recorded = outcomes.flatMap(\.findings).filter { $0.code != "PARSE" }.count
            Terminal.printStandardError("infralint: recorded \(counted(recorded, "finding")) in \(writeBaseline)\n")
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
        // Render everything first, then write: an error leaves no file half done.
        var requests = format.isEmpty ? [FormatRequest(format: .text)] : format
        if let output, let index = requests.firstIndex(where: { $0.file == nil }) {
            requests[index].file = output
        } else if output != nil {
            Terminal.printError("-o FILE goes with a --format that has no =FILE of its own")
            throw ExitCode(2)
        }
        guard requests.filter({ $0.file == nil }).count <= 1 else {
            Terminal.printError("only one format can go to standard output; write the others to files with --format FORMAT=FILE")
            throw ExitCode(2)
        }
        guard maxResults >= 1 else {
            Terminal.printError("--max-results takes a number of results, 1 or more")
            throw ExitCode(2)
        }
        let omitted = SARIFRenderer.leftOut(report, maxResults: maxResults)
        if omitted > 0, requests.contains(where: { $0.format == .sarif }) {
            Terminal.printWarning("the SARIF log holds \(maxResults) of \(omitted + maxResults) results: \(omitted) left out "
                + "(notes and suppressed findings first; GitHub code scanning rejects more than 25,000; --max-results sets the limit)")
        }
        let rendered = requests.map { request in
            (request.file, Self.render(report, as: request.format, toTerminal: request.file == nil, maxResults: maxResults))
        }
        for (file, output) in rendered.sorted(by: { ($0.0 == nil ? 1 : 0) < ($1.0 == nil ? 1 : 0) }) {
            switch output {
            case .text(let text): try Terminal.emit(text, to: file, inputs: inputs)
            case .json: try Terminal.emit(to: file, inputs: inputs) { chunk in try JSONRenderer.write(report, to: chunk) }
            case .textChunks(let renderer): try Terminal.emit(to: file, inputs: inputs) { chunk in try renderer.write(report, to: chunk) }
            }
        }
        Terminal.finish(LintRun.exitStatus(outcomes, failOn: options.failOn))
    }

    /// `--root`: every path the user gave is made absolute from where they stand, and
    /// the run continues in the root, so every output (each format, the baseline's
    /// entries, the exclude check) names files relative to it by the one rule it uses
    /// for the working directory. The configuration was found from where they stand.
    private mutating func enter(_ root: String) throws {
        let here = FileManager.default.currentDirectoryPath
        let absolute = { (path: String) in path == "-" ? path : FilePaths.absolute(path, from: here) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue,
              FileManager.default.changeCurrentDirectoryPath(root) else {
            Terminal.printError("--root \(root): no such folder")
            throw ExitCode(2)
        }
        paths = paths.map(absolute)
        configFile.config = configFile.config.map(absolute)
        baseline = baseline.map(absolute)
        writeBaseline = writeBaseline.map(absolute)
        output = output.map(absolute)
        format = format.map { FormatRequest(format: $0.format, file: $0.file.map(absolute)) }
    }

    /// A rendered report: text, or for JSON and the text report nothing yet: they
    /// are written as they are rendered, a chunk at a time (whole, the report was
    /// the largest thing alive at the run's peak of memory: 7 MB of text at
    /// 100,000 elements).
    enum Rendered {
        case text(String)
        case json
        case textChunks(TextRenderer)
    }

    static func render(_ report: Report, as format: FindingsFormat, toTerminal: Bool,
                       maxResults: Int = SARIFRenderer.gitHubResultLimit) -> Rendered {
        switch format {
        case .text: return .textChunks(TextRenderer(color: toTerminal && Terminal.useColor(for: .standardOutput)))
        case .json: return .json
        case .sarif: return .text(SARIFRenderer.render(report, version: InfraLintVersion.current, maxResults: maxResults))
        case .github: return .text(GitHubRenderer.render(report))
        case .gitlab: return .text(GitLabRenderer.render(report))
        case .markdown: return .text(MarkdownReportRenderer.render(report))
        }
    }
}
