import Foundation
import InfraCore
import InfraRender
import InfraRules

/// A record of accepted findings, so a team can adopt infralint on an existing
/// design: `--write-baseline FILE` records today's findings; `--baseline FILE`
/// hides them. Findings are matched by file and fingerprint (the rule code with the
/// element), never by line, so they stay hidden after edits elsewhere in the file;
/// entries nothing matches any more are reported (SUP004), so the baseline can shrink.
public struct Baseline: Sendable {
    public struct Entry: Codable, Sendable, Hashable {
        /// The design file, relative to the baseline's folder.
        public var file: String
        public var fingerprint: String
        public var code: String
        /// The message when recorded, for people reading the file.
        public var message: String
    }

    struct Document: Codable {
        var version: Int
        var findings: [Entry]
    }

    public var path: String
    public var entries: [Entry]

    /// Why a baseline could not be read.
    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func load(path: String) throws(Error) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Error(description: "\(path): cannot read the baseline file")
        }
        do {
            let document = try JSONDecoder().decode(Document.self, from: data)
            guard document.version == 1 else {
                throw Error(description: "\(path): baseline version \(document.version) is not supported (expected 1)")
            }
            return Baseline(path: path, entries: document.findings)
        } catch let error as Error {
            throw error
        } catch {
            throw Error(description: "\(path): not a baseline written by infralint --write-baseline (\(Self.reason(error)))")
        }
    }

    private static func reason(_ error: Swift.Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        case DecodingError.keyNotFound(let key, _): return "missing '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context): return context.debugDescription
        default: return "\(error)"
        }
    }

    /// The baseline's text for these findings (parse errors are never recorded).
    public static func text(for findings: [Finding], path: String) -> String {
        let entries = findings.filter { $0.code != "PARSE" }.map { finding in
            Entry(file: relative(finding.location.file, to: path), fingerprint: finding.fingerprint, code: finding.code,
                  message: finding.message)
        }
        let sorted = Array(Set(entries)).sorted { ($0.file, $0.fingerprint) < ($1.file, $1.fingerprint) }
        return JSONRenderer.encode(Document(version: 1, findings: sorted))
    }

    /// A design path relative to the baseline file's folder.
    static func relative(_ file: String, to baselinePath: String) -> String {
        guard file != Inputs.standardInputPath else { return file }
        let folder = URL(fileURLWithPath: FilePaths.absolute(baselinePath)).deletingLastPathComponent().path
        return FilePaths.relative(file, under: folder) ?? FilePaths.absolute(file)
    }

    /// Hides the findings the baseline lists, and reports the entries that match
    /// nothing in the files linted. Entries are matched as a multiset: an entry
    /// recorded once hides one finding, so a second finding with the same file and
    /// fingerprint (which unique fingerprints make rare) is shown.
    public func apply(to outcomes: [FileOutcome]) -> [FileOutcome] {
        struct Key: Hashable { var file, fingerprint: String }
        var available: [Key: Int] = [:]
        for entry in entries { available[Key(file: entry.file, fingerprint: entry.fingerprint), default: 0] += 1 }
        var result = outcomes.map { outcome -> FileOutcome in
            var outcome = outcome
            var kept: [Finding] = []
            for finding in outcome.findings {
                let key = Key(file: Self.relative(finding.location.file, to: path), fingerprint: finding.fingerprint)
                if finding.code != "PARSE", let count = available[key], count > 0 {
                    var hidden = finding
                    hidden.suppression = Suppression(kind: .baseline, justification: "listed in the baseline \(path)")
                    outcome.suppressed.append(hidden)
                    available[key] = count - 1
                } else {
                    kept.append(finding)
                }
            }
            outcome.findings = kept
            return outcome
        }
        let linted = Set(outcomes.filter { !$0.failedToParse }.map { Self.relative($0.path, to: path) })
        // Entries left over in a linted file match nothing: stale, each once.
        var stale: [Entry] = []
        for entry in entries where linted.contains(entry.file) {
            let key = Key(file: entry.file, fingerprint: entry.fingerprint)
            if let count = available[key], count > 0 {
                stale.append(entry)
                available[key] = count - 1
            }
        }
        guard !stale.isEmpty else { return result }
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let source = SourceFile(path: path, text: text)
        for entry in stale {
            let rule = SuppressionDiagnostics.staleBaseline
            let line = (1...max(source.lineCount, 1)).first { source.lineText($0).contains("\"\(entry.fingerprint)\"") } ?? 1
            let location = Location(file: path, start: Position(line: line, column: 1), end: Position(line: line, column: 1))
            let finding = Finding(
                code: rule.code, name: rule.name, severity: rule.defaultSeverity, category: rule.category,
                message: "the baseline still lists \(entry.fingerprint) in \(entry.file), which is fixed: rewrite the baseline so it cannot hide the problem if it comes back",
                location: location, element: nil, fix: .manual("infralint lint … --write-baseline \(path)"),
                fingerprint: "\(rule.code):\(entry.file):\(entry.fingerprint)")
            if let index = result.firstIndex(where: { Self.relative($0.path, to: path) == entry.file }) {
                result[index].findings.append(finding)
            }
        }
        return result
    }
}
