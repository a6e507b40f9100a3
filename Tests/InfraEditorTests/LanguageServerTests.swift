import Foundation
import InfraCore
import InfraLintKit
@testable import InfraEditor
import Testing

@Suite("The language server's parts: positions, framing, debouncing, names, completion order")
struct LanguageServerTests {
    @Test("positions count UTF-16 units, as the protocol does, around accents and emoji")
    func positions() {
        let source = SourceFile(path: "p.infra", text: "client \"é🚀\" x\nweb-server w\n")
        // `x` is after 'client "é🚀" ': é is one unit, 🚀 two.
        let offset = source.offset(line: 0, character: 13)
        #expect(source.text(SourceRange(offset, offset + 1)) == "x")
        #expect(source.lspPosition(at: offset) == ["line": 0, "character": 13])
        #expect(source.offset(line: 1, character: 99) == source.lineRange(2).upperBound, "past a line's end is its end")
        #expect(source.offset(line: 9, character: 0) == source.bytes.count, "past the last line is the end")
    }

    @Test("JSON reads what clients send and refuses what is not JSON, without throwing")
    func json() {
        let text = #"{"a": [1, -2.5e3, true, false, null], "s": "q\"\\\/\n\u00e9\ud83d\ude80", "o": {}}"#
        let value = JSON.parse(Array(text.utf8))
        #expect(value?["a"] == [1, .number(-2500), true, false, .null])
        #expect(value?["s"] == "q\"\\/\né🚀")
        #expect(value.flatMap { JSON.parse($0.encoded) } == value, "what the server writes reads back the same")
        let odd: JSON = ["b": "tab\there \u{01} \"q\" é/🚀", "a": [.number(0.5), -3, .null]]
        #expect(String(decoding: odd.encoded, as: UTF8.self) == #"{"a":[0.5,-3,null],"b":"tab\there \u0001 \"q\" é/🚀"}"#)
        #expect(JSON.parse(odd.encoded) == odd)
        for bad in ["{", "[1,]", "{\"a\" 1}", "tru", "\"a", "1 2", "+1", ".5", "[\"\u{01}\"]", "nul", ""] {
            #expect(JSON.parse(Array(bad.utf8)) == Optional<JSON>.none, "\(bad)")
        }
        #expect(JSON.parse(Array((String(repeating: "[", count: 300) + String(repeating: "]", count: 300)).utf8)) == Optional<JSON>.none,
                "nesting is bounded")
    }

    @Test("a message split across reads, and two in one read, are framed right")
    func framing() throws {
        var pipe: [Int32] = [0, 0]
        #expect(Foundation.pipe(&pipe) == 0)
        let transport = Transport(input: pipe[0], output: pipe[1])
        let first = Array("{\"a\":1}".utf8), second = Array("{\"b\":2}".utf8)
        let bytes = Array("Content-Length: 7\r\n\r\n".utf8) + first + Array("Content-Length: 7\r\n\r\n".utf8) + second
        #expect(!transport.ready(within: 0), "nothing has arrived")
        _ = bytes.withUnsafeBytes { Foundation.write(pipe[1], $0.baseAddress, 10) }
        #expect(transport.ready(within: 0), "bytes are waiting")
        _ = bytes[10...].withUnsafeBytes { Foundation.write(pipe[1], $0.baseAddress, $0.count) }
        close(pipe[1])
        #expect(transport.read() == .message(first))
        #expect(transport.ready(within: 0))
        #expect(transport.read() == .message(second))
        #expect(transport.read() == .end)
        close(pipe[0])
    }

    @Test("a burst of changes is linted once, when the server is told to publish")
    func debounce() throws {
        var sent: [JSON] = []
        let server = LanguageServer { sent.append(JSON.parse($0) ?? .null) }
        func send(_ message: JSON) { _ = server.receive(message.encoded) }
        send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:]]])
        send(["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
            "uri": "file:///d.infra", "languageId": "infra", "version": 1, "text": "client users\n"]]])
        let opened = sent.filter { $0["method"]?.string == "textDocument/publishDiagnostics" }.count
        #expect(opened == 1, "diagnostics on open at once")
        for version in 2...5 {
            send(["jsonrpc": "2.0", "method": "textDocument/didChange", "params": [
                "textDocument": ["uri": "file:///d.infra", "version": JSON(version)],
                "contentChanges": [["text": JSON("client users\nweb-server w\(version)\nusers -> w\(version) : https\n")]]]])
        }
        #expect(sent.filter { $0["method"]?.string == "textDocument/publishDiagnostics" }.count == 1, "nothing until the burst ends")
        #expect(server.hasPendingDiagnostics)
        server.publishPending()
        let published = sent.filter { $0["method"]?.string == "textDocument/publishDiagnostics" }
        #expect(published.count == 2)
        #expect(published.last?["params"]?["version"] == 5)
        #expect(!server.hasPendingDiagnostics)
    }

    @Test("a new name must be one identifier and not a keyword")
    func identifiers() {
        #expect(Navigation.isIdentifier("web-03"))
        #expect(Navigation.isIdentifier("db_primary"))
        for bad in ["", "2 words", "server", "a->b", "x#y", "\"q\"", "a,b", "in"] {
            #expect(!Navigation.isIdentifier(bad), "\(bad)")
        }
    }

    @Test("a list's next item completes after a comma: a comma inside brackets does not start a new property")
    func listItemsComplete() throws {
        let text = "web-server web-1\nweb-server web-2\nmonitor mon { watches: [web-1, ] }\n"
        let analysis = Analysis(source: SourceFile(path: "w.infra", text: text), options: LintOptions())
        let cursor = try #require(text.utf8.firstIndex(of: UInt8(ascii: "]")))
        let offset = text.utf8.distance(from: text.utf8.startIndex, to: cursor)
        let labels = (Completion.items(analysis, offset: offset).array ?? []).compactMap { $0["label"]?.string }
        #expect(labels.contains("web-2"))
        #expect(!labels.contains("load-balancer"))
    }

    @Test("hover on an element whose failure leaves everyone served but overloads a survivor says so, as AV010 does")
    func hoverSaysTheOverload() throws {
        let text = """
            client users { load: 450 }
            load-balancer lb { instances: 2 }
            app-server a { capacity: 300 }
            app-server b { capacity: 300 }
            users -> lb : https
            lb -> a, b : http
            """
        let analysis = Analysis(source: SourceFile(path: "h.infra", text: text), options: LintOptions())
        let hover = try #require(Hover.describe("a", in: analysis))
        #expect(hover.contains("If a fails: every client can still do everything it could, but at peak b must serve 450 requests a second; it can serve 300 (150%)."), "\(hover)")
        let balancer = try #require(Hover.describe("lb", in: analysis))
        #expect(!balancer.contains("but at peak"), "losing one of lb's two instances moves no load: \(balancer)")
    }

    @Test("completion offers no property the block already sets")
    func setPropertiesNotOffered() throws {
        let text = "cluster c { mode: active-passive, "
        let analysis = Analysis(source: SourceFile(path: "c.infra", text: text), options: LintOptions())
        let labels = (Completion.items(analysis, offset: text.utf8.count).array ?? []).compactMap { $0["label"]?.string }
        #expect(!labels.contains("mode"), "\(labels)")
        #expect(labels.contains("failover"))
    }

    @Test("completion puts what begins with the typed word first, then the closest")
    func ranking() {
        let candidates: [(String, Int, String?)] = ["client", "dns", "cdn", "load-balancer", "cache"].map { ($0, 0, nil) }
        #expect(Completion.ranked(candidates, prefix: "c").map(\.0).prefix(3) == ["client", "cdn", "cache"])
        #expect(Completion.ranked(candidates, prefix: "lod").first?.0 == "load-balancer")
        #expect(Completion.typedWord("users -> web-0") == "web-0")
        #expect(Completion.typedWord("users ->") == "")
    }
}
