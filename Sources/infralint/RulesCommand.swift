import ArgumentParser
import InfraLintKit
import InfraRender
import InfraRules
import InfraCore

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules, or print one with its rationale and examples."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown
    }

    @Argument(help: "A rule code such as AV001.")
    var code: String?

    @Option(help: "text or markdown (the page under docs/rules/).")
    var format: Format = .text

    mutating func run() throws {
        guard let code else {
            try Terminal.emit(RuleDocs.table(RuleRegistry.descriptions), to: nil)
            return
        }
        guard let description = RuleRegistry.description(code: code) else {
            let suggestion = Suggestions.didYouMean(code.uppercased(), in: RuleRegistry.codes)
            Terminal.printError("no rule '\(code)'\(suggestion.isEmpty ? "" : suggestion + "") ('infralint rules' lists them all)")
            throw ExitCode(2)
        }
        switch format {
        case .text: try Terminal.emit(RuleDocs.text(description), to: nil)
        case .markdown: try Terminal.emit(RuleDocs.markdown(description), to: nil)
        }
    }
}
