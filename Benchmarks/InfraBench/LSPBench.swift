import Foundation
import InfraCore
import InfraEditor

/// `scripts/benchmark --lsp`: `infralint lsp` as an editor runs it, a separate
/// process on pipes. For each generated design: the time from opening it to its
/// diagnostics, and from a change to the answer of the request that follows it (a
/// hover, which must lint the changed text first), median of 20 changes.
enum LSPBench {
    static func run(sizes: [Int], infralint: String, median: ([Double]) -> Double) {
        print("elements  open → diagnostics (ms)  change → answer (ms, median of 20)")
        for size in sizes {
            let text = DesignGenerator.design(elements: size)
            let elements = Frontend.read(SourceFile(path: "g.infra", text: text)).design.elements.count
            guard let (open, changes) = measure(text, infralint: infralint) else {
                print("could not run \(infralint) lsp")
                return
            }
            print(String(format: "%-9d %-27.1f %.1f", elements, open * 1e3, median(changes) * 1e3))
        }
    }

    private static func measure(_ text: String, infralint: String) -> (Double, [Double])? {
        let process = Process()
        let toServer = Pipe(), fromServer = Pipe()
        process.executableURL = URL(fileURLWithPath: infralint)
        process.arguments = ["lsp"]
        process.standardInput = toServer
        process.standardOutput = fromServer
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let transport = Transport(input: fromServer.fileHandleForReading.fileDescriptor,
                                  output: toServer.fileHandleForWriting.fileDescriptor)
        func send(_ message: JSON) { transport.write(message.encoded) }
        /// Reads until the response to `id` (or a notification of `method`) arrives.
        func wait(id: Int? = nil, method: String? = nil) {
            while case .message(let body) = transport.read() {
                let message = JSON.parse(body)
                if let id, message?["id"]?.int == id, message?["method"] == nil { return }
                if let method, message?["method"]?.string == method { return }
            }
        }
        let uri: JSON = "file:///bench/g.infra"
        send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:]]])
        wait(id: 1)
        send(["jsonrpc": "2.0", "method": "initialized", "params": [:]])
        let opened = DispatchTime.now().uptimeNanoseconds
        send(["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
            "uri": uri, "languageId": "infra", "version": 1, "text": JSON(text)]]])
        wait(method: "textDocument/publishDiagnostics")
        let open = Double(DispatchTime.now().uptimeNanoseconds - opened) / 1e9
        var changes: [Double] = []
        for version in 2...21 {
            let start = DispatchTime.now().uptimeNanoseconds
            send(["jsonrpc": "2.0", "method": "textDocument/didChange", "params": [
                "textDocument": ["uri": uri, "version": JSON(version)],
                "contentChanges": [["range": ["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 0]],
                                    "text": JSON("# edit \(version)\n")]]]])
            send(["jsonrpc": "2.0", "id": JSON(version), "method": "textDocument/hover", "params": [
                "textDocument": ["uri": uri], "position": ["line": 1, "character": 0]]])
            wait(id: version)
            changes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        send(["jsonrpc": "2.0", "id": 99, "method": "shutdown"])
        wait(id: 99)
        send(["jsonrpc": "2.0", "method": "exit"])
        process.waitUntilExit()
        return (open, changes)
    }
}
