import Foundation
import InfraCore
import InfraLintKit

/// `infralint lsp`: the Language Server Protocol over two file descriptors, on the
/// same parser, builder and rules as `lint`, so an editor never disagrees with CI.
///
/// One thread reads a message, answers it and reads the next. Diagnostics after a
/// change wait until no message has arrived for `debounce` milliseconds, so a burst
/// of keystrokes is linted once; a request about a changed document lints it first.
public final class LanguageServer {
    /// How long the input must stay quiet after a change before the document is linted.
    public static let debounce: Int32 = 150

    private let send: ([UInt8]) -> Void
    private var documents: [String: Document] = [:]
    /// Documents changed since their diagnostics were last sent, in the order changed.
    private var pending: [String] = []
    private var initialized = false
    private var shutdownRequested = false
    private var configurations: [String: (LintOptions, Configuration?)] = [:]

    public init(send: @escaping ([UInt8]) -> Void) {
        self.send = send
    }

    /// Serves a client until it says `exit` or closes the input; the process's exit status.
    public static func run(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) -> Int32 {
        let transport = Transport(input: input, output: output)
        let server = LanguageServer(send: transport.write)
        while true {
            if server.hasPendingDiagnostics, !transport.ready(within: debounce) {
                server.publishPending()
                continue
            }
            switch transport.read() {
            case .end:
                return server.shutdownRequested ? 0 : 1
            case .badHeader(let header):
                server.log("infralint lsp: skipped a message with a bad header: \(header.prefix(200))")
            case .message(let body):
                if let status = server.receive(body) { return status }
            }
        }
    }

    public var hasPendingDiagnostics: Bool { !pending.isEmpty }

    /// Sends the diagnostics of every document changed since they were last sent.
    public func publishPending() {
        let uris = pending
        pending = []
        for uri in uris { publishDiagnostics(uri) }
    }

    /// Handles one message; the exit status when it was `exit`.
    public func receive(_ body: [UInt8]) -> Int32? {
        guard let message = JSON.parse(body) else {
            reply(id: .null, error: (-32700, "the message is not JSON"))
            return nil
        }
        guard case .object = message, let method = message["method"]?.string else {
            // A response to a request of ours (the server sends none) is ignored.
            if message["result"] == nil, message["error"] == nil {
                reply(id: message["id"] ?? .null, error: (-32600, "a request needs a method"))
            }
            return nil
        }
        let params = message["params"] ?? .null
        guard let id = message["id"] else {
            return notification(method, params)
        }
        guard initialized || method == "initialize" else {
            reply(id: id, error: (-32002, "the server is not initialized: send initialize first"))
            return nil
        }
        guard !shutdownRequested else {
            reply(id: id, error: (-32600, "the server is shutting down: only exit is accepted"))
            return nil
        }
        do {
            reply(id: id, result: try request(method, params))
        } catch let error as RequestError {
            reply(id: id, error: (error.code, error.message))
        } catch {
            reply(id: id, error: (-32603, "\(error)"))
        }
        return nil
    }

    // MARK: Requests and notifications

    private func request(_ method: String, _ params: JSON) throws -> JSON {
        switch method {
        case "initialize":
            initialized = true
            return Self.initializeResult
        case "shutdown":
            shutdownRequested = true
            return .null
        case "textDocument/hover":
            let (document, offset) = try position(params)
            return Hover.hover(analysis(document), offset: offset)
        case "textDocument/definition":
            let (document, offset) = try position(params)
            return Navigation.definition(analysis(document), uri: document.uri, offset: offset)
        case "textDocument/references":
            let (document, offset) = try position(params)
            let includeDeclaration = params["context"]?["includeDeclaration"]?.bool ?? true
            return Navigation.references(analysis(document), uri: document.uri, offset: offset, includeDeclaration: includeDeclaration)
        case "textDocument/prepareRename":
            let (document, offset) = try position(params)
            return Navigation.prepareRename(analysis(document), offset: offset)
        case "textDocument/rename":
            let (document, offset) = try position(params)
            guard let newName = params["newName"]?.string else { throw RequestError.invalidParams("rename needs newName") }
            return try Navigation.rename(analysis(document), uri: document.uri, offset: offset, to: newName)
        case "textDocument/completion":
            let (document, offset) = try position(params)
            return Completion.items(analysis(document), offset: offset)
        case "textDocument/documentSymbol":
            return Navigation.symbols(analysis(try document(params)))
        case "textDocument/formatting":
            return Actions.format(analysis(try document(params)))
        case "textDocument/codeAction":
            let document = try document(params)
            let source = document.source
            guard let start = source.offset(params["range"]?["start"]), let end = source.offset(params["range"]?["end"]) else {
                throw RequestError.invalidParams("codeAction needs a range")
            }
            let only = params["context"]?["only"]?.array?.compactMap(\.string)
            return Actions.codeActions(analysis(document), uri: document.uri, range: SourceRange(start, max(start, end)),
                                       only: only, options: options(for: document.source.path).0)
        default:
            throw RequestError(code: -32601, message: "unknown method '\(method)'")
        }
    }

