import InfraCore
import InfraRules

/// A rule's documentation, printed from its description: by `infralint rules CODE`
/// (text) and as the pages under docs/rules/ (markdown).
public enum RuleDocs {
    /// Where a code is explained on the web: its rule's page, or the language's
    /// section for `PARSE` (SARIF's `helpUri`, the editor's `codeDescription`).
    public static func pageURL(for code: String) -> String {
        let repository = "https://github.com/infralint/infralint"
        guard RuleRegistry.description(code: code) != nil else { return "\(repository)#the-language" }
        return "\(repository)/blob/main/docs/rules/\(code).md"
    }

    /// `AV001  single-point-of-failure  error  summary`, one line a rule.
    public static func table(_ descriptions: [RuleDescription]) -> String {
        // Codes differ in length (AV001, SEC001): padded too, so the columns line up.
        let codeWidth = descriptions.map(\.code.count).max() ?? 0
        let nameWidth = descriptions.map(\.name.count).max() ?? 0
        var out = ""
        for description in descriptions {
            let code = description.code.padding(codeWidth)
            let name = description.name.padding(nameWidth)
            let severity = description.defaultSeverity.rawValue.padding(7)
            out += "\(code)  \(name)  \(severity)  \(description.summary)\n"
        }
        return out
    }

    /// docs/rules/README.md: the catalogue as a table linking each page.
    public static func index(_ descriptions: [RuleDescription]) -> String {
        var out = "# Rules\n\nGenerated from each rule's description (`infralint rules CODE --format markdown`); "
        out += "`scripts/regenerate` rewrites these pages and a test fails when they are stale.\n\n"
        out += "| code | name | default severity | fires when |\n|---|---|---|---|\n"
        for description in descriptions {
            out += "| [\(description.code)](\(description.code).md) | `\(description.name)` | \(description.defaultSeverity.rawValue) | \(description.summary) |\n"
        }
        out += "\nParse errors are not rules: they are findings with code `PARSE`, and the command exits with status 2.\n"
        return out
    }

    /// One rule in full, for a terminal.
    public static func text(_ description: RuleDescription) -> String {
        var out = "\(description.code) \(description.name)\n"
        out += "Category: \(description.category.title). Default severity: \(description.defaultSeverity.rawValue).\n\n"
        out += description.summary + "\n\n"
        out += "What it does\n  " + wrapped(description.whatItDoes, indent: "  ") + "\n\n"
        out += "Why is this bad?\n  " + wrapped(description.whyIsThisBad, indent: "  ") + "\n\n"
        out += "Fix safety\n  " + wrapped(description.fixSafety, indent: "  ") + "\n"
        for (index, example) in description.triggering.enumerated() {
            out += "\nExample\(description.triggering.count > 1 ? " \(index + 1)" : "") (reported where ↓ points)\n"
            out += indented(example.marked)
        }
        for (index, example) in description.nonTriggering.enumerated() {
            out += "\nUse instead\(description.nonTriggering.count > 1 ? " \(index + 1)" : "")\n"
            out += indented(example.source)
        }
        return out
    }

    /// One rule as a markdown page.
    public static func markdown(_ description: RuleDescription) -> String {
        var out = "# \(description.code) \(description.name)\n\n"
        out += "Category: \(description.category.title). Default severity: **\(description.defaultSeverity.rawValue)**.\n\n"
        out += description.summary + "\n\n"
        out += "## What it does\n\n\(description.whatItDoes)\n\n"
        out += "## Why is this bad?\n\n\(description.whyIsThisBad)\n\n"
        out += "## Fix safety\n\n\(description.fixSafety)\n\n"
        out += "## Example\n\nReported where `↓` points.\n\n"
        for example in description.triggering {
            out += "```infra\n\(example.marked)\n```\n\n"
        }
        out += "## Use instead\n\n"
        for example in description.nonTriggering {
            out += "```infra\n\(example.source)\n```\n\n"
        }
        out += "Silence one finding with `# infralint: ignore \(description.code) -- reason` on the line before the element, "
        out += "or turn the rule off in `.infralint.yml`.\n"
        return out
    }

    private static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
    }

    /// Wraps prose at about 88 columns.
    static func wrapped(_ text: String, indent: String, width: Int = 88) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + word.count + 1 > width - indent.count {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n" + indent)
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
