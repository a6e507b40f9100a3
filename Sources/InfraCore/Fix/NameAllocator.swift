/// Picks identifiers for what fixes declare: free in the file, not keywords, and
/// never handed out twice in one lint run, so that every fix of a run can be
/// applied together.
public final class NameAllocator: @unchecked Sendable {
    /// The design's names (shared with the design, not copied) and the names given since.
    private let declared: SymbolTable
    private var given: Set<String> = []

    public init(design: Design) {
        declared = design.symbols
    }

    private func isTaken(_ name: String) -> Bool {
        declared[name] != nil || given.contains(name) || Keyword.all.contains(name)
    }

    private func take(_ name: String) { given.insert(name) }

    /// `base` if it is free, else `base-2`, `base-3`, …
    public func named(_ base: String) -> String {
        var candidate = base
        var number = 2
        // Taken, or given now: the insert is the last test, so a free name is hashed
        // three times, not four (MON001 names an agent for each of thousands of hosts).
        while declared[candidate] != nil || Keyword.all.contains(candidate) || !given.insert(candidate).inserted {
            candidate = "\(base)-\(number)"
            number += 1
        }
        return candidate
    }

    /// The next free name in a numbered series: `fw-01`, `fw-02`, …
    public func numbered(_ prefix: String, width: Int = 2) -> String {
        var number = 1
        while true {
            let candidate = prefix + Self.padded(number, width: width)
            if !isTaken(candidate) {
                take(candidate)
                return candidate
            }
            number += 1
        }
    }

    /// A name for a copy: `lb-01` gives `lb-02`, `web9` gives `web10`, `nginx` gives `nginx-2`.
    public func twin(of name: String) -> String {
        let digits = name.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < name.count, let value = Int(String(digits.reversed())) else {
            return named(name)
        }
        let prefix = String(name.dropLast(digits.count))
        var number = value + 1
        while true {
            let candidate = prefix + Self.padded(number, width: digits.count)
            if !isTaken(candidate) {
                take(candidate)
                return candidate
            }
            number += 1
        }
    }

    /// A name for the copy of something held by a copied host: the host's new name
    /// where its old one is part of the name (`dd-lb-01` in `lb-01` gives `dd-lb-02`), else a twin.
    public func twin(of name: String, holderWas old: String, holderIs new: String) -> String {
        if name.contains(old) {
            let candidate = name.replacingOccurrences(of: old, with: new)
            if !isTaken(candidate), Identifiers.isValid(candidate) {
                take(candidate)
                return candidate
            }
        }
        return twin(of: name)
    }

    /// The stem of a numbered name: `lb-01` gives `lb`, `db_primary` stays.
    public static func stem(of name: String) -> String {
        var stem = Substring(name)
        while let last = stem.last, last.isASCII && last.isNumber { stem = stem.dropLast() }
        while let last = stem.last, last == "-" || last == "_" { stem = stem.dropLast() }
        return stem.isEmpty ? name : String(stem)
    }

    private static func padded(_ number: Int, width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// What an identifier may be (LANGUAGE.md, lexical rules).
public enum Identifiers {
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        guard !Keyword.all.contains(name) else { return false }
        return name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }
}
