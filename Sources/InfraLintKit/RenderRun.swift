import Foundation
import InfraAnalysis
import InfraCore
import InfraGraphviz
import InfraRender
import InfraRules

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

    /// The layout engines that keep hosts, clusters and networks in their boxes
    /// (the others ignore boxes, or pile them up): `dot`, top to bottom, and `fdp`,
    /// a force layout.
    public static let engines = ["dot", "fdp"]

    /// The diagram of a design: its findings drawn when `options.findings` is true.
    public static func diagram(_ design: Design, options drawing: Diagram.Options = Diagram.Options(),
                               lint options: LintOptions = LintOptions()) -> Diagram {
        guard drawing.findings else { return Diagram(design: design, options: drawing) }
        let context = LintContext(design: design)
        let found = LintRun.findings(in: context, options: options).shown
        return Diagram(design: design, findings: found, options: drawing, failures: context.failures)
    }

    /// The diagram of a design, findings drawn when `findings` is true.
    public static func diagram(_ design: Design, findings: Bool, options: LintOptions = LintOptions()) -> Diagram {
        diagram(design, options: Diagram.Options(findings: findings), lint: options)
    }

    /// A drawing: the bytes, and what Graphviz warned about.
    public struct Rendered: Sendable {
        public var data: Data
        public var warnings: [String] = []
    }

    /// The bytes of a diagram in a format; SVG, PNG and PDF through Graphviz with
    /// `engine`. `once` leaves Graphviz's memory for the process's exit to reclaim.
    public static func render(_ diagram: Diagram, format: Format, engine: String = "dot",
                              once: Bool = false) throws(GraphvizError) -> Rendered {
        switch format {
        case .dot: return Rendered(data: Data(DOTRenderer.render(diagram).utf8))
        case .mermaid: return Rendered(data: Data(MermaidRenderer.render(diagram).utf8))
        case .svg, .png, .pdf:
            guard engines.contains(engine) else {
                guard Graphviz.layoutEngines().contains(engine) else {
                    throw GraphvizError(description: "unknown layout engine '\(engine)'; infralint draws with dot (the default) or fdp"
                        + Suggestions.didYouMean(engine, in: engines))
                }
                throw GraphvizError(description: "the \(engine) layout does not keep hosts, clusters and networks in their boxes, "
                    + "so their findings would be lost; draw with dot (the default) or fdp")
            }
            let graphviz = GraphvizFormat(rawValue: format.rawValue) ?? .svg
            let drawing = try Graphviz.draw(dot: DOTRenderer.render(diagram), engine: engine, format: graphviz, freeLayout: !once)
            guard format == .svg else { return Rendered(data: Data(drawing.bytes), warnings: drawing.warnings) }
            let svg = SVGTitles.apply(String(decoding: drawing.bytes, as: UTF8.self), titles: SVGTitles.titles(diagram))
            return Rendered(data: Data(svg.utf8), warnings: drawing.warnings)
        }
    }
}
