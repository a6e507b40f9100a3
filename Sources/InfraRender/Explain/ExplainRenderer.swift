import Foundation
import InfraCore
import InfraTemplates
import Mustache

/// Escapes names and values for markdown: what `{{% CONTENT_TYPE: MARKDOWN}}` selects.
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { MarkdownText.escape(text) }
}

/// `explain`: the written explanation of a design, rendered from Mustache
/// templates (templates/explain/, built into the binary, or a user's copy).
public enum ExplainRenderer {
    /// A template that cannot be used, with where the problem is.
    public struct TemplateError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The template the document starts from.
    public static let root = "document"

    private static let registerContentType: Void = {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
    }()

    /// The templates: the built-in ones, each replaced by a file of the same name in
    /// `directory` (or its `explain/` folder) when there is one.
    public static func templates(overrides directory: String?) throws(TemplateError) -> [String: (text: String, origin: String)] {
        var templates: [String: (text: String, origin: String)] = [:]
        for (name, text) in BuiltInTemplates.explain { templates[name] = (text, "templates/explain/\(name).mustache") }
        guard let directory else { return templates }
        let explain = (directory as NSString).appendingPathComponent("explain")
        let folder = TemplateFolder.isFolder(explain) ? explain : directory
        let copies: [String: (text: String, path: String)]
        do {
            try TemplateFolder.requireFolder(directory)
            copies = try TemplateFolder.files(in: folder, ending: "mustache")
        } catch {
            throw TemplateError(description: error.description)
        }
        guard !copies.isEmpty else {
            throw TemplateError(description: "\(folder): holds no .mustache templates (copy templates/explain/ to start from)")
        }
        for (name, copy) in copies { templates[name] = (copy.text, copy.path) }
        return templates
    }

    /// Parses the templates and checks that every partial they include exists.
    public static func library(_ templates: [String: (text: String, origin: String)]) throws(TemplateError) -> MustacheLibrary {
        _ = registerContentType
        var library = MustacheLibrary()
        for name in templates.keys.sorted() {
            guard let template = templates[name] else { continue }
            do {
                library.register(try MustacheTemplate(string: template.text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw TemplateError(description: "\(template.origin):\(error.context.lineNumber):\(error.context.columnNumber): \(explain(error.error)) in `\(error.context.line.trimmingCharacters(in: .whitespaces))`")
            } catch {
                throw TemplateError(description: "\(template.origin): \(error)")
            }
        }
        guard templates[root] != nil else {
            throw TemplateError(description: "the templates have no \(root).mustache to start from")
        }
        for name in templates.keys.sorted() {
            guard let template = templates[name] else { continue }
            for (line, partial) in partials(in: template.text) where templates[partial] == nil {
                throw TemplateError(description: "\(template.origin):\(line): includes the template '\(partial)', which does not exist\(Suggestions.didYouMean(partial, in: templates.keys))")
            }
        }
        return library
    }

    /// `{{> name}}` tags, with their lines.
    static func partials(in text: String) -> [(Int, String)] {
        var found: [(Int, String)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = Substring(line)
            while let open = rest.range(of: "{{>") {
                let after = rest[open.upperBound...]
                guard let close = after.range(of: "}}") else { break }
                found.append((number + 1, after[..<close.lowerBound].trimmingCharacters(in: .whitespaces)))
                rest = after[close.upperBound...]
            }
        }
        return found
    }

    static func explain(_ error: Error) -> String {
        switch error {
        case MustacheTemplate.Error.sectionCloseNameIncorrect: return "a section is closed with another name than it was opened with"
        case MustacheTemplate.Error.unfinishedName: return "a tag is not finished (a {{ without its }})"
        case MustacheTemplate.Error.expectedSectionEnd: return "a section is not closed"
        case MustacheTemplate.Error.invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case MustacheTemplate.Error.invalidConfigVariableSyntax: return "a pragma is malformed (expected {{% CONTENT_TYPE: MARKDOWN}})"
        case MustacheTemplate.Error.unrecognisedConfigVariable: return "an unknown pragma (infralint knows {{% CONTENT_TYPE: MARKDOWN}})"
        default: return "\(error)"
        }
    }

    /// The markdown document.
    public static func render(_ model: ExplainModel, library: MustacheLibrary) throws(TemplateError) -> String {
        guard let text = library.render(model, withTemplate: root) else {
            throw TemplateError(description: "the templates have no \(root).mustache to start from")
        }
        return normalize(text)
    }

    /// Trailing blanks removed, runs of blank lines kept to one, one final line break:
    /// templates can be written for reading, and the output is the same every time.
    static func normalize(_ text: String) -> String {
        var lines: [Substring] = []
        var blank = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var trimmed = line
            while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
            if trimmed.isEmpty {
                blank += 1
                if blank > 1 || lines.isEmpty { continue }
            } else {
                blank = 0
            }
            lines.append(trimmed)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}