    private func notification(_ method: String, _ params: JSON) -> Int32? {
        if method == "exit" { return shutdownRequested ? 0 : 1 }
        guard initialized, !shutdownRequested else { return nil }
        switch method {
        case "textDocument/didOpen":
            guard let item = params["textDocument"], let uri = item["uri"]?.string, let text = item["text"]?.string else { return nil }
            documents[uri] = Document(uri: uri, path: Self.path(of: uri), version: item["version"]?.int ?? 0, text: text)
            pending.removeAll { $0 == uri }
            publishDiagnostics(uri)
        case "textDocument/didChange":
            guard let uri = params["textDocument"]?["uri"]?.string, let document = documents[uri] else {
                log("infralint lsp: a change to a document that is not open was ignored")
                return nil
            }
            document.change(params["contentChanges"]?.array ?? [], version: params["textDocument"]?["version"]?.int ?? document.version + 1)
            if !pending.contains(uri) { pending.append(uri) }
        case "textDocument/didClose":
            guard let uri = params["textDocument"]?["uri"]?.string else { return nil }
            documents[uri] = nil
            pending.removeAll { $0 == uri }
            send(message(["method": "textDocument/publishDiagnostics", "params": ["uri": JSON(uri), "diagnostics": []]]))
        case "workspace/didChangeWatchedFiles", "workspace/didChangeConfiguration":
            // A changed .infralint.yml: read the configuration again and re-lint.
            configurations = [:]
            for uri in documents.keys.sorted() where !pending.contains(uri) { pending.append(uri) }
        default:
            break  // initialized, didSave, $/cancelRequest, $/setTrace and other notifications need nothing.
        }
        return nil
    }

    static let initializeResult: JSON = [
        "capabilities": [
            "positionEncoding": "utf-16",
            "textDocumentSync": ["openClose": true, "change": 2, "save": ["includeText": false]],
            "hoverProvider": true,
            "definitionProvider": true,
            "referencesProvider": true,
            "renameProvider": ["prepareProvider": true],
            "completionProvider": ["triggerCharacters": [">", ":", ",", "[", " "]],
            "documentSymbolProvider": true,
            "documentFormattingProvider": true,
            "codeActionProvider": ["codeActionKinds": ["quickfix", "source.fixAll"]],
        ],
        "serverInfo": ["name": "infralint", "version": JSON(InfraLintVersion.current)],
    ]

    // MARK: Documents

    private func document(_ params: JSON) throws -> Document {
        guard let uri = params["textDocument"]?["uri"]?.string else { throw RequestError.invalidParams("textDocument.uri is missing") }
        guard let document = documents[uri] else { throw RequestError.invalidParams("\(uri) is not open: send textDocument/didOpen first") }
        return document
    }

    private func position(_ params: JSON) throws -> (Document, Int) {
        let document = try document(params)
        guard let offset = document.source.offset(params["position"]) else { throw RequestError.invalidParams("position is missing") }
        return (document, offset)
    }

    private func analysis(_ document: Document) -> Analysis {
        document.analysis(options(for: document.source.path).0)
    }

    private func publishDiagnostics(_ uri: String) {
        guard let document = documents[uri] else { return }
        let configuration = options(for: document.source.path).1
        // A file the configuration excludes is not linted in CI: no diagnostics here either.
        let excluded = configuration?.excludes(document.source.path) ?? false
        let diagnostics = excluded ? [] : Diagnostics.diagnostics(analysis(document), uri: uri)
        send(message(["method": "textDocument/publishDiagnostics",
                      "params": ["uri": JSON(uri), "version": JSON(document.version), "diagnostics": .array(diagnostics)]]))
    }

    /// The lint options `lint` would use for a file: the nearest .infralint.yml's.
    private func options(for path: String) -> (LintOptions, Configuration?) {
        let folder = (path as NSString).deletingLastPathComponent
        if let known = configurations[folder] { return known }
        var found: (LintOptions, Configuration?) = (LintOptions(), nil)
        do {
            let configuration = try Configuration.nearest(toFile: path)
            found = (configuration.lintOptions, configuration)
        } catch {
            showMessage("infralint: the configuration has errors, so the defaults apply: \(error.description)")
        }
        configurations[folder] = found
        return found
    }

    /// `file:///a/b%20c.infra` as `/a/b c.infra`; another scheme's URI as it is.
    static func path(of uri: String) -> String {
        guard uri.hasPrefix("file://") else { return uri }
        let rest = String(uri.dropFirst("file://".count))
        return rest.removingPercentEncoding ?? rest
    }

    // MARK: Messages

    private func message(_ fields: JSON) -> [UInt8] {
        guard case .object(var object) = fields else { return [] }
        object["jsonrpc"] = "2.0"
        return JSON.object(object).encoded
    }

    private func reply(id: JSON, result: JSON) {
        send(message(["id": id, "result": result]))
    }

    private func reply(id: JSON, error: (code: Int, message: String)) {
        send(message(["id": id, "error": ["code": JSON(error.code), "message": JSON(error.message)]]))
    }

    private func log(_ text: String) {
        send(message(["method": "window/logMessage", "params": ["type": 3, "message": JSON(text)]]))
    }

    private func showMessage(_ text: String) {
        send(message(["method": "window/showMessage", "params": ["type": 2, "message": JSON(text)]]))
    }
}

/// A request the server answers with a protocol error.
struct RequestError: Error {
    var code: Int
    var message: String

    static func invalidParams(_ message: String) -> RequestError { RequestError(code: -32602, message: message) }
    /// The protocol's RequestFailed: the request was valid but cannot be done (a rename to a taken name).
    static func failed(_ message: String) -> RequestError { RequestError(code: -32803, message: message) }
}
