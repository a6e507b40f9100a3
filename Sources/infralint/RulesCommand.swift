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

    @Argument(help: "A rule code such as AV001.", completion: .list(RuleRegistry.codes + ["PARSE"]))
    var code: String?

    @Option(help: "text or markdown (the page under docs/rules/).")
    var format: Format = .text

    mutating func run() throws {
        guard let code else {
            switch format {
            case .text: try Terminal.emit(RuleDocs.table(RuleRegistry.descriptions), to: nil)
            case .markdown: try Terminal.emit(RuleDocs.index(RuleRegistry.descriptions), to: nil)
            }
            return
        }
        if code.uppercased() == "PARSE" {
            // Not a rule, but a code every output uses: say what it is.
            try Terminal.emit("""
                PARSE parse-error
                Not a rule: the code of a file that cannot be read or parsed (a syntax error, an undeclared or \
                duplicate name, a misplaced declaration, an invalid value, a binary file or one that is not UTF-8 \
                text). Nothing else is checked in that file until it is fixed; lint exits with status 2, and the \
                error is a finding with code PARSE in every format. It cannot be suppressed or turned off.

                """, to: nil)
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
