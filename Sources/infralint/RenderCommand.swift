import ArgumentParser
import Foundation
import InfraGraphviz
import InfraLintKit
import InfraRender

extension RenderRun.Format: ExpressibleByArgument {}

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a design: SVG, PNG or PDF through Graphviz, or DOT and Mermaid text.",
        discussion: """
            Each finding is a numbered badge on what it is about (an element, a box, a link, \
            the title), errors outlined thick and warnings dashed, with the findings table and \
            a legend of what is shown under the drawing; --no-findings draws the design alone. \
            Above \(Diagram.collapseAbove) elements, alike hosts and tiers are drawn once with \
            a count (--collapse and --no-collapse decide it); --findings-only keeps what \
            findings are about and the paths to it. Without --format, the format comes from \
            the output file's extension, else SVG.
            """
    )

    @Argument(help: "The design file, or '-' for standard input.")
    var file: String

    @Option(name: .shortAndLong, help: "Write the diagram to this file (whole or not at all) instead of standard output.")
    var output: String?

    @Option(name: .shortAndLong, help: "svg, png, pdf, dot or mermaid.")
    var format: RenderRun.Format?

    @Option(help: "The Graphviz layout engine: dot (the default, top to bottom) or fdp (a force layout).")
    var engine = "dot"

    @Flag(help: "Draw the design without its findings.")
    var noFindings = false

    @Flag(help: ArgumentHelp("Draw alike hosts and tiers once, with a count (the default above \(Diagram.collapseAbove) elements)."))
    var collapse = false

    @Flag(help: "Draw every element, however large the design.")
    var noCollapse = false

    @Flag(help: "Draw only what findings are about, and the request paths that lead to it.")
    var findingsOnly = false

    @Option(help: ArgumentHelp("With '-': the name of the file standard input holds, for the title when the design names none, and for messages.", valueName: "name"))
    var stdinFilename: String?

    @OptionGroup var configFile: ConfigurationOption

    mutating func run() throws {
        ProcessMemory.prepareForOneRun()
        let named = output.flatMap(RenderRun.Format.init(fileName:))
        if let format, let named, format != named, let output {
            Terminal.printError("\(output) names a \(named.rawValue.uppercased()) file but --format is \(format.rawValue): "
                + "write -o FILE.\(format.rawValue), or leave out --format")
            throw ExitCode(2)
        }
        let format = format ?? named ?? .svg
        if format.isBinary, output == nil || output == "-", Terminal.isTerminal(.standardOutput) {
            Terminal.printError("\(format.rawValue.uppercased()) is binary: write it to a file with -o FILE.\(format.rawValue)")
            throw ExitCode(2)
        }
        if let stdinFilename, file != "-" {
            Terminal.printError("--stdin-filename \(stdinFilename) names standard input, but the design is read from \(file): give '-' or leave it out")
            throw ExitCode(2)
        }
        let (options, _) = try configFile.resolve()
        let design = try Commands.loadDesign(file, standardInputName: stdinFilename)
        if collapse && noCollapse {
            Terminal.printError("--collapse and --no-collapse contradict each other: give one")
            throw ExitCode(2)
        }
        if noFindings && findingsOnly {
            Terminal.printError("--findings-only draws what findings are about: it cannot go with --no-findings")
            throw ExitCode(2)
        }
        let drawing = Diagram.Options(findings: !noFindings, collapse: collapse ? .always : (noCollapse ? .never : .automatic),
                                      findingsOnly: findingsOnly)
        let diagram = RenderRun.diagram(design, options: drawing, lint: options)
        let rendered: RenderRun.Rendered
        do {
            rendered = try RenderRun.render(diagram, format: format, engine: engine, once: true)
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(2)
        }
        for warning in rendered.warnings { Terminal.printWarning("Graphviz: \(warning)") }
        try Terminal.emit(rendered.data, to: output, inputs: [file])
    }
}
