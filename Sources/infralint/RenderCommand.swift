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
            Findings are drawn on the picture (a single point of failure outlined in red, \
            unprotected or exposed hosts in orange, plaintext links dashed red, encrypted links \
            green); --no-findings draws the design alone. Without --format, the format comes \
            from the output file's extension, else SVG. Large designs (over 1,000 elements) \
            trade layout polish for speed: see the README.
            """
    )

    @Argument(help: "The design file, or '-' for standard input.")
    var file: String

    @Option(name: .shortAndLong, help: "Write the diagram to this file (whole or not at all) instead of standard output.")
    var output: String?

    @Option(name: .shortAndLong, help: "svg, png, pdf, dot or mermaid.")
    var format: RenderRun.Format?

    @Option(help: "The Graphviz layout engine: dot (default), neato, fdp, sfdp, circo, twopi, osage, patchwork.")
    var engine = "dot"

    @Flag(help: "Draw the design without its findings.")
    var noFindings = false

    @OptionGroup var configFile: ConfigurationOption

    mutating func run() throws {
        let format = format ?? output.flatMap(RenderRun.Format.init(fileName:)) ?? .svg
        if format.isBinary, output == nil || output == "-", Terminal.isTerminal(.standardOutput) {
            Terminal.printError("\(format.rawValue.uppercased()) is binary: write it to a file with -o FILE.\(format.rawValue)")
            throw ExitCode(2)
        }
        let (options, _) = try configFile.resolve()
        let design = try Commands.loadDesign(file)
        let diagram = RenderRun.diagram(design, findings: !noFindings, options: options)
        let data: Data
        do {
            data = try RenderRun.render(diagram, format: format, engine: engine)
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(2)
        }
        try Terminal.emit(data, to: output)
    }
}
