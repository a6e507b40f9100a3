import Foundation
import InfraCore
import InfraRules

/// `# infralint: ignore CODE[,CODE] -- reason` on the line before an element or
/// link (other comment lines may stand between), or at the end of its line;
/// `# infralint: ignore-file CODE[,CODE] -- reason` anywhere, for the whole file.
public enum Suppressions {
    /// One parsed directive.
    struct Directive {
        var codes: [String]
        /// Every code the comment names, known or not, as written.
        var named: [String]
        var reason: String?
        var wholeFile: Bool
        /// The line whose findings it silences (unused for whole-file ones).
        var targetLine: Int
        /// The element, cluster or link declared on that line, and the last line of its
        /// declaration: its findings anywhere in it are silenced too, and those of
        /// what it holds (a server's components, a cluster's members), which `fmt`
        /// may move off the line a trailing comment shared with them.
        var targetName: String?
        var heldNames: Set<String> = []
        var targetEndLine: Int
        var comment: Comment
        /// The target is a link statement written over several lines (a fan-out):
        /// every finding that starts in it is silenced.
        var wholeStatement = false
    }

    /// Splits findings into those shown and those silenced, adding the findings
    /// about the suppressions themselves (SUP001-SUP003). `knownCodes` are the
    /// codes that exist; `activeCodes` those that ran (a suppression of a rule
    /// turned off is not reported as unused).
    public static func apply(
        to findings: [Finding], design: Design, knownCodes: Set<String>, activeCodes: Set<String>
    ) -> (kept: [Finding], suppressed: [Finding]) {
        // Most files have no directive: they need no map of lines to statements.
        guard design.comments.contains(where: { $0.text.hasPrefix("infralint:") }) else { return (findings, []) }
        var problems: [Finding] = []
        let directives = parse(design, knownCodes: knownCodes, problems: &problems)
        var used = Array(repeating: Set<String>(), count: directives.count)
        var kept: [Finding] = []
        var suppressed: [Finding] = []
        for finding in findings {
            let match = directives.indices.first { index in
                let directive = directives[index]
                guard directive.codes.contains(finding.code) else { return false }
                if directive.wholeFile || directive.targetLine == finding.location.start.line { return true }
                if directive.wholeStatement {
                    return (directive.targetLine...directive.targetEndLine).contains(finding.location.start.line)
                }
                guard let element = finding.element, element == directive.targetName || directive.heldNames.contains(element)
                else { return false }
                return (directive.targetLine...directive.targetEndLine).contains(finding.location.start.line)
            }
            guard let match else {
                kept.append(finding)
                continue
            }
            used[match].insert(finding.code)
            var silenced = finding
            silenced.suppression = Suppression(
                kind: directives[match].wholeFile ? .file : .comment,
                justification: directives[match].reason ?? "")
            suppressed.append(silenced)
        }
        for (index, directive) in directives.enumerated() {
            // Each finding's fix removes every unused code of the comment: fixes of one
            // comment would otherwise each wait for a pass of their own.
            let unused = Set(directive.codes.filter { !used[index].contains($0) && activeCodes.contains($0) })
            for code in directive.codes where unused.contains(code) {
                let others = directive.named.filter { !unused.contains($0) }
                let reference = CommentRef(range: directive.comment.range, text: text(of: directive.comment, in: design))
                let edit: Edit = others.isEmpty
                    ? .editComment(reference, newText: nil)
                    : .editComment(reference, newText: commentText(directive, codes: others))
                problems.append(finding(SuppressionDiagnostics.unused,
                                        "the suppression of \(code) silences nothing \(appliesTo(directive)); remove it",
                                        directive.comment, design: design, fix: Fix(.safe, "", [edit]), key: code))
            }
        }
        return (kept + problems, suppressed)
    }

