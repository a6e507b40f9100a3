import Foundation

/// The Language Server Protocol's framing over two file descriptors: each message
/// is `Content-Length: N` (other headers ignored), a blank line, then N bytes of
/// JSON. Reads are buffered, so the server can ask whether another message is
/// already waiting (to debounce) without blocking.
public final class Transport {
    /// What reading the next message gave.
    public enum Incoming: Equatable {
        case message([UInt8])
        /// A header block without a usable Content-Length: skipped, the stream goes on.
        case badHeader(String)
        case end
    }

    /// The largest message body accepted: far above any design an editor holds.
    public static let maxBody = 64 * 1_048_576
    private static let maxHeader = 8_192

    private let input: Int32
    private let output: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false

    public init(input: Int32, output: Int32) {
        self.input = input
        self.output = output
    }

    /// Whether input arrives within `milliseconds`: a whole message already buffered,
    /// bytes to read (the rest of a message follows at once), or the end of input.
    public func ready(within milliseconds: Int32) -> Bool {
        if ended || hasWholeMessage() { return true }
        var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, milliseconds) > 0
    }

    /// The next message, waiting for it.
    public func read() -> Incoming {
        while true {
            if let separator = headerEnd() {
                let header = String(decoding: buffer[start..<separator], as: UTF8.self)
                let bodyStart = separator + 4
                guard let length = Self.contentLength(header) else {
                    start = bodyStart
                    compact()
                    return .badHeader(header)
                }
                guard length <= Self.maxBody else {
                    start = bodyStart
                    ended = true
                    return .badHeader("Content-Length \(length) is over the limit of \(Self.maxBody) bytes")
                }
                if buffer.count - bodyStart >= length {
                    let body = Array(buffer[bodyStart..<bodyStart + length])
                    start = bodyStart + length
                    compact()
                    return .message(body)
                }
            } else if buffer.count - start > Self.maxHeader {
                start = buffer.count
                compact()
                return .badHeader("a header over \(Self.maxHeader) bytes")
            }
            if ended || !fill() { return .end }
        }
    }

    /// Writes one message with its header.
    public func write(_ body: [UInt8]) {
        var bytes = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        bytes += body
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.write(output, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            written += count
        }
    }

    private func hasWholeMessage() -> Bool {
        guard let separator = headerEnd() else { return false }
        guard let length = Self.contentLength(String(decoding: buffer[start..<separator], as: UTF8.self)) else { return true }
        return buffer.count - (separator + 4) >= length
    }

    private func headerEnd() -> Int? {
        var index = start
        while index + 3 < buffer.count {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    static func contentLength(_ header: String) -> Int? {
        for line in header.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "content-length" else { continue }
            return Int(parts[1].trimmingCharacters(in: .whitespaces)).flatMap { $0 >= 0 ? $0 : nil }
        }
        return nil
    }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(input, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                ended = true
                return false
            }
            buffer += chunk[0..<count]
            return true
        }
    }

    private func compact() {
        if start > 65_536 || start == buffer.count {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }
}
