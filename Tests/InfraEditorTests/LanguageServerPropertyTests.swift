import Foundation
import InfraCore
@testable import InfraEditor
import InfraTestSupport
import Testing

/// The server on designs nobody wrote for it: the fuzz corpus (broken files among
/// them) and random designs. Every request at every position gets an answer (a
/// result or a protocol error, never a crash), every definition lands on a
/// declaration of the same name, and every rename keeps the file parsing.
@Suite("The language server on designs it was not written for")
struct LanguageServerPropertyTests {
    static var texts: [(String, String)] {
        let corpus = Fixtures.root.appendingPathComponent("Fuzz/corpus")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).sorted()
        let seeds = files.compactMap { name -> (String, String)? in
            guard let data = FileManager.default.contents(atPath: corpus.appendingPathComponent(name).path),
                  let text = String(data: data, encoding: .utf8) else { return nil }
            return (name, text)
        }
        return seeds + (1...40).map { ("random-\($0)", RandomDesigns.make(seed: UInt64($0))) }
    }

    @Test("every request at every position answers, and navigation agrees with the names")
    func everyPosition() throws {
        var checked = 0
        for (name, text) in Self.texts {
            var answers: [JSON] = []
            let server = LanguageServer { answers.append(JSON.parse($0) ?? .null) }
            var id = 0
            func request(_ method: String, _ params: JSON) -> JSON? {
                id += 1
                answers = []
                _ = server.receive(JSON.object(["jsonrpc": "2.0", "id": JSON(id), "method": JSON(method), "params": params]).encoded)
                return answers.first { $0["id"]?.int == id }
            }
            _ = request("initialize", ["capabilities": [:]])
            let uri: JSON = "file:///p.infra"
            _ = server.receive(JSON.object(["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": [
                "textDocument": ["uri": uri, "languageId": "infra", "version": 1, "text": JSON(text)]]]).encoded)
            let source = SourceFile(path: "p.infra", text: text)
            // 40 positions a file, spread over it by a fixed generator: ends of names included.
            var state = UInt64(text.utf8.count) &* 0x9E37_79B9_7F4A_7C15 | 1
            for _ in 0..<40 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let line = Int((state >> 33) % UInt64(source.lineCount))
                let character = Int((state >> 13) % UInt64(source.lineRange(line + 1).count + 2))
                let at: JSON = ["textDocument": ["uri": uri], "position": ["line": JSON(line), "character": JSON(character)]]
                for method in ["textDocument/hover", "textDocument/completion", "textDocument/definition", "textDocument/prepareRename"] {
                    let answer = try #require(request(method, at), "\(name) \(method) \(line):\(character)")
                    #expect(answer["result"] != nil || answer["error"] != nil, "\(name) \(method)")
                    checked += 1
                }
                // A definition is a declaration of the name under the cursor.
                if let definition = request("textDocument/definition", at)?["result"], definition != .null,
                   let start = source.offset(definition["range"]?["start"]), let end = source.offset(definition["range"]?["end"]) {
                    let declared = source.text(SourceRange(start, end))
                    let word = Completion.typedWord(String(decoding: source.bytes[source.lineRange(line + 1).lowerBound..<source.offset(line: line, character: character)], as: UTF8.self))
                    #expect(declared.hasPrefix(word), "\(name): \(declared) for \(word)")
                }
            }
            let whole: JSON = ["start": ["line": 0, "character": 0], "end": ["line": JSON(source.lineCount), "character": 0]]
            for method in ["textDocument/documentSymbol", "textDocument/formatting"] {
                #expect(request(method, ["textDocument": ["uri": uri], "options": ["tabSize": 2, "insertSpaces": true]])?["result"] != nil, "\(name) \(method)")
            }
            let actions = request("textDocument/codeAction", ["textDocument": ["uri": uri], "range": whole, "context": ["diagnostics": []]])
            #expect(actions?["result"]?.array != nil, "\(name)")
            // A rename of the first declared name keeps the file parsing (when it did).
            let parsed = Frontend.read(source)
            if parsed.errors.isEmpty, let first = SymbolIndex(tree: parsed.tree).occurrences.first(where: \.isDeclaration) {
                let at = source.lspPosition(at: first.range.start)
                let edit = request("textDocument/rename", ["textDocument": ["uri": uri], "position": at, "newName": "renamed-x1"])
                let edits = edit?["result"]?["changes"]?["file:///p.infra"]?.array ?? []
                #expect(!edits.isEmpty, "\(name)")
                var bytes = source.bytes
                for edit in edits.reversed() {
                    guard let start = source.offset(edit["range"]?["start"]), let end = source.offset(edit["range"]?["end"]) else { continue }
                    bytes.replaceSubrange(start..<end, with: Array("renamed-x1".utf8))
                }
                let after = Frontend.read(SourceFile(path: "p.infra", text: String(decoding: bytes, as: UTF8.self)))
                #expect(after.errors.isEmpty, "\(name): rename of \(first.name) broke the file: \(after.errors.map(\.message))")
            }
        }
        #expect(checked > 15_000)
    }
}
