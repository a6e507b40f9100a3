/// Reduced ordered binary decision diagrams over independent failure variables:
/// the exact form of "is this request served?" as a function of which hosts and
/// elements are up, from which its probability is one pass.
///
/// Node 0 is false, node 1 true; a variable's place in the order is given at its
/// first use (see `variable`). `and` and `or`
/// are memoised, so a formula shared by several paths is built once. When the
/// diagram would pass `nodeLimit` nodes, or an operation would recurse deeper than
/// `depthLimit` variables, `overflowed` is set and the results stop being exact:
/// the caller then estimates by simulation instead.
final class BDD: @unchecked Sendable {
    private var variables: [Int32] = [Int32.max, Int32.max]
    private var lows: [Int32] = [0, 1]
    private var highs: [Int32] = [0, 1]
    private struct Key: Hashable { var variable, low, high: Int32 }
    private var unique: [Key: Int32] = [:]
    private struct Pair: Hashable { var a, b: Int32 }
    private var andMemo: [Pair: Int32] = [:]
    private var orMemo: [Pair: Int32] = [:]
    let nodeLimit: Int
    let depthLimit = 4_000
    private(set) var overflowed = false

    init(nodeLimit: Int = 400_000) {
        self.nodeLimit = nodeLimit
    }

    var nodeCount: Int { variables.count }

    /// Each variable's level in the order, given at its first use: later variables
    /// go above earlier ones. The serving equations are solved dependencies first,
    /// so what a node adds to the formulas below it comes on top, which keeps a
    /// chain's `and` and a fan-out's `or` linear instead of quadratic.
    private var levelOf: [Int: Int32] = [:]
    private var numberOf: [Int32: Int] = [:]
    private var nextLevel = Int32.max - 1

    /// The formula "variable is up".
    func variable(_ number: Int) -> Int32 {
        let level: Int32
        if let known = levelOf[number] {
            level = known
        } else {
            level = nextLevel
            nextLevel -= 1
            levelOf[number] = level
            numberOf[level] = number
        }
        return make(level, 0, 1)
    }

    /// The variable number of a node's level.
    private func number(_ node: Int32) -> Int { numberOf[variables[Int(node)]] ?? 0 }

    private func make(_ variable: Int32, _ low: Int32, _ high: Int32) -> Int32 {
        if low == high { return low }
        let key = Key(variable: variable, low: low, high: high)
        if let node = unique[key] { return node }
        guard variables.count < nodeLimit else {
            overflowed = true
            return 0
        }
        let node = Int32(variables.count)
        variables.append(variable)
        lows.append(low)
        highs.append(high)
        unique[key] = node
        return node
    }

    func and(_ a: Int32, _ b: Int32) -> Int32 { apply(a, b, isAnd: true, depth: 0) }
    func or(_ a: Int32, _ b: Int32) -> Int32 { apply(a, b, isAnd: false, depth: 0) }

    private func apply(_ a: Int32, _ b: Int32, isAnd: Bool, depth: Int) -> Int32 {
        if isAnd {
            if a == 0 || b == 0 { return 0 }
            if a == 1 { return b }
            if b == 1 || a == b { return a }
        } else {
            if a == 1 || b == 1 { return 1 }
            if a == 0 { return b }
            if b == 0 || a == b { return a }
        }
        guard !overflowed, depth < depthLimit else {
            overflowed = true
            return 0
        }
        let pair = Pair(a: min(a, b), b: max(a, b))
        if let memo = isAnd ? andMemo[pair] : orMemo[pair] { return memo }
        let va = variables[Int(a)], vb = variables[Int(b)]
        let top = min(va, vb)
        let (a0, a1) = va == top ? (lows[Int(a)], highs[Int(a)]) : (a, a)
        let (b0, b1) = vb == top ? (lows[Int(b)], highs[Int(b)]) : (b, b)
        let low = apply(a0, b0, isAnd: isAnd, depth: depth + 1)
        let high = apply(a1, b1, isAnd: isAnd, depth: depth + 1)
        let result = make(top, low, high)
        if isAnd { andMemo[pair] = result } else { orMemo[pair] = result }
        return result
    }

    /// The probability that a formula is true, each variable up with `up(number)`;
    /// and for each variable it reads, how much that probability rises per unit of
    /// the variable's chance to be up (Birnbaum's importance). One pass up the
    /// diagram for each node's probability, one down for the chance of reaching it.
    /// Raising a variable from `p` to 1 adds `(1 - p) ×` its importance.
    func evaluate(_ root: Int32, up: (Int) -> Double) -> (probability: Double, importance: [Int: Double]) {
        guard root > 1 else { return (Double(root), [:]) }
        // The nodes under the root; a parent is always numbered after its children.
        var seen = Set<Int32>()
        var stack = [root]
        while let node = stack.popLast() {
            guard node > 1, seen.insert(node).inserted else { continue }
            stack.append(lows[Int(node)])
            stack.append(highs[Int(node)])
        }
        let nodes = seen.sorted()
        var probability: [Int32: Double] = [0: 0, 1: 1]
        for node in nodes {
            let p = up(number(node))
            probability[node] = p * (probability[highs[Int(node)]] ?? 0) + (1 - p) * (probability[lows[Int(node)]] ?? 0)
        }
        var reach: [Int32: Double] = [root: 1]
        var result: [Int: Double] = [:]
        for node in nodes.reversed() {
            let chance = reach[node] ?? 0
            let variable = number(node)
            let p = up(variable)
            let low = lows[Int(node)], high = highs[Int(node)]
            reach[low, default: 0] += chance * (1 - p)
            reach[high, default: 0] += chance * p
            result[variable, default: 0] += chance * ((probability[high] ?? 0) - (probability[low] ?? 0))
        }
        return (probability[root] ?? 0, result)
    }
}

/// A formula as a value of the serving equations.
struct Formula: ServingValue, @unchecked Sendable {
    let node: Int32
    let manager: BDD?

    static var unserved: Formula { Formula(node: 0, manager: nil) }
    static var servedUnconditionally: Formula { Formula(node: 1, manager: nil) }

    static func all(_ a: Formula, _ b: Formula) -> Formula {
        guard let manager = a.manager ?? b.manager else { return Formula(node: a.node & b.node, manager: nil) }
        return Formula(node: manager.and(a.node, b.node), manager: manager)
    }

    static func any(_ a: Formula, _ b: Formula) -> Formula {
        guard let manager = a.manager ?? b.manager else { return Formula(node: a.node | b.node, manager: nil) }
        return Formula(node: manager.or(a.node, b.node), manager: manager)
    }

    static func == (a: Formula, b: Formula) -> Bool { a.node == b.node }
}
