/// Names in running prose: "a", "a and b", "a, b and c"; past `limit` names,
/// the first ones and "and 2,490 more", so that a message about a fan-out of
/// thousands stays a sentence. One name over the limit is named: "and 1 more"
/// would take the place of the name it hides.
public func listed(_ names: [String], conjunction: String = "and", limit: Int = 12) -> String {
    if names.count > limit + 1, limit > 0 {
        return names.prefix(limit).joined(separator: ", ") + " \(conjunction) \(names.count - limit) more"
    }
    switch names.count {
    case 0: return ""
    case 1: return names[0]
    default: return names.dropLast().joined(separator: ", ") + " \(conjunction) " + (names.last ?? "")
    }
}

/// A way requests take: "users -> lb -> web". Past `limit` steps, the first and
/// the last few with how many are left out between them, so that a ring of
/// thousands of services stays a line: "users -> s0 -> … (995 more) -> s999 -> s0".
public func chained(_ names: [String], limit: Int = 12) -> String {
    guard names.count > limit + 1, limit >= 2 else { return names.joined(separator: " -> ") }
    let head = (limit + 1) / 2, tail = limit / 2
    return (names.prefix(head) + ["… (\(names.count - head - tail) more)"] + names.suffix(tail)).joined(separator: " -> ")
}

/// A noun with its article: "a load balancer", "an agent", "an HTTP link".
public func withArticle(_ noun: String) -> String {
    guard let first = noun.lowercased().first else { return noun }
    let vowel = "aeiou".contains(first) || noun.hasPrefix("HTTP") || noun.hasPrefix("SSH")
    return (vowel ? "an " : "a ") + noun
}

/// A count with its noun: "1 file", "3 files".
public func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}

extension Severity {
    /// "2 errors", "1 warning": the severities these findings have, most severe first.
    public static func counts(of findings: [Finding]) -> [String] {
        allCases.reversed().compactMap { severity in
            let count = findings.filter { $0.severity == severity }.count
            return count == 0 ? nil : counted(count, severity.rawValue)
        }
    }
}
