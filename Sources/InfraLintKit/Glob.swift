/// Glob patterns for `exclude:` in `.infralint.yml`.
///
/// `*` matches any run of characters but `/`, `?` one character but `/`, `**`
/// any number of whole folders. A pattern without `/` matches a file's name
/// wherever it is (`*.draft.infra`); one with `/` matches the path relative to
/// the configuration file's folder (`legacy/**`, `**/generated/*.infra`); a
/// pattern ending in `/` matches everything under that folder.
public struct Glob: Sendable, Hashable {
    public let pattern: String

    public init(_ pattern: String) {
        self.pattern = pattern
    }

    /// Whether a relative path (with `/` separators) matches.
    public func matches(_ path: String) -> Bool {
        var pattern = self.pattern
        if pattern.hasPrefix("./") { pattern.removeFirst(2) }
        if pattern.hasSuffix("/") { pattern += "**" }
        let path = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        if !pattern.contains("/") {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            return Self.match(Array(pattern), Array(name))
        }
        return Self.matchSegments(pattern.split(separator: "/").map(String.init), path.split(separator: "/").map(String.init))
    }

    private static func matchSegments(_ pattern: [String], _ path: [String]) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = Array(pattern.dropFirst())
            for start in 0...path.count where matchSegments(rest, Array(path[start...])) { return true }
            return false
        }
        guard let segment = path.first, match(Array(first), Array(segment)) else { return false }
        return matchSegments(Array(pattern.dropFirst()), Array(path.dropFirst()))
    }

    /// `*` and `?` within one segment, iteratively (no backtracking blow-up).
    private static func match(_ pattern: [Character], _ text: [Character]) -> Bool {
        var p = 0, t = 0
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let starIndex = star {
                p = starIndex + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