    static func parse(_ design: Design, knownCodes: Set<String>, problems: inout [Finding]) -> [Directive] {
        var directives: [Directive] = []
        let commentLines = Set(design.comments.filter(\.ownLine).map(\.line))
        // What is declared on each line, with the last line of its declaration.
        var declared: [Int: (name: String, end: Int)] = [:]
        func note(_ name: String, _ range: SourceRange) {
            let line = design.file.line(at: range.start)
            if declared[line] == nil { declared[line] = (name, design.file.line(at: max(range.end - 1, range.start))) }
        }
        for element in design.elements { note(element.id, element.declarationRange) }
        for cluster in design.clusters { note(cluster.id, cluster.declarationRange) }
        // What each server or cluster holds, by name.
        var held: [String: Set<String>] = [:]
        for element in design.elements where !element.children.isEmpty {
            held[element.id] = Set(element.children.map { design.elements[$0].id })
        }
        for cluster in design.clusters {
            held[cluster.id] = Set(cluster.members.flatMap { [design.elements[$0].id] + (held[design.elements[$0].id] ?? []) })
        }
        for link in design.links { note(link.name, link.range) }
        // Link statements written over several lines: every line of one leads to
        // its first and last.
        var statementLines: [Int: (start: Int, end: Int)] = [:]
        for links in Dictionary(grouping: design.links, by: \.statement).values {
            let start = links.map { design.file.line(at: $0.range.start) }.min() ?? 0
            let end = links.map { design.file.line(at: max($0.range.end - 1, $0.range.start)) }.max() ?? 0
            guard end > start else { continue }
            for line in start...end { statementLines[line] = (start, end) }
        }
        for comment in design.comments {
            guard let words = comment.directiveWords else { continue }
            var reason: String?
            if let separator = comment.text.range(of: "--") {
                let text = comment.text[separator.upperBound...].trimmingCharacters(in: .whitespaces)
                reason = text.isEmpty ? nil : text
            }
            guard let verb = words.first, verb == "ignore" || verb == "ignore-file" else {
                let verb = words.first ?? ""
                problems.append(finding(SuppressionDiagnostics.malformed,
                                        "'\(verb)' is not an infralint directive\(Suggestions.didYouMean(verb, in: ["ignore", "ignore-file"]))",
                                        comment, design: design,
                                        fix: "write # infralint: ignore CODE -- reason"))
                continue
            }
            let named = words.dropFirst().joined(separator: ",").split(separator: ",").map { $0.uppercased() }
            guard !named.isEmpty else {
                problems.append(finding(SuppressionDiagnostics.malformed, "the suppression names no rule code",
                                        comment, design: design, fix: "write # infralint: \(verb) CODE -- reason"))
                continue
            }
            var codes: [String] = []
            // Each unknown code's fix corrects every unknown code of the comment that has
            // a likely meaning, so one pass of `fix` mends the whole comment.
            let corrections = Dictionary(named.filter { !knownCodes.contains($0) }.compactMap { code in
                Suggestions.closest(to: code, in: knownCodes).map { (code, $0) }
            }, uniquingKeysWith: { first, _ in first })
            for code in named {
                if knownCodes.contains(code) {
                    codes.append(code)
                } else {
                    let suggestion = corrections[code]
                    let fix = suggestion.map { _ -> Fix in
                        let directive = Directive(codes: [], named: named.map { corrections[$0] ?? $0 }, reason: reason,
                                                  wholeFile: verb == "ignore-file", targetLine: 0, targetEndLine: 0, comment: comment)
                        return Fix(.unsafe, "", [.editComment(CommentRef(range: comment.range, text: text(of: comment, in: design)),
                                                              newText: commentText(directive, codes: directive.named))])
                    } ?? .manual("'infralint rules' lists the codes")
                    problems.append(finding(SuppressionDiagnostics.malformed,
                                            "no rule has the code '\(code)'\(suggestion.map { "; did you mean '\($0)'?" } ?? "")",
                                            comment, design: design, fix: fix, key: code))
                }
            }
            if reason == nil {
                problems.append(finding(SuppressionDiagnostics.missingReason,
                                        "the suppression of \(named.joined(separator: ", ")) gives no reason",
                                        comment, design: design,
                                        fix: "say why after two dashes: # infralint: \(verb) \(named.joined(separator: ",")) -- reason"))
            }
            guard !codes.isEmpty else { continue }
            // On a line of its own it applies to the next statement, past blank lines
            // and other comments; after code, to the statement on its line.
            var target = comment.line
            if comment.ownLine {
                target += 1
                func isEmpty(_ line: Int) -> Bool {
                    line > design.file.lineCount || commentLines.contains(line)
                        || design.file.lineText(line).allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" })
                }
                while target <= design.file.lineCount, isEmpty(target) { target += 1 }
                // Nothing follows it: it can apply to nothing (line 0), wherever the file ends.
                if target > design.file.lineCount { target = 0 }
            }
            var directive = Directive(codes: codes, named: named, reason: reason, wholeFile: verb == "ignore-file",
                                      targetLine: target, targetName: declared[target]?.name,
                                      targetEndLine: declared[target]?.end ?? target, comment: comment)
            if let name = directive.targetName { directive.heldNames = held[name] ?? [] }
            if let statement = statementLines[target] {
                directive.targetLine = statement.start
                directive.targetEndLine = statement.end
                directive.targetName = nil
                directive.wholeStatement = true
            }
            directives.append(directive)
        }
        return directives
    }

    /// What a directive applies to, by name rather than line: `fmt` moves lines, and
    /// the finding's message stays the same through it.
    static func appliesTo(_ directive: Directive) -> String {
        if directive.wholeFile { return "in this file" }
        if directive.targetLine == 0 { return "(no statement follows it)" }
        if let name = directive.targetName { return "on \(name)" }
        return directive.comment.ownLine ? "on the statement below it" : "on the statement it ends"
    }

    /// A directive's comment written again with other codes.
    static func commentText(_ directive: Directive, codes: [String]) -> String {
        var text = "# infralint: \(directive.wholeFile ? "ignore-file" : "ignore") \(codes.joined(separator: ","))"
        if let reason = directive.reason { text += " -- \(reason)" }
        return text
    }

    static func text(of comment: Comment, in design: Design) -> String {
        design.file.text(comment.range)
    }

    private static func finding(_ rule: RuleDescription, _ message: String, _ comment: Comment, design: Design,
                                fix: String) -> Finding {
        finding(rule, message, comment, design: design, fix: .manual(fix))
    }

    /// A finding about a comment, fingerprinted by the comment's text, and by `key`
    /// (the code in question) where one comment can have several.
    private static func finding(_ rule: RuleDescription, _ message: String, _ comment: Comment, design: Design,
                                fix: Fix, key: String? = nil) -> Finding {
        Finding(code: rule.code, name: rule.name, severity: rule.defaultSeverity, category: rule.category,
                message: message, location: design.location(comment.range), element: nil, fix: fix,
                fingerprint: "\(rule.code):\(comment.text)" + (key.map { ":\($0)" } ?? ""))
    }
}
