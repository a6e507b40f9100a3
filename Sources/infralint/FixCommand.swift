import ArgumentParser
import Foundation
import InfraCore
import InfraLintKit
import InfraRender
import InfraRules

struct FixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Apply the findings' fixes to design files.",
        discussion: """
            Applies the safe fixes (with --unsafe, the unsafe ones too; with --select, only \
            those of some codes), keeping comments and the author's layout outside the \
            edits, then prints what is left. Fixes are applied in passes until none \
            applies, so a fix that has to wait for another one is applied in the same run. \
            A file that does not parse is never changed. --diff prints a unified diff and \
            writes nothing; '-' reads standard input and writes the result to standard \
            output.

            Exit status: 0 nothing at or above --fail-on is left, 1 findings at or above \
            it are left, 2 a file could not be read, parsed or written.
            """
    )

    // Not required by the parser: `--select` reads values up to the next option, so
    // `--select SEC002 MON001 designs/` hands the paths to it; validate() takes them back.
    @Argument(help: "Design files, folders, or '-' for standard input.")
    var paths: [String] = []

    @Flag(help: "Also apply unsafe fixes: those that change the architecture (a second load balancer, a firewall in front of a path).")
    var unsafe = false

    @Flag(help: "Print a unified diff of the changes instead of writing them.")
    var diff = false

    @Option(parsing: .upToNextOption, help: ArgumentHelp(
        "Only fix findings of these rule codes (several after one --select, or comma-separated).", valueName: "code"))
    var select: [String] = []

    @Option(help: "The lowest severity left that makes the exit status 1 (default: warning, or the configuration's fail-on).")
    var failOn: FailOn?

    @OptionGroup var configFile: ConfigurationOption

    mutating func validate() throws {
        (select, paths) = Self.splitSelection(select, paths: paths)
        guard !paths.isEmpty else {
            throw ValidationError("give the design files or folders to fix, or '-' for standard input")
        }
        let known = Set(RuleRegistry.codes)
        for code in select where !known.contains(code.uppercased()) {
            throw ValidationError("no rule has the code '\(code)'\(Suggestions.didYouMean(code.uppercased(), in: known))")
        }
    }

    /// The values `--select` read, split into codes and the paths that followed
    /// them: from the first value that is not shaped like a code (letters then
    /// digits, `AV001`), or that names a file or folder, every value is a path.
    /// Commas separate codes too (`--select AV001,SEC002`).
    static func splitSelection(_ values: [String], paths: [String]) -> (codes: [String], paths: [String]) {
        let firstPath = values.firstIndex { value in
            let parts = value.split(separator: ",")
            let codeShaped = !parts.isEmpty && parts.allSatisfy { part in
                let letters = part.prefix { $0.isASCII && $0.isLetter }
                let rest = part.dropFirst(letters.count)
                return !letters.isEmpty && !rest.isEmpty && rest.allSatisfy { $0.isASCII && $0.isNumber }
            }
            return !codeShaped || FileManager.default.fileExists(atPath: value)
        } ?? values.endIndex
        let codes = values[..<firstPath].flatMap { $0.split(separator: ",").map(String.init) }
        return (codes, paths + values[firstPath...])
    }

    mutating func run() throws {
        ProcessMemory.prepareForOneRun()
        var (lintOptions, configuration) = try configFile.resolve()
        if let failOn { lintOptions.failOn = failOn }
        var options = FixRun.Options()
        options.unsafe = unsafe
        options.select = select.isEmpty ? nil : Set(select.map { $0.uppercased() })
        options.lint = lintOptions
        let items = Inputs.expand(paths).filter { item in
            if case .file(let path) = item { return !configuration.excludes(path) }
            return true
        }
        let toStandardOutput = diff || items.contains { if case .standardInput = $0 { return true } else { return false } }
        let renderer = TextRenderer(color: Terminal.useColor(for: toStandardOutput ? .standardError : .standardOutput))
        var report = ""
        var status: Int32 = 0
        for item in items {
            guard let source = Commands.read(item) else {
                status = 2
                continue
            }
            let outcome = FixRun.fix(source, options: options)
            if !outcome.parseErrors.isEmpty {
                for error in outcome.parseErrors { report += renderer.render(error, source: source) }
                report += "\(source.path): not changed: it does not parse\n"
                status = 2
                continue
            }
            if diff {
                try Terminal.emit(UnifiedDiff.diff(source.text, outcome.text, oldName: "a/\(source.path)", newName: "b/\(source.path)"), to: nil)
            } else if source.path == Inputs.standardInputPath {
                try Terminal.emit(outcome.text, to: nil)
            } else if outcome.changed {
                try Terminal.emit(outcome.text, to: source.path)
            }
            let fixedFile = SourceFile(path: source.path, text: outcome.text)
            for finding in outcome.remaining { report += renderer.render(finding, source: fixedFile) }
            report += Self.summary(outcome, options: options, wrote: !diff)
            if let threshold = lintOptions.failOn.threshold, outcome.remaining.contains(where: { $0.severity >= threshold }) {
                status = max(status, 1)
            }
        }
        if toStandardOutput {
            Terminal.printStandardError(report)
        } else {
            try Terminal.emit(report, to: nil)
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// What was fixed and what is left, for one file.
    static func summary(_ outcome: FixRun.Outcome, options: FixRun.Options, wrote: Bool) -> String {
        let path = outcome.source.path
        var lines: [String] = []
        if outcome.fixed.isEmpty {
            lines.append("\(path): nothing to fix")
        } else {
            let what = outcome.fixed.map { finding in finding.element.map { "\(finding.code) \($0)" } ?? finding.code }
            lines.append("\(path): \(wrote ? "fixed" : "would fix") \(counted(outcome.fixed.count, "finding")) (\(what.joined(separator: ", ")))")
        }
        let remaining = outcome.remaining
        if !remaining.isEmpty {
            // Findings --select left out are neither failures nor someone's decision.
            let unselected = options.select.map { select in remaining.filter { !select.contains($0.code) }.count } ?? 0
            let left = options.select.map { select in remaining.filter { select.contains($0.code) } } ?? remaining
            let unsafe = left.filter { $0.fix?.applicability == .unsafe }.count
            let manual = left.filter { $0.fix?.applicability == .manual || $0.fix == nil }.count
            let safe = left.count - unsafe - manual
            var parts: [String] = []
            if unselected > 0 { parts.append("\(unselected) that --select leaves out") }
            if unsafe > 0, !options.unsafe { parts.append("\(unsafe) with an unsafe fix (rerun with --unsafe)") }
            if manual > 0 { parts.append("\(manual) that need\(manual == 1 ? "s" : "") a person's decision") }
            let other = left.count - manual - (options.unsafe ? 0 : unsafe)
            if other > 0, safe + (options.unsafe ? unsafe : 0) > 0 { parts.append("\(other) whose fix did not apply") }
            lines.append("\(counted(remaining.count, "finding")) left: \(parts.isEmpty ? "see above" : listed(parts))")
        }
        if !outcome.failed.isEmpty {
            lines.append("could not apply the fixes of \(outcome.failed.map { finding in finding.element.map { "\(finding.code) \($0)" } ?? finding.code }.joined(separator: ", ")): please report it")
        }
        if outcome.unfinished {
            lines.append("stopped after \(outcome.passes) passes with fixes still to apply: run infralint fix again")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
