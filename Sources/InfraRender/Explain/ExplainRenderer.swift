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
                throw TemplateError(description: "\(template.origin):\(describe(error, in: template.text))")
            } catch {
                throw TemplateError(description: "\(template.origin): \(error)")
            }
        }
        guard templates[root] != nil else {
            throw TemplateError(description: "the templates have no \(root).mustache to start from")
        }
        for name in templates.keys.sorted() {
            guard let template = templates[name] else { continue }
            for partial in TemplateTags(template.text).partials where templates[partial.name] == nil {
                throw TemplateError(description: "\(template.origin):\(partial.line):\(partial.column): includes the template '\(partial.name)', which does not exist\(Suggestions.didYouMean(partial.name, in: templates.keys))")
            }
        }
        return library
    }

    /// "LINE:COLUMN: what is wrong", at the tag that is wrong where it can be found.
    static func describe(_ error: MustacheTemplate.ParserError, in text: String) -> String {
        let tags = TemplateTags(text)
        let at = "\(error.context.lineNumber):\(error.context.columnNumber)"
        switch error.error {
        case MustacheTemplate.Error.expectedSectionEnd:
            guard let open = tags.sections().open.last else { return "\(at): a section is not closed" }
            return "\(open.line):\(open.column): the section \(open.text) is never closed: expected {{/\(open.name)}} before the end of the template"
        case MustacheTemplate.Error.sectionCloseNameIncorrect:
            guard let mismatch = tags.sections().mismatch else { return "\(at): a section is closed with another name than it was opened with" }
            guard let open = mismatch.open else { return "\(mismatch.close.line):\(mismatch.close.column): \(mismatch.close.text) closes no section" }
            return "\(mismatch.close.line):\(mismatch.close.column): \(mismatch.close.text) closes the section \(open.text) opened at \(open.line):\(open.column); expected {{/\(open.name)}}"
        case MustacheTemplate.Error.unfinishedName:
            guard let tag = tags.unfinished else { return "\(at): a tag is not finished (a {{ without its }})" }
            return "\(tag.line):\(tag.column): the tag `\(tag.text)` is not finished: expected }} before the next {{ or the end"
        case MustacheTemplate.Error.invalidSetDelimiter:
            return "\(at): a set-delimiter tag is malformed"
        case MustacheTemplate.Error.invalidConfigVariableSyntax:
            return "\(at): a pragma is malformed (expected {{% CONTENT_TYPE: MARKDOWN}})"
        case MustacheTemplate.Error.unrecognisedConfigVariable:
            return "\(at): an unknown pragma (infralint knows {{% CONTENT_TYPE: MARKDOWN}})"
        default:
            let line = error.context.line.trimmingCharacters(in: .whitespaces)
            return "\(at): \(error.error)" + (line.isEmpty ? "" : " in `\(line)`")
        }
    }

    /// The markdown document.
    public static func render(_ model: ExplainModel, library: MustacheLibrary) throws(TemplateError) -> String {
        guard let text = library.render(TemplateContext.make(model), withTemplate: root) else {
            throw TemplateError(description: "the templates have no \(root).mustache to start from")
        }
        return normalize(text)
    }

    /// Trailing blanks removed, runs of blank lines kept to one, one final line break:
    /// templates can be written for reading, and the output is the same every time.
    static func normalize(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var line: [UInt8] = []
        var blank = 0
        func flush() {
            while let last = line.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { line.removeLast() }
            if line.isEmpty {
                blank += 1
                if blank > 1 || out.isEmpty { return }
            } else {
                blank = 0
            }
            out += line
            out.append(UInt8(ascii: "\n"))
        }
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                flush()
                line.removeAll(keepingCapacity: true)
            } else {
                line.append(byte)
            }
        }
        flush()
        while out.count >= 2, out[out.count - 1] == UInt8(ascii: "\n"), out[out.count - 2] == UInt8(ascii: "\n") { out.removeLast() }
        if out.isEmpty { return "\n" }
        return String(decoding: out, as: UTF8.self)
    }
}
