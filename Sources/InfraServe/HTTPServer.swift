import Foundation

/// A small HTTP/1.1 server for the live page: GET only, one thread a connection,
/// one request a connection (`Connection: close`), or a stream of server-sent
/// events that stays open. It answers only the routes its handler knows, reads at
/// most 8 KiB of request head, and, when bound to loopback, only requests whose
/// `Host` is a loopback name (a page elsewhere cannot reach it by DNS rebinding).
final class HTTPServer: @unchecked Sendable {
    struct Request {
        var method: String
        var path: String
        var query: [String: String]
    }

    enum Response {
        case body(status: Int, type: String, bytes: [UInt8])
        /// Server-sent events: the handler gets a sink to write events to until it fails.
        case events((EventSink) -> Void)

        static func text(_ status: Int, _ text: String) -> Response {
            .body(status: status, type: "text/plain; charset=utf-8", bytes: Array(text.utf8))
        }
    }

    /// Writes server-sent events to one client.
    final class EventSink: @unchecked Sendable {
        fileprivate let socket: Int32
        fileprivate init(socket: Int32) { self.socket = socket }

        /// False once the client has gone.
        func send(event: String, data: String) -> Bool {
            let lines = data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)" }.joined(separator: "\n")
            return HTTPServer.write(socket, Array("event: \(event)\n\(lines)\n\n".utf8))
        }

        func comment() -> Bool { HTTPServer.write(socket, Array(": keep-alive\n\n".utf8)) }
    }

    let port: Int
    let host: String
    private let listener: Int32
    private let loopbackOnly: Bool
    private let handler: @Sendable (Request) -> Response

    /// Binds and listens; port 0 lets the system choose a free one.
    init(host: String, port: Int, handler: @escaping @Sendable (Request) -> Response) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var found: UnsafeMutablePointer<addrinfo>?
        let lookup = getaddrinfo(host, String(port), &hints, &found)
        guard lookup == 0, let first = found else {
            throw ServeError("cannot listen on \(host): \(String(cString: gai_strerror(lookup)))")
        }
        defer { freeaddrinfo(found) }
        let descriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard descriptor >= 0 else { throw ServeError("cannot open a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0, listen(descriptor, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw ServeError("cannot listen on \(host) port \(port): \(reason)")
        }
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        let bound = withUnsafePointer(to: &address) { pointer -> Int in
            if Int32(pointer.pointee.ss_family) == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
        listener = descriptor
        self.port = bound
        self.host = host
        loopbackOnly = ["127.0.0.1", "::1", "localhost"].contains(host)
        self.handler = handler
    }

    /// Accepts connections until the process ends, each on its own thread.
    func serve() -> Never {
        signal(SIGPIPE, SIG_IGN)
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            Thread.detachNewThread { [self] in
                handle(client)
                close(client)
            }
        }
    }

    private func handle(_ client: Int32) {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let head = readHead(client) else { return }
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else {
            respond(client, .text(400, "a request line is METHOD PATH HTTP/1.1\n"))
            return
        }
        let hostHeader = lines.dropFirst().first { $0.lowercased().hasPrefix("host:") }
            .map { String($0.dropFirst(5)).trimmingCharacters(in: .whitespaces) } ?? ""
        if loopbackOnly, !Self.isLoopbackHost(hostHeader) {
            respond(client, .text(403, "this server answers only requests addressed to 127.0.0.1 or localhost\n"))
            return
        }
        guard parts[0] == "GET" || parts[0] == "HEAD" else {
            respond(client, .text(405, "only GET\n"))
            return
        }
        let target = String(parts[1])
        let pathPart = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var query: [String: String] = [:]
        if pathPart.count == 2 {
            for pair in pathPart[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(keyValue[0]).removingPercentEncoding ?? ""
                let value = keyValue.count == 2 ? (String(keyValue[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "") : ""
                query[key] = value
            }
        }
        let request = Request(method: String(parts[0]), path: String(pathPart[0]), query: query)
        respond(client, handler(request), head: request.method == "HEAD")
    }

    /// `127.0.0.1:8080`, `localhost`, `[::1]:80`.
    static func isLoopbackHost(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("[") { name = String(name.dropFirst().prefix { $0 != "]" }) } else if let colon = name.lastIndex(of: ":") {
            name = String(name[..<colon])
        }
        return name == "127.0.0.1" || name == "localhost" || name == "::1"
    }

    private func readHead(_ client: Int32) -> String? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 2_048)
        while bytes.count < 8_192 {
            let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            bytes += chunk[0..<count]
            if let end = String(decoding: bytes, as: UTF8.self).range(of: "\r\n\r\n") {
                return String(String(decoding: bytes, as: UTF8.self)[..<end.lowerBound])
            }
        }
        respond(client, .text(431, "the request head is over 8 KiB\n"))
        return nil
    }

    private func respond(_ client: Int32, _ response: Response, head: Bool = false) {
        let security = "X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n"
            + "Content-Security-Policy: default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; img-src 'self' data:\r\n"
        switch response {
        case .body(let status, let type, let bytes):
            let header = "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Type: \(type)\r\nContent-Length: \(bytes.count)\r\n"
                + security + "Connection: close\r\n\r\n"
            _ = Self.write(client, Array(header.utf8) + (head ? [] : bytes))
        case .events(let stream):
            let header = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n" + security + "Connection: keep-alive\r\n\r\n"
            guard Self.write(client, Array(header.utf8)) else { return }
            stream(EventSink(socket: client))
        }
    }

    static func reason(_ status: Int) -> String {
        [200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
         431: "Request Header Fields Too Large"][status] ?? "Error"
    }

    fileprivate static func write(_ socket: Int32, _ bytes: [UInt8]) -> Bool {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }
}

/// Why `serve` cannot start.
public struct ServeError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
