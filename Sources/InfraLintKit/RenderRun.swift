import Foundation
import InfraCore
import InfraGraphviz
import InfraRender

/// `render`: a design to a diagram, with its findings drawn unless asked not to.
public enum RenderRun {
    /// What `render` writes.
    public enum Format: String, CaseIterable, Sendable {
        case svg, png, pdf, dot, mermaid

        /// Whether it is binary (never written to a terminal).
        public var isBinary: Bool { self == .png || self == .pdf }

        /// The format a file name asks for, by its extension.
        public init?(fileName: String) {
            let ext = (fileName as NSString).pathExtension.lowercased()
            switch ext {
            case "svg": self = .svg
            case "png": self = .png
            case "pdf": self = .pdf
            case "dot", "gv": self = .dot
            case "mmd", "mermaid": self = .mermaid
            default: return nil
            }
        }
    }

    /// The diagram of a design, findings drawn when `findings` is true.
    public static func diagram(_ design: Design, findings: Bool, options: LintOptions = LintOptions()) -> Diagram {
        let drawn = findings ? LintRun.findings(for: design, options: options).shown : []
        return Diagram(design: design, findings: drawn)
    }

    /// The bytes of a diagram in a format; SVG, PNG and PDF through Graphviz with `engine`.
    public static func render(_ diagram: Diagram, format: Format, engine: String = "dot") throws(GraphvizError) -> Data {
        switch format {
        case .dot: return Data(DOTRenderer.render(diagram).utf8)
        case .mermaid: return Data(MermaidRenderer.render(diagram).utf8)
        case .svg, .png, .pdf:
            let graphviz = GraphvizFormat(rawValue: format.rawValue) ?? .svg
            return Data(try Graphviz.render(dot: DOTRenderer.render(diagram), engine: engine, format: graphviz))
        }
    }
}
