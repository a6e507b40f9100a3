/// A set of small non-negative integers (element, node or link indexes) as one
/// stamp each: inserting and asking cost an array access, where a `Set<Int>` hashes.
///
/// A walk made again from each of many starts (every client, every host) shares
/// one: `startOver()` forgets the last walk's marks at once, by moving to the next
/// stamp, so a thousand walks over a large graph cost what they visit, not a set
/// apiece or a sweep of the whole graph each.
public struct Marks: Sendable {
    private var stamps: [UInt32]
    private var walk: UInt32 = 1

    /// An empty set able to hold 0..<capacity without growing.
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

    /// Adds an index; false when it was already there (or is negative).
    @discardableResult
    public mutating func insert(_ index: Int) -> Bool {
        guard index >= 0 else { return false }
        if index >= stamps.count { stamps += Array(repeating: 0, count: index + 1 - stamps.count) }
        guard stamps[index] != walk else { return false }
        stamps[index] = walk
        return true
    }
}
