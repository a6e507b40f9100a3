import CGraphviz
import Foundation

/// What Graphviz can write.
public enum GraphvizFormat: String, CaseIterable, Sendable {
    case svg, png, pdf

    /// The first bytes of a well-formed file of this format.
    public var signature: [UInt8] {
        switch self {
        case .svg: return Array("<?xml".utf8)
        case .png: return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        case .pdf: return Array("%PDF-".utf8)
        }
    }
}

/// A Graphviz failure, as a sentence.
public struct GraphvizError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

/// The only door to libgraphviz (cgraph and gvc): DOT text in, SVG, PNG or PDF
/// bytes out. Graphviz keeps global state and is not thread-safe (two threads
/// rendering with separate contexts crash), so every call holds one lock. Each
/// call frees what it allocates, in reverse order: the rendered data, the layout,
/// the graph (`agclose`), the context.
public enum Graphviz {
    private static let lock = NSLock()
    /// Messages Graphviz reports through `agseterrf`, read under the lock.
    nonisolated(unsafe) private static var messages: [String] = []

    /// Renders DOT text with a layout engine.
    public static func render(dot: String, engine: String = "dot", format: GraphvizFormat) throws(GraphvizError) -> [UInt8] {
        try draw(dot: dot, engine: engine, format: format).bytes
    }

    /// What a drawing gives: the file's bytes, and what Graphviz said on the way
    /// (its warnings, which never reach standard error).
    public struct Drawing: Sendable {
        public var bytes: [UInt8]
        public var warnings: [String]
    }

    /// The largest bitmap Graphviz draws without shrinking it, in pixels a side.
    public static let largestBitmap = 32_767

    /// Renders DOT text. A bitmap Graphviz would shrink to fit its limits is an
    /// error, not a picture too small to read. With `freeLayout` false the layout,
    /// graph and context are left for the process's exit to reclaim: freeing a
    /// large layout (`gvFreeLayout`) takes as long as drawing it, and the command
    /// line draws once and exits.
    public static func draw(dot: String, engine: String = "dot", format: GraphvizFormat,
                            freeLayout: Bool = true) throws(GraphvizError) -> Drawing {
        try capturingMessages { () throws(GraphvizError) -> Drawing in
            try drawLocked(dot: dot, engine: engine, format: format, freeLayout: freeLayout)
        }
    }

    /// Reads DOT text as `draw` does, without laying it out: whether Graphviz
    /// accepts it, and its message when not.
    public static func read(dot: String) throws(GraphvizError) {
        try capturingMessages { () throws(GraphvizError) in
            guard let graph = dot.withCString({ infralint_read_graph($0, NameIDs.discipline) }) else {
                throw GraphvizError(description: "Graphviz could not read the DOT text: \(lastMessage(or: "syntax error"))")
            }
            _ = agclose(graph)
        }
    }

    /// Runs `body` under the lock with Graphviz's messages, warnings too, going to
    /// `messages` instead of standard error.
    private static func capturingMessages<T>(_ body: () throws(GraphvizError) -> T) throws(GraphvizError) -> T {
        lock.lock()
        defer { lock.unlock() }
        messages = []
        let previousHandler = agseterrf { message in
            if let message {
                let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty { Graphviz.messages.append(text) }
            }
            return 0
        }
        let previousLevel = agseterr(AGWARN)
        defer {
            _ = agseterr(previousLevel)
            _ = agseterrf(previousHandler)
        }
        return try body()
    }

    private static func drawLocked(dot: String, engine: String, format: GraphvizFormat,
                                   freeLayout: Bool) throws(GraphvizError) -> Drawing {
        guard let context = gvContext() else { throw GraphvizError(description: "Graphviz could not start (gvContext failed)") }
        defer { if freeLayout { _ = gvFreeContext(context) } }
        let engines = plugins(context, kind: "layout")
        guard engines.contains(engine) else {
            throw GraphvizError(description: "unknown layout engine '\(engine)'; Graphviz here has \(engines.joined(separator: ", "))")
        }
        guard let graph = dot.withCString({ infralint_read_graph($0, NameIDs.discipline) }) else {
            throw GraphvizError(description: "Graphviz could not read the DOT text: \(lastMessage(or: "syntax error"))")
        }
        defer { if freeLayout { _ = agclose(graph) } }
        guard infralint_layout(context, graph, engine) == 0 else {
            throw GraphvizError(description: "the \(engine) layout failed: \(lastMessage(or: "no reason given"))")
        }
        defer { if freeLayout { _ = gvFreeLayout(context, graph) } }
        if format == .png, let size = pixels(graph), size.width > largestBitmap || size.height > largestBitmap {
            throw GraphvizError(description: "the PNG would be \(size.width)×\(size.height) pixels, more than Graphviz draws "
                + "(\(largestBitmap) a side: it would shrink it until the text is unreadable); draw it as SVG (-o FILE.svg), "
                + "or smaller with --collapse or --findings-only")
        }
        var data: UnsafeMutablePointer<CChar>?
        var length: UInt32 = 0
        guard infralint_render(context, graph, format.rawValue, &data, &length) == 0, let data else {
            throw GraphvizError(description: "Graphviz could not write \(format.rawValue.uppercased()): \(lastMessage(or: "is its plugin installed? (libgvc6)"))")
        }
        defer { gvFreeRenderData(data) }
        // The data may hold NUL bytes (PNG, PDF): copy it by its length.
        let bytes = data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { Array(UnsafeBufferPointer(start: $0, count: Int(length))) }
        return Drawing(bytes: bytes, warnings: messages)
    }

    /// The drawing's size in pixels at 96 dots an inch (Graphviz's bitmaps), from
    /// the layout's box in points, with room for the margins.
    private static func pixels(_ graph: UnsafeMutablePointer<Agraph_t>) -> (width: Int, height: Int)? {
        var width = 0.0
        var height = 0.0
        infralint_graph_size(graph, &width, &height)
        guard width > 0, height > 0 else { return nil }
        let scale = 96.0 / 72.0
        return (Int(((width + 20) * scale).rounded(.up)), Int(((height + 20) * scale).rounded(.up)))
    }

    /// The layout engines this Graphviz has (dot, neato, sfdp, …).
    public static func layoutEngines() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        guard let context = gvContext() else { return [] }
        defer { _ = gvFreeContext(context) }
        return plugins(context, kind: "layout")
    }

    private static func plugins(_ context: OpaquePointer, kind: String) -> [String] {
        var count: Int32 = 0
        guard let list = infralint_plugins(context, kind, &count) else { return [] }
        defer { infralint_free_list(list, count) }
        var names: [String] = []
        for index in 0..<Int(count) {
            guard let name = list[index] else { continue }
            // Entries read "dot" or "dot:plugin"; keep the name.
            let text = String(cString: name).split(separator: ":").first.map(String.init) ?? ""
            if !text.isEmpty, !names.contains(text) { names.append(text) }
        }
        return names.sorted()
    }

    private static func lastMessage(or fallback: String) -> String {
        messages.last.map { $0.replacingOccurrences(of: "\n", with: " ") } ?? fallback
    }
}
