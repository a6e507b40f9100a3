/// Lists of integers (edge indexes, states) kept in one flat array, with where
/// each list starts: the graph's adjacency and the serving equations' dependencies
/// hold one list per node or state, and an array each cost more to allocate than
/// to fill.
///
/// Items and starts are kept in 32 bits: they are indexes of elements, links, nodes
/// or states, all below 2^31 (a design file is at most `SourceLoader.maxFileBytes`),
/// and the lists of a 100,000-element lint held 20 MB in 64 bits.
public struct FlatLists: Sendable {
    // Inlinable, like its accessors: the analyses in other modules read these
    // lists in their innermost loops, where a call per item cost 3% of a lint.
    @usableFromInline var starts: [Int32] = [0]
    @usableFromInline var items: [Int32] = []

    /// No lists yet: add them in order with `append(_:)` and `endList()`.
    public init() {}

    /// `count` lists, list `key` holding the items of the pairs with that key, in the
    /// order of the pairs.
    public init(count: Int, pairs: [(key: Int, item: Int)]) {
        var counts = [Int32](repeating: 0, count: count + 1)
        for (key, _) in pairs { counts[key + 1] += 1 }
        for key in 0..<count { counts[key + 1] += counts[key] }
        starts = counts
        var next = counts
        items = [Int32](repeating: 0, count: pairs.count)
        for (key, item) in pairs {
            items[Int(next[key])] = Int32(truncatingIfNeeded: item)
            next[key] += 1
        }
    }

    /// Adds an item to the list being built.
    @inlinable
    public mutating func append(_ item: Int) { items.append(Int32(truncatingIfNeeded: item)) }

    /// Ends the list being built; the next item starts a new one.
    @inlinable
    public mutating func endList() { starts.append(Int32(truncatingIfNeeded: items.count)) }

    @inlinable
    public mutating func reserveCapacity(lists: Int, items itemCount: Int) {
        starts.reserveCapacity(lists + 1)
        items.reserveCapacity(itemCount)
    }

    /// How many lists.
    @inlinable
    public var count: Int { starts.count - 1 }

    @inlinable
    public subscript(list: Int) -> FlatList { FlatList(items: items, bounds: bounds(of: list)) }

    /// Where a list's items are, for `item(at:)`: a loop that visits lists one item
    /// at a time (a depth-first search) makes no slice per step.
    @inlinable
    public func bounds(of list: Int) -> Range<Int> { Int(starts[list])..<Int(starts[list + 1]) }

    /// The item at a position of `bounds(of:)`.
    @inlinable
    public func item(at position: Int) -> Int { Int(items[position]) }
}

/// One list of a `FlatLists`, indexed from 0, without copying it; or, with no
/// items of its own, the integers of `bounds` (a single node, made without
/// allocating).
public struct FlatList: RandomAccessCollection, Sendable {
    @usableFromInline let items: [Int32]
    @usableFromInline let bounds: Range<Int>

    @inlinable
    init(items: [Int32], bounds: Range<Int>) {
        self.items = items
        self.bounds = bounds
    }

    /// A list of its own, for a list made on the spot (an element's single node).
    public init(_ values: [Int]) {
        if values.count == 1, let only = values.first {
            self.init(items: [], bounds: only..<(only + 1))
        } else {
            self.init(items: values.map { Int32(truncatingIfNeeded: $0) }, bounds: 0..<values.count)
        }
    }

    /// One value, kept inline.
    public init(single value: Int) {
        items = []
        bounds = value..<(value + 1)
    }

    /// No items.
    public static let empty = FlatList([])

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { bounds.count }
    @inlinable public subscript(position: Int) -> Int {
        items.isEmpty ? bounds.lowerBound + position : Int(items[bounds.lowerBound + position])
    }
}

extension FlatList: ExpressibleByArrayLiteral {
    public init(arrayLiteral values: Int...) { self.init(values) }
}

extension FlatList {
    /// Both lists' items, in order.
    public static func + (lhs: FlatList, rhs: FlatList) -> [Int] { Array(lhs) + Array(rhs) }
}
