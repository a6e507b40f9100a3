/// Lists of integers (edge indexes, states) kept in one flat array, with where
/// each list starts: the graph's adjacency and the serving equations' dependencies
/// hold one list per node or state, and an array each cost more to allocate than
/// to fill.
public struct FlatLists: Sendable {
    // Inlinable, like its accessors: the analyses in other modules read these
    // lists in their innermost loops, where a call per item cost 3% of a lint.
    @usableFromInline var starts: [Int] = [0]
    @usableFromInline var items: [Int] = []

    /// No lists yet: add them in order with `append(_:)` and `endList()`.
    public init() {}

    /// `count` lists, list `key` holding the items of the pairs with that key, in the
    /// order of the pairs.
    public init(count: Int, pairs: [(key: Int, item: Int)]) {
        var counts = [Int](repeating: 0, count: count + 1)
        for (key, _) in pairs { counts[key + 1] += 1 }
        for key in 0..<count { counts[key + 1] += counts[key] }
        starts = counts
        var next = counts
        items = [Int](repeating: 0, count: pairs.count)
        for (key, item) in pairs {
            items[next[key]] = item
            next[key] += 1
        }
    }

    /// Adds an item to the list being built.
    @inlinable
    public mutating func append(_ item: Int) { items.append(item) }

    /// Ends the list being built; the next item starts a new one.
    @inlinable
    public mutating func endList() { starts.append(items.count) }

    @inlinable
    public mutating func reserveCapacity(lists: Int, items itemCount: Int) {
        starts.reserveCapacity(lists + 1)
        items.reserveCapacity(itemCount)
    }

    /// How many lists.
    @inlinable
    public var count: Int { starts.count - 1 }

    @inlinable
    public subscript(list: Int) -> ArraySlice<Int> { items[starts[list]..<starts[list + 1]] }

    /// Where a list's items are, for `item(at:)`: a loop that visits lists one item
    /// at a time (a depth-first search) makes no slice per step.
    @inlinable
    public func bounds(of list: Int) -> Range<Int> { starts[list]..<starts[list + 1] }

    /// The item at a position of `bounds(of:)`.
    @inlinable
    public func item(at position: Int) -> Int { items[position] }
}
