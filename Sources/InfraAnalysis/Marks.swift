/// A set of small non-negative integers (element, node or link indexes) as one flag
/// each: inserting and asking cost an array access, where a `Set<Int>` hashes.
public struct Marks: Sendable, Equatable {
    private var flags: [Bool]

    /// An empty set able to hold 0..<capacity without growing.
    public init(capacity: Int) { flags = Array(repeating: false, count: capacity) }

    public func contains(_ index: Int) -> Bool { index >= 0 && index < flags.count && flags[index] }

    /// Adds an index; false when it was already there.
    @discardableResult
    public mutating func insert(_ index: Int) -> Bool {
        if index >= flags.count { flags += Array(repeating: false, count: index + 1 - flags.count) }
        guard !flags[index] else { return false }
        flags[index] = true
        return true
    }
}
