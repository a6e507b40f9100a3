import Foundation
import InfraCore
import InfraLintKit
import InfraRender
import InfraTestSupport
import Testing

/// JSONTree as Encodable, so that JSONEncoder can write the same document: the
/// reference the direct writer is compared with.
extension JSONTree: Encodable {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .int(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in members { try container.encodeIfPresent(value, forKey: Key(stringValue: key)) }
        case .shared(_, let inner):
            try inner.encode(to: encoder)
        }
    }
}

/// A random document: nested objects and arrays, keys of mixed case, digits and
/// punctuation, strings that need escaping, nil members, shared values.
private func randomTree(_ generator: inout SeededGenerator, depth: Int, shared: [JSONTree]) -> JSONTree {
    let words = ["text", "Text", "uri", "uriBaseId", "a1", "a10", "a2", "$schema", "security-severity", "x", "ruleId", "ruleIndex", "é", "", "Z"]
    let strings = ["", "plain", "line\nbreak", "tab\t\"quote\" back\\slash", "/path/é 😀", "\u{1}\u{1F}"]
    let choice = depth >= 4 ? Int.random(in: 0..<3, using: &generator) : Int.random(in: 0..<6, using: &generator)
    switch choice {
    case 0: return .string(strings.randomElement(using: &generator) ?? "")
    case 1: return .int(Int.random(in: -1_000...100_000, using: &generator))
    case 2: return .bool(Bool.random(using: &generator))
    case 3:
        let count = Int.random(in: 0..<4, using: &generator)
        return .array((0..<count).map { _ in randomTree(&generator, depth: depth + 1, shared: shared) })
    case 4:
        let keys = Array(words.shuffled(using: &generator).prefix(Int.random(in: 0..<6, using: &generator)))
        return .object(keys.map { key in
            (key, Bool.random(using: &generator) && depth > 0 ? nil : randomTree(&generator, depth: depth + 1, shared: shared))
        })
    default:
        let index = Int.random(in: 0..<shared.count, using: &generator)
        return .shared(index, shared[index])
    }
}

@Suite("SARIF is written directly, byte for byte what JSONEncoder wrote, and a shared fix is built once")
struct SARIFWriterTests {
    @Test("random documents: the direct writer gives JSONEncoder's bytes, shared values included")
    func treeMatchesEncoder() throws {
        for seed in UInt64(0)..<300 {
            var generator = SeededGenerator(seed: seed)
            let shared = (0..<3).map { _ in randomTree(&generator, depth: 2, shared: [.int(0)]) }
            let tree = randomTree(&generator, depth: 0, shared: shared)
            #expect(tree.document == JSONRenderer.encode(tree), "seed \(seed)")
        }
    }

    @Test("one app reading a chain of replicas: each replica's AV001 carries the whole tier's fix, the same on every result")
    func sharedTierFix() throws {
        var text = "client users\napp-server app\nusers -> app : https\ndatabase db0 { role: primary }\napp -> db0 : mysql\n"
        for index in 1..<8 {
            text += "database db\(index) { role: replica, replicates: db\(index - 1) }\napp -> db\(index) : mysql { access: read }\n"
        }
        var options = LintOptions()
        options.compileFixes = true
        let source = SourceFile(path: "tier.infra", text: text)
        let report = LintRun.report([LintRun.lint(source, options: options)])
        let sarif = SARIFRenderer.render(report, version: "0")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let results = try #require((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let tier = results.filter { result in
            result["ruleId"] as? String == "AV001"
                && ((result["properties"] as? [String: Any])?["element"] as? String)?.hasPrefix("db") == true
                && ((result["properties"] as? [String: Any])?["element"] as? String) != "db0"
        }
        // db0 takes reads and writes, the replicas only reads: they are the peers.
        #expect(tier.count == 7)
        let fixes = try tier.map { try #require($0["fixes"] as? [[String: Any]]) }
        let first = try #require(fixes.first)
        for other in fixes { #expect(NSArray(array: other).isEqual(to: first)) }
        let replacements = (first.first?["artifactChanges"] as? [[String: Any]])?.first?["replacements"] as? [[String: Any]]
        // The cluster is written in one place and each of the other six replicas is taken out of theirs.
        #expect(replacements?.count ?? 0 >= 7)
        // What the fix compiles to alone is what every result carries.
        let finding = try #require(report.findings.first { $0.code == "AV001" && $0.element == "db3" })
        let parsed = Frontend.read(source)
        let fix = try #require(finding.fix)
        let alone = try #require(EditCompiler(tree: parsed.tree, design: parsed.design).patches(for: fix.edits))
        #expect(alone.count == replacements?.count)
        #expect(sarif.contains("cluster database-tier"))
    }

    @Test("a fix of more than 100 replacements answering many results is written on the first only; the others name it by fingerprint")
    func largeSharedFixWrittenOnce() throws {
        var text = "client users\napp-server app\nusers -> app : https\ndatabase db0 { role: primary }\napp -> db0 : mysql\n"
        for index in 1...120 {
            text += "database db\(index) { role: replica, replicates: db\(index - 1) }\napp -> db\(index) : mysql { access: read }\n"
        }
        var options = LintOptions()
        options.compileFixes = true
        let report = LintRun.report([LintRun.lint(SourceFile(path: "tier.infra", text: text), options: options)])
        let sarif = SARIFRenderer.render(report, version: "0")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let results = try #require((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let tier = results.filter { result in
            let element = (result["properties"] as? [String: Any])?["element"] as? String
            return result["ruleId"] as? String == "AV001" && element?.hasPrefix("db") == true && element != "db0"
        }
        #expect(tier.count == 120)
        let first = try #require(tier.first)
        let replacements = (((first["fixes"] as? [[String: Any]])?.first?["artifactChanges"] as? [[String: Any]])?
            .first?["replacements"] as? [[String: Any]]) ?? []
        #expect(replacements.count > 100)
        let firstFingerprint = (first["partialFingerprints"] as? [String: Any])?["infralintFingerprint/v1"] as? String
        for other in tier.dropFirst() {
            #expect(other["fixes"] == nil)
            #expect((other["properties"] as? [String: Any])?["fixOn"] as? String == firstFingerprint)
            // The advice itself is still on every result.
            #expect(((other["properties"] as? [String: Any])?["fix"] as? String)?.contains("database-tier") == true)
        }
        // Linear, not quadratic: the log stays small.
        #expect(sarif.utf8.count < 1_000_000)
    }
}
