/// A persistent set of failure units (element indexes) that shares structure with
/// the sets it was made from: the representation behind `FailureSet`.
///
/// A four-way trie of fixed height over the indexes, with 64 units to a leaf
/// (a bit mask). Sets are never changed, only combined: `union` and
/// `intersection` return one of their operands, or reuse its subtrees, wherever
/// the result equals it there, and skip a subtree the two operands share.
///
/// Why: along a chain of n elements that each need the next, every element's
/// set holds the failures of all those after it. Stored as sorted arrays that is
/// n²/2 units (1.6 GB at 20,000); here each element adds one path of
/// `height + 1` nodes to its successor's set, O(n log n) in all. Combining two
/// sets costs O(d · height) where d is the number of leaves they differ in, so the
/// serving equations stay near linear on chains, fan-outs and dense tiers.
public struct UnitSet: Sendable {
    final class Node: Sendable {
        /// Leaves: which of the 64 units under this leaf are in the set.
        let bits: UInt64
        /// Inner nodes: the four subtrees, nil where empty.
        let c0, c1, c2, c3: Node?
        /// How many units are under this node.
        let count: Int

        init(bits: UInt64) {
            self.bits = bits
            c0 = nil; c1 = nil; c2 = nil; c3 = nil
            count = bits.nonzeroBitCount
        }

        init(_ c0: Node?, _ c1: Node?, _ c2: Node?, _ c3: Node?) {
            bits = 0
            self.c0 = c0; self.c1 = c1; self.c2 = c2; self.c3 = c3
            count = (c0?.count ?? 0) + (c1?.count ?? 0) + (c2?.count ?? 0) + (c3?.count ?? 0)
        }

        func child(_ slot: Int) -> Node? {
            switch slot {
            case 0: return c0
            case 1: return c1
            case 2: return c2
            default: return c3
            }
        }
    }

    /// nil for the empty set.
    let root: Node?
    /// 0: the root is a leaf (units 0-63); each level above covers four times more.
    let height: Int

    public static let empty = UnitSet(root: nil, height: 0)

    init(root: Node?, height: Int) {
        self.root = root
        self.height = height
    }

    /// A set of these units (any order, duplicates allowed; negative ones are
    /// ignored), drawn tall enough for units below `universe`: sets combined often
    /// should share one universe, so that none has to be raised.
    public init<Units: Sequence>(_ units: Units, universe: Int = 0) where Units.Element == Int {
        var height = 0
        while max(universe - 1, 0) >> (6 + 2 * height) != 0 { height += 1 }
        var set = UnitSet(root: nil, height: height)
        for unit in units where unit >= 0 { set = set.union(UnitSet(single: unit, height: height)) }
        self = set
    }

    private init(single unit: Int, height minimum: Int) {
        var height = minimum
        while unit >> (6 + 2 * height) != 0 { height += 1 }
        var node = Node(bits: 1 << UInt64(unit & 63))
        var level = 1
        while level <= height {
            let slot = (unit >> (6 + 2 * (level - 1))) & 3
            node = Node(slot == 0 ? node : nil, slot == 1 ? node : nil, slot == 2 ? node : nil, slot == 3 ? node : nil)
            level += 1
        }
        self.init(root: node, height: height)
    }

    public var count: Int { root?.count ?? 0 }
    /// The units this set is drawn for without raising (64 · 4^height).
    public var universe: Int { 64 << (2 * height) }
    public var isEmpty: Bool { root == nil }

    /// This set drawn at a greater height: the same units, its root as slot 0.
    private func raised(to height: Int) -> Node? {
        guard var node = root else { return nil }
        for _ in self.height..<height { node = Node(node, nil, nil, nil) }
        return node
    }

    public func union(_ other: UnitSet) -> UnitSet {
        let height = max(self.height, other.height)
        return UnitSet(root: Self.union(raised(to: height), other.raised(to: height), height: height), height: height)
    }

    public func intersection(_ other: UnitSet) -> UnitSet {
        let height = max(self.height, other.height)
        return UnitSet(root: Self.intersection(raised(to: height), other.raised(to: height), height: height), height: height)
    }

    private static func union(_ a: Node?, _ b: Node?, height: Int) -> Node? {
        guard let a else { return b }
        guard let b else { return a }
        if a === b { return a }
        if height == 0 {
            let bits = a.bits | b.bits
            return bits == a.bits ? a : bits == b.bits ? b : Node(bits: bits)
        }
        let c0 = union(a.c0, b.c0, height: height - 1)
        let c1 = union(a.c1, b.c1, height: height - 1)
        let c2 = union(a.c2, b.c2, height: height - 1)
        let c3 = union(a.c3, b.c3, height: height - 1)
        if c0 === a.c0, c1 === a.c1, c2 === a.c2, c3 === a.c3 { return a }
        if c0 === b.c0, c1 === b.c1, c2 === b.c2, c3 === b.c3 { return b }
        return Node(c0, c1, c2, c3)
    }

    private static func intersection(_ a: Node?, _ b: Node?, height: Int) -> Node? {
        guard let a, let b else { return nil }
        if a === b { return a }
        if height == 0 {
            let bits = a.bits & b.bits
            return bits == 0 ? nil : bits == a.bits ? a : bits == b.bits ? b : Node(bits: bits)
        }
        let c0 = intersection(a.c0, b.c0, height: height - 1)
        let c1 = intersection(a.c1, b.c1, height: height - 1)
        let c2 = intersection(a.c2, b.c2, height: height - 1)
        let c3 = intersection(a.c3, b.c3, height: height - 1)
        if c0 == nil, c1 == nil, c2 == nil, c3 == nil { return nil }
        if c0 === a.c0, c1 === a.c1, c2 === a.c2, c3 === a.c3 { return a }
        if c0 === b.c0, c1 === b.c1, c2 === b.c2, c3 === b.c3 { return b }
        return Node(c0, c1, c2, c3)
    }

    public func contains(_ unit: Int) -> Bool {
        guard unit >= 0, unit >> (6 + 2 * height) == 0, var node = root else { return false }
        var level = height
        while level > 0 {
            guard let next = node.child((unit >> (6 + 2 * (level - 1))) & 3) else { return false }
            node = next
            level -= 1
        }
        return node.bits & (1 << UInt64(unit & 63)) != 0
    }

    /// The units, ascending.
    public var sorted: [Int] {
        var result: [Int] = []
        result.reserveCapacity(count)
        if let root { Self.collect(root, height: height, base: 0, into: &result) }
        return result
    }

    private static func collect(_ node: Node, height: Int, base: Int, into result: inout [Int]) {
        if height == 0 {
            var bits = node.bits
            while bits != 0 {
                result.append(base + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
            return
        }
        let span = 1 << (6 + 2 * (height - 1))
        for slot in 0..<4 {
            if let child = node.child(slot) { collect(child, height: height - 1, base: base + slot * span, into: &result) }
        }
    }

    private static func equal(_ a: Node?, _ b: Node?, height: Int) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        if a === b { return true }
        guard a.count == b.count else { return false }
        if height == 0 { return a.bits == b.bits }
        return equal(a.c0, b.c0, height: height - 1) && equal(a.c1, b.c1, height: height - 1)
            && equal(a.c2, b.c2, height: height - 1) && equal(a.c3, b.c3, height: height - 1)
    }
}

extension UnitSet: Hashable {
    public static func == (a: UnitSet, b: UnitSet) -> Bool {
        let height = max(a.height, b.height)
        return equal(a.raised(to: height), b.raised(to: height), height: height)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for unit in sorted { hasher.combine(unit) }
    }
}
