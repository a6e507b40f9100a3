import Foundation

/// `infralint serve FILE`: the live page of one design. Routes: `/` the page,
/// `/state` the design as the page draws it (JSON), `/events` a stream of
/// server-sent events that says when the state changed, and `/what-if?fail=ID`.
/// No path from a URL reaches the file system.
public enum LiveServer {
    /// Binds, then returns what to print and the function that serves forever.
    public static func start(path: String, shownAs: String, host: String, port: Int, executable: String) throws
        -> (address: String, serve: () -> Never)
    {
        let design = LiveDesign(path: path, shownAs: shownAs, executable: executable)
        design.reload()
        let server = try HTTPServer(host: host, port: port) { request in route(request, design: design) }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let address = "http://\(shownHost):\(server.port)/"
        return (address, {
            // Ctrl-C and SIGTERM stop it, even when started by a parent that blocks them.
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGINT)
            sigaddset(&signals, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &signals, nil)
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
            Thread.detachNewThread { FileWatcher(path: path) { design.reload() }.run() }
            server.serve()
        })
    }

    static func route(_ request: HTTPServer.Request, design: LiveDesign) -> HTTPServer.Response {
        switch request.path {
        case "/", "/index.html":
            return .body(status: 200, type: "text/html; charset=utf-8", bytes: PackageResources.page_html)
        case "/state":
            return .body(status: 200, type: "application/json", bytes: design.stateJSON())
        case "/events":
            return .events { sink in
                var seen = -1
                while true {
                    let version = design.waitForChange(after: seen, timeout: 15)
                    let alive = version == seen ? sink.comment() : sink.send(event: "version", data: String(version))
                    guard alive else { return }
                    seen = version
                }
            }
        case "/what-if":
            guard let id = request.query["fail"], let view = design.whatIf(id) else {
                return .text(404, "no element of the last design that parsed has that name\n")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return .body(status: 200, type: "application/json", bytes: (try? encoder.encode(view)).map { [UInt8]($0) } ?? [])
        default:
            return .text(404, "not found: the page is at /\n")
        }
    }
}
