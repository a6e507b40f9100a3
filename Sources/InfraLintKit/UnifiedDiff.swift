/// A unified diff of two texts, line by line, as `diff -u` and `git diff` print it.
///
/// Myers' algorithm over the lines between the common prefix and suffix: O((N+M)·D)
/// time and O(D²) memory for D changed lines, which for a fix is a handful.
public enum UnifiedDiff {
    enum Step: Equatable {
        case same(Int, Int)
        case removed(Int)
        case added(Int)
    }

    /// The diff, with `context` lines around each change; empty when the texts are equal.
    public static func diff(_ old: String, _ new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let a = lines(old)
        let b = lines(new)
        guard a != b else { return "" }
        let steps = script(a, b)
        var out = "--- \(oldName)\n+++ \(newName)\n"
        var index = 0
        while index < steps.count {
            guard let change = steps[index...].firstIndex(where: { if case .same = $0 { return false } else { return true } }) else { break }
            var start = max(change - context, index == 0 ? 0 : index)
            if start < index { start = index }
            var end = change
            var sameRun = 0
            var cursor = change
            while cursor < steps.count {
                if case .same = steps[cursor] {
                    sameRun += 1
                    if sameRun > context * 2 { break }
                } else {
                    sameRun = 0
                    end = cursor
                }
                cursor += 1
            }
            let stop = min(end + context + 1, steps.count)
            out += hunk(Array(steps[start..<stop]), a, b)
            index = stop
        }
        return out
    }

    private static func hunk(_ steps: [Step], _ a: [Substring], _ b: [Substring]) -> String {
        var oldStart: Int?
        var newStart: Int?
        var oldCount = 0
        var newCount = 0
        var body = ""
        for step in steps {
            switch step {
            case .same(let i, let j):
                oldStart = oldStart ?? i
                newStart = newStart ?? j
                oldCount += 1
                newCount += 1
                body += " \(a[i])\n"
            case .removed(let i):
                oldStart = oldStart ?? i
                oldCount += 1
                body += "-\(a[i])\n"
            case .added(let j):
                newStart = newStart ?? j
                newCount += 1
                body += "+\(b[j])\n"
            }
        }
        // Positions are 1-based; an empty side names the line before it.
        let oldLine = oldCount == 0 ? (oldStart ?? position(before: steps, old: true)) : (oldStart ?? 0) + 1
        let newLine = newCount == 0 ? (newStart ?? position(before: steps, old: false)) : (newStart ?? 0) + 1
        return "@@ -\(oldLine),\(oldCount) +\(newLine),\(newCount) @@\n" + body
    }

    /// For a hunk with nothing on one side, the line after which the change happens.
    private static func position(before steps: [Step], old: Bool) -> Int {
        for step in steps {
            switch step {
            case .same(let i, let j): return old ? i : j
            case .removed(let i): if old { return i }
            case .added(let j): if !old { return j }
            }
        }
        return 0
    }

    private static func lines(_ text: String) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The edit script from `a` to `b`.
    static func script(_ a: [Substring], _ b: [Substring]) -> [Step] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let x = Array(a[prefix..<(a.count - suffix)])
        let y = Array(b[prefix..<(b.count - suffix)])
        var steps = (0..<prefix).map { Step.same($0, $0) }
        steps += myers(x, y).map { step in
            switch step {
            case .same(let i, let j): return .same(i + prefix, j + prefix)
            case .removed(let i): return .removed(i + prefix)
            case .added(let j): return .added(j + prefix)
            }
        }
        steps += (0..<suffix).map { .same(a.count - suffix + $0, b.count - suffix + $0) }
        return steps
    }

    private static func myers(_ a: [Substring], _ b: [Substring]) -> [Step] {
        let n = a.count, m = b.count
        if n == 0 { return (0..<m).map(Step.added) }
        if m == 0 { return (0..<n).map(Step.removed) }
        let maximum = n + m
        var v = [Int](repeating: 0, count: 2 * maximum + 2)
        var trace: [[Int]] = []
        var found = false
        for d in 0...maximum {
            // Only the diagonals -d...d matter at step d.
            trace.append(Array(v[(maximum - d)...(maximum + d + 1)]))
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && v[maximum + k - 1] < v[maximum + k + 1]) {
                    x = v[maximum + k + 1]
                } else {
                    x = v[maximum + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[maximum + k] = x
                if x >= n, y >= m {
                    found = true
                    break
                }
                k += 2
            }
            if found { break }
        }
        // Walk back through the saved diagonals.
        var steps: [Step] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let saved = trace[d]
            func at(_ k: Int) -> Int { saved[k + d] }
            let k = x - y
            let previousK: Int
            if d > 0, k == -d || (k != d && at(k - 1) < at(k + 1)) {
                previousK = k + 1
            } else {
                previousK = k - 1
            }
            let previousX = d > 0 ? at(previousK) : 0
            let previousY = previousX - previousK
            while x > previousX, y > previousY, d > 0 || (x > 0 && y > 0) {
                x -= 1
                y -= 1
                steps.append(.same(x, y))
            }
            if d == 0 { break }
            if x == previousX {
                y -= 1
                steps.append(.added(y))
            } else {
                x -= 1
                steps.append(.removed(x))
            }
        }
        while x > 0, y > 0 {
            x -= 1
            y -= 1
            steps.append(.same(x, y))
        }
        return steps.reversed()
    }
}
