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

/// Marks for a walk made again from each of many starts (every client, every
/// host): `startOver()` forgets the last walk's marks at once, so a thousand walks
/// over a large graph cost what they visit, not a set apiece or a sweep of the
/// whole graph each.
public struct WalkMarks: Sendable {
    private var stamps: [UInt32]
    private var walk: UInt32 = 1

    /// Able to hold 0..<capacity without growing.
    public init(capacity: Int) { stamps = Array(repeating: 0, count: max(capacity, 0)) }

    /// Forgets every mark.
    public mutating func startOver() {
        walk &+= 1
        if walk == 0 {
            // After four billion walks the stamps wrap round: clear them once.
            stamps = Array(repeating: 0, count: stamps.count)
            walk = 1
        }
    }

    public func contains(_ index: Int) -> Bool { index >= 0 && index < stamps.count && stamps[index] == walk }

    /// Marks an index; false when this walk had marked it already.
    @discardableResult
    public mutating func insert(_ index: Int) -> Bool {
        guard index >= 0 else { return false }
        if index >= stamps.count { stamps += Array(repeating: 0, count: index + 1 - stamps.count) }
        guard stamps[index] != walk else { return false }
        stamps[index] = walk
        return true
    }
}
