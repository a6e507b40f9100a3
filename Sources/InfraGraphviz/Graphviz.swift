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
        let previousLevel = agseterr(AGERR)
        defer {
            _ = agseterr(previousLevel)
            _ = agseterrf(previousHandler)
        }
        guard let context = gvContext() else { throw GraphvizError(description: "Graphviz could not start (gvContext failed)") }
        defer { _ = gvFreeContext(context) }
        let engines = plugins(context, kind: "layout")
        guard engines.contains(engine) else {
            throw GraphvizError(description: "unknown layout engine '\(engine)'; Graphviz here has \(engines.joined(separator: ", "))")
        }
        guard let graph = dot.withCString({ infralint_read_graph($0, NameIDs.discipline) }) else {
            throw GraphvizError(description: "Graphviz could not read the DOT text: \(lastMessage(or: "syntax error"))")
        }
        defer { _ = agclose(graph) }
        guard infralint_layout(context, graph, engine) == 0 else {
            throw GraphvizError(description: "the \(engine) layout failed: \(lastMessage(or: "no reason given"))")
        }
        defer { _ = gvFreeLayout(context, graph) }
        var data: UnsafeMutablePointer<CChar>?
        var length: UInt32 = 0
        guard infralint_render(context, graph, format.rawValue, &data, &length) == 0, let data else {
            throw GraphvizError(description: "Graphviz could not write \(format.rawValue.uppercased()): \(lastMessage(or: "is its plugin installed? (libgvc6)"))")
        }
        defer { gvFreeRenderData(data) }
        // The data may hold NUL bytes (PNG, PDF): copy it by its length.
        return data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { Array(UnsafeBufferPointer(start: $0, count: Int(length))) }
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
