/// Glob patterns for `exclude:` in `.infralint.yml`, with the usual syntax.
///
/// `*` matches any run of characters but `/`, `?` one character but `/`,
/// `[abc]`, `[a-z]` and `[!a-z]` (or `[^a-z]`) one character of a set, `{a,b}`
/// either alternative (nested braces too), `**` any number of whole folders. A
/// pattern without `/` matches a file's name, or the name of a folder it is in,
/// wherever it is (`*.draft.infra`, `generated`); one with `/` matches the path
/// relative to the configuration file's folder (`legacy/**`,
/// `**/generated/*.infra`). A pattern that matches a folder matches everything
/// under it, as in `.gitignore`: `designs/legacy` and `designs/legacy/` are
/// `designs/legacy/**`. An unclosed `[` or `{` is an error (`Glob.problem`).
public struct Glob: Sendable, Hashable {
    public let pattern: String
    /// The pattern with its braces expanded.
    private let alternatives: [String]

    public init(_ pattern: String) {
        self.pattern = pattern
        var text = pattern
        if text.hasPrefix("./") { text.removeFirst(2) }
        while text.count > 1, text.hasSuffix("/") { text.removeLast() }
        alternatives = Self.expandBraces(text)
    }

    /// What is wrong with a pattern, or nil when it is well formed.
    public static func problem(in pattern: String) -> String? {
        var braces = 0
        var inClass = false
        var previous: Character?
        for character in pattern {
            if inClass {
                if character == "]", previous != "[", previous != "!", previous != "^" { inClass = false }
            } else if character == "[" {
                inClass = true
            } else if character == "{" {
                braces += 1
            } else if character == "}" {
                guard braces > 0 else { return "a '}' with no '{' before it" }
                braces -= 1
            }
            previous = character
        }
        if inClass { return "a '[' that no ']' closes" }
        if braces > 0 { return "a '{' that no '}' closes" }
        return nil
    }

    /// Whether a relative path (with `/` separators) matches.
    public func matches(_ path: String) -> Bool {
        let path = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        let segments = path.split(separator: "/").map(String.init)
        return alternatives.contains { pattern in
            if !pattern.contains("/") {
                // The name of the file or of any folder above it.
                return segments.contains { Self.match(Array(pattern), Array($0)) }
            }
            let parts = pattern.split(separator: "/").map(String.init)
            // The whole path, or a folder the path is in.
            return (1...max(segments.count, 1)).contains { length in
                Self.matchSegments(parts[...], segments[..<min(length, segments.count)])
            }
        }
    }

    /// `a{b,c{d,e}}f` → `abf`, `acdf`, `acef`.
    static func expandBraces(_ pattern: String) -> [String] {
        let characters = Array(pattern)
        guard let open = characters.firstIndex(of: "{") else { return [pattern] }
        var depth = 0
        var close: Int?
        var commas: [Int] = []
        for index in open..<characters.count {
            switch characters[index] {
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { close = index }
            case "," where depth == 1: commas.append(index)
            default: break
            }
            if close != nil { break }
        }
        guard let close else { return [pattern] }
        let prefix = String(characters[..<open])
        let suffix = String(characters[(close + 1)...])
        let bounds = [open] + commas + [close]
        var results: [String] = []
        for index in 0..<(bounds.count - 1) {
            let option = String(characters[(bounds[index] + 1)..<bounds[index + 1]])
            results += expandBraces(prefix + option + suffix)
        }
        return results
    }

    private static func matchSegments(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            for start in path.startIndex...path.endIndex where matchSegments(rest, path[start...]) { return true }
            return false
        }
        guard let segment = path.first, match(Array(first), Array(segment)) else { return false }
        return matchSegments(pattern.dropFirst(), path.dropFirst())
    }

    /// One pattern element: a character, `?`, or a set.
    private enum Element {
        case character(Character)
        case any
        case set([ClosedRange<Character>], negated: Bool)
        case star

        func accepts(_ character: Character) -> Bool {
            switch self {
            case .character(let expected): return expected == character
            case .any: return true
            case .set(let ranges, let negated): return ranges.contains { $0.contains(character) } != negated
            case .star: return false
            }
        }
    }

    private static func elements(_ pattern: [Character]) -> [Element] {
        var result: [Element] = []
        var index = 0
        while index < pattern.count {
            let character = pattern[index]
            switch character {
            case "*": result.append(.star)
            case "?": result.append(.any)
            case "[":
                var cursor = index + 1
                var negated = false
                if cursor < pattern.count, pattern[cursor] == "!" || pattern[cursor] == "^" {
                    negated = true
                    cursor += 1
                }
                var ranges: [ClosedRange<Character>] = []
                var first = true
                while cursor < pattern.count, pattern[cursor] != "]" || first {
                    let low = pattern[cursor]
                    if cursor + 2 < pattern.count, pattern[cursor + 1] == "-", pattern[cursor + 2] != "]", low <= pattern[cursor + 2] {
                        ranges.append(low...pattern[cursor + 2])
                        cursor += 3
                    } else {
                        ranges.append(low...low)
                        cursor += 1
                    }
                    first = false
                }
                guard cursor < pattern.count else {
                    // No closing bracket: a literal '[' (Glob.problem reports it first).
                    result.append(.character("["))
                    break
                }
                result.append(.set(ranges, negated: negated))
                index = cursor
            default: result.append(.character(character))
            }
            index += 1
        }
        return result
    }

    /// Within one segment, iteratively (no backtracking blow-up).
    private static func match(_ pattern: [Character], _ text: [Character]) -> Bool {
        let pattern = elements(pattern)
        var p = 0, t = 0
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < pattern.count, case .star = pattern[p] {
                star = p
                resume = t
                p += 1
            } else if p < pattern.count, pattern[p].accepts(text[t]) {
                p += 1
                t += 1
            } else if let starIndex = star {
                p = starIndex + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, case .star = pattern[p] { p += 1 }
        return p == pattern.count
    }
}
