import Foundation
import InfraCore
import InfraRules
import Yams

/// `.infralint.yml`: rules turned off, severities changed, paths excluded, `fail-on`.
///
/// ```yaml
/// fail-on: error          # error, warning, note or never
/// rules:
///   AV006: off            # off / on, or a severity: error, warning, note
///   MON001: note
///   SEC003: { severity: error }
/// exclude:
///   - legacy/**
///   - "*.draft.infra"
/// ```
public struct Configuration: Sendable {
    /// The file it was read from, if any.
    public var path: String?
    /// Codes turned off.
    public var disabled: Set<String> = []
    /// Severities changed, by code.
    public var severities: [String: Severity] = [:]
    public var exclude: [Glob] = []
    public var failOn: FailOn?
    /// The folder `exclude` patterns are relative to.
    public var baseDirectory: String

    public static let fileName = ".infralint.yml"

    public init(baseDirectory: String = FileManager.default.currentDirectoryPath) {
        self.baseDirectory = baseDirectory
    }

    /// A configuration error, with where it is.
    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public var path: String
        public var line: Int?
        public var column: Int?
        public var message: String
        /// The file's other errors, after this one: every mistake is reported at once.
        public var others: [Error] = []

        public var description: String {
            ([self] + others).map { error in
                var place = error.path
                if let line = error.line { place += ":\(line)" }
                if let column = error.column { place += ":\(column)" }
                return "\(place): \(error.message)"
            }.joined(separator: "\ninfralint: error: ")
        }
    }

    /// `--config FILE` when given, else the nearest `.infralint.yml` in `directory` or
    /// a parent, else the defaults.
    public static func resolve(explicit: String?, from directory: String = FileManager.default.currentDirectoryPath)
        throws(Error) -> Configuration
    {
        if let explicit { return try load(path: explicit) }
        let start = URL(fileURLWithPath: directory).standardizedFileURL
        var folder = start
        var display = fileName
        while true {
            let candidate = folder.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) {
                // Shown as found from where the user stands: .infralint.yml, ../.infralint.yml, …
                var configuration = try load(path: candidate, display: display)
                configuration.path = display
                return configuration
            }
            display = "../" + display
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        return Configuration(baseDirectory: directory)
    }

    /// Reads and checks one file; errors name it as `display` (the path by default).
    public static func load(path: String, display: String? = nil) throws(Error) -> Configuration {
        let shown = display ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Error(path: shown, line: nil, column: nil, message: "cannot read the configuration file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Error(path: shown, line: nil, column: nil, message: "the configuration file is not UTF-8 text")
        }
        let folder = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        return try parse(text, path: shown, baseDirectory: folder)
    }

    static let keys = ["fail-on", "rules", "exclude"]

    /// Parses configuration text.
    public static func parse(_ text: String, path: String, baseDirectory: String) throws(Error) -> Configuration {
        var configuration = Configuration(baseDirectory: baseDirectory)
        configuration.path = path
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlError(error, path: path)
        } catch {
            throw Error(path: path, line: nil, column: nil, message: "not valid YAML: \(error)")
        }
        guard let root else { return configuration }
        func fail(_ node: Node, _ message: String) -> Error {
            Error(path: path, line: node.mark?.line, column: node.mark?.column, message: message)
        }
        guard let mapping = root.mapping else {
            throw fail(root, "expected a mapping with the keys \(listed(keys.map { "'\($0)'" }))")
        }
        let codes = RuleRegistry.codes
        var errors: [Error] = []
        /// Runs one part, keeping its error and going on to the next.
        func collecting(_ body: () throws(Error) -> Void) {
            do { try body() } catch { errors.append(error) }
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            collecting { () throws(Error) in
                switch key {
                case "fail-on":
                    let text = value.scalar?.string ?? ""
                    guard let failOn = FailOn(rawValue: text) else {
                        throw fail(value, "fail-on takes error, warning, note or never, found '\(text)'\(Suggestions.didYouMean(text, in: FailOn.allCases.map(\.rawValue)))")
                    }
                    configuration.failOn = failOn
                case "rules":
                    guard let rules = value.mapping else {
                        throw fail(value, "'rules' is a mapping from rule codes to off, on or a severity")
                    }
                    for (codeNode, setting) in rules {
                        collecting { () throws(Error) in
                            let code = (codeNode.string ?? "").uppercased()
                            guard codes.contains(code) else {
                                throw fail(codeNode, "no rule has the code '\(codeNode.string ?? "")'\(Suggestions.didYouMean(code, in: codes))")
                            }
                            try applyRule(code, setting, to: &configuration, fail: fail)
                        }
                    }
                case "exclude":
                    let patterns: [Node] = value.sequence.map { Array($0) } ?? [value]
                    for pattern in patterns {
                        collecting { () throws(Error) in
                            guard let text = pattern.scalar?.string, !text.isEmpty else {
                                throw fail(pattern, "'exclude' takes glob patterns such as legacy/** or \"*.draft.infra\"")
                            }
                            if let problem = Glob.problem(in: text) {
                                throw fail(pattern, "the pattern '\(text)' has \(problem)")
                            }
                            configuration.exclude.append(Glob(text))
                        }
                    }
                default:
                    throw fail(keyNode, "unknown key '\(key)'\(suggestion(for: key, among: keys))")
                }
            }
        }
        if var first = errors.first {
            first.others = Array(errors.dropFirst())
            throw first
        }
        return configuration
    }

    private static func applyRule(_ code: String, _ setting: Node, to configuration: inout Configuration,
                                  fail: (Node, String) -> Error) throws(Error) {
        let words = ["off", "on", "false", "true"] + Severity.allCases.map(\.rawValue)
        func apply(_ word: String, at node: Node) throws(Error) {
            switch word {
            case "off", "false": configuration.disabled.insert(code)
            case "on", "true": configuration.disabled.remove(code)
            default:
                guard let severity = Severity(rawValue: word) else {
                    throw fail(node, "\(code) takes off, on or a severity (error, warning, note), found '\(word)'\(Suggestions.didYouMean(word, in: words))")
                }
                configuration.severities[code] = severity
            }
        }
        if let scalar = setting.scalar {
            try apply(scalar.string, at: setting)
            return
        }
        guard let mapping = setting.mapping else {
            throw fail(setting, "\(code) takes off, on, a severity, or { severity: …, enabled: … }")
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "severity":
                let word = value.scalar?.string ?? ""
                guard Severity(rawValue: word) != nil else {
                    throw fail(value, "severity takes error, warning or note, found '\(word)'\(Suggestions.didYouMean(word, in: Severity.allCases.map(\.rawValue)))")
                }
                try apply(word, at: value)
            case "enabled":
                guard let flag = value.bool else { throw fail(value, "enabled takes true or false") }
                try apply(flag ? "on" : "off", at: value)
            default:
                throw fail(keyNode, "unknown key '\(key)' for \(code)\(suggestion(for: key, among: ["severity", "enabled"]))")
            }
        }
    }

    /// "; did you mean 'rules'?" for a likely typo, else the keys expected.
    private static func suggestion(for key: String, among keys: [String]) -> String {
        Suggestions.closest(to: key, in: keys).map { "; did you mean '\($0)'?" }
            ?? "; expected \(listed(keys.map { "'\($0)'" }, conjunction: "or"))"
    }

    private static func yamlError(_ error: YamlError, path: String) -> Error {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return Error(path: path, line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
        default:
            return Error(path: path, line: nil, column: nil, message: "not valid YAML: \(error)")
        }
    }

    /// Whether a file is excluded (paths are compared relative to the configuration's folder).
    public func excludes(_ path: String) -> Bool {
        guard !exclude.isEmpty, path != Inputs.standardInputPath else { return false }
        let relative = FilePaths.relative(path, under: baseDirectory) ?? path
        return exclude.contains { $0.matches(relative) }
    }

    /// What `lint` applies to a design file found on its own (an editor's, the live
    /// page's): the nearest .infralint.yml from the file's folder, else the defaults.
    public static func nearest(toFile path: String) throws(Error) -> Configuration {
        try resolve(explicit: nil, from: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    /// The default lint options with this configuration applied.
    public var lintOptions: LintOptions {
        var options = LintOptions()
        apply(to: &options)
        return options
    }

    /// Lint options with this configuration applied.
    public func apply(to options: inout LintOptions) {
        options.rules = options.rules.filter { !disabled.contains($0.description.code) }
        options.disabledCodes = disabled
        options.severities.merge(severities) { _, new in new }
        if let failOn { options.failOn = failOn }
    }
}
