import InfraCore

/// The single failures (element indexes of hosts and components) that would stop
/// something, or `unserved` when it is not served even with nothing failed.
///
/// Up to `smallLimit` units are a sorted array: what real designs have (the hosts
/// on the one path through every tier), and cheapest to combine. Beyond that the
/// units are a persistent `UnitSet`, which shares structure with the sets it was
/// made from: along a chain of n elements that each need the next, the sets cost
/// O(n log n) in all, not the O(n²) of an array per element. The representation
/// is canonical (a set is small exactly when it has at most `smallLimit` units),
/// so equal sets compare equal case by case.
public enum FailureSet: ServingValue, Hashable {
    case unserved
    /// Sorted element indexes, at most `smallLimit` of them.
    case small([Int32])
    /// More than `smallLimit` units.
    case large(UnitSet)

    static let smallLimit = 24

    public static var servedUnconditionally: FailureSet { .small([]) }

    /// A served set of these units, in the canonical representation.
    public init(units: [Int], universe: Int) {
        var sorted = units.sorted()
        if sorted.count > 1 {
            // Each unit once.
            var kept = 1
            for index in 1..<sorted.count where sorted[index] != sorted[kept - 1] {
                sorted[kept] = sorted[index]
                kept += 1
            }
            sorted.removeLast(sorted.count - kept)
        }
        if sorted.count <= Self.smallLimit {
            self = .small(sorted.map { Int32($0) })
        } else {
            self = .large(UnitSet(sorted, universe: universe))
        }
    }

    private static func canonical(_ set: UnitSet) -> FailureSet {
        set.count <= smallLimit ? .small(set.sorted.map { Int32($0) }) : .large(set)
    }

    private static func trie(_ units: [Int32], like other: UnitSet) -> UnitSet {
        UnitSet(units.map(Int.init), universe: other.universe)
    }

    /// Needs both: stopped by what stops either.
    public static func all(_ a: FailureSet, _ b: FailureSet) -> FailureSet {
        switch (a, b) {
        case (.unserved, _), (_, .unserved): return .unserved
        case (.small(let x), .small(let y)):
            if x.isEmpty { return b }
            if y.isEmpty { return a }
            let merged = mergeUnion(x, y)
            guard merged.count > smallLimit else { return .small(merged) }
            return .large(UnitSet(merged.map(Int.init)))
        case (.small(let x), .large(let y)), (.large(let y), .small(let x)):
            if x.isEmpty { return .large(y) }
            return .large(y.union(trie(x, like: y)))
        case (.large(let x), .large(let y)):
            return .large(x.union(y))
        }
    }

    /// Needs one: stopped only by what stops both.
    public static func any(_ a: FailureSet, _ b: FailureSet) -> FailureSet {
        switch (a, b) {
        case (.unserved, _): return b
        case (_, .unserved): return a
        case (.small(let x), .small(let y)): return .small(mergeIntersection(x, y))
        case (.small(let x), .large(let y)), (.large(let y), .small(let x)):
            return .small(x.filter { y.contains(Int($0)) })
        case (.large(let x), .large(let y)):
            return canonical(x.intersection(y))
        }
    }

    private static func mergeUnion(_ x: [Int32], _ y: [Int32]) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(x.count + y.count)
        var i = 0, j = 0
        while i < x.count, j < y.count {
            if x[i] < y[j] { result.append(x[i]); i += 1 }
            else if x[i] > y[j] { result.append(y[j]); j += 1 }
            else { result.append(x[i]); i += 1; j += 1 }
        }
        result.append(contentsOf: x[i...])
        result.append(contentsOf: y[j...])
        return result
    }

    private static func mergeIntersection(_ x: [Int32], _ y: [Int32]) -> [Int32] {
        var result: [Int32] = []
        var i = 0, j = 0
        while i < x.count, j < y.count {
            if x[i] < y[j] { i += 1 }
            else if x[i] > y[j] { j += 1 }
            else { result.append(x[i]); i += 1; j += 1 }
        }
        return result
    }

    /// Whether this element's failure alone stops it.
    public func contains(_ unit: Int) -> Bool {
        switch self {
        case .unserved: return true
        case .small(let units):
            var low = 0, high = units.count
            while low < high {
                let mid = (low + high) / 2
                if Int(units[mid]) < unit { low = mid + 1 } else { high = mid }
            }
            return low < units.count && Int(units[low]) == unit
        case .large(let units): return units.contains(unit)
        }
    }

    /// The element indexes, ascending; empty when unserved.
    public var elements: [Int] {
        switch self {
        case .unserved: return []
        case .small(let units): return units.map(Int.init)
        case .large(let units): return units.sorted
        }
    }

    public var isServed: Bool {
        if case .unserved = self { return false }
        return true
    }
}
