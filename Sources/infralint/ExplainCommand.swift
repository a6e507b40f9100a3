import ArgumentParser
import Foundation
import InfraLintKit
import InfraRender

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Write the design's explanation: a markdown document for a design review.",
        discussion: """
            First three lines: what the design is, its worst problem and its fix. Then, in \
            order: the request's path from the client to the data; each element and why it is \
            there; the load balancer's algorithm with the first requests assigned; \
            active-active or active-passive; how the primary-replica database works; the issues \
            with their fixes; the diagram as Mermaid. Sections that do not apply are left out. \
            --detail full gives the long form. The text comes from Mustache templates: \
            --templates DIR uses a copy of templates/explain/ (files it lacks keep the built-in \
            text).
            """
    )

    @Argument(help: "The design file, or '-' for standard input.")
    var file: String

    @Option(name: .shortAndLong, help: "Write the document to this file (whole or not at all) instead of standard output.")
    var output: String?

    @Option(help: ArgumentHelp("Also draw the diagram to this file (.svg, .png, .pdf) and link it from the document.", valueName: "file"))
    var diagram: String?

    @Option(help: ArgumentHelp("Use the templates in this folder instead of the built-in ones.", valueName: "dir"))
    var templates: String?

    @Option(help: ArgumentHelp("How much to say: concise (the default: what this design needs) or full (every concept at length, more of the balancer's table).", valueName: "level"))
    var detail: ExplainModel.Detail = .concise

    @Flag(help: "Print, as JSON, every value the templates can use, instead of the document.")
    var printModel = false

    @OptionGroup var configFile: ConfigurationOption

    mutating func run() throws {
        ProcessMemory.prepareForOneRun()
        let (options, _) = try configFile.resolve()
        let design = try Commands.loadDesign(file)
        let link = diagram.map { ExplainRun.link(to: $0, from: output) }
        if printModel {
            try Terminal.emit(ExplainRun.modelJSON(ExplainRun.model(design, options: options, diagramLink: link, detail: detail)), to: output, inputs: [file])
            return
        }
        let text: String
        do {
            text = try ExplainRun.explanation(design, options: options, templates: templates, diagramLink: link,
                                           detail: detail)
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(2)
        }
        if let diagram {
            guard let format = RenderRun.Format(fileName: diagram), format != .dot, format != .mermaid else {
                Terminal.printError("--diagram takes an image file: .svg, .png or .pdf")
                throw ExitCode(2)
            }
            do {
                let image = try RenderRun.render(RenderRun.diagram(design, findings: true, options: options), format: format, once: true)
                for warning in image.warnings { Terminal.printWarning("Graphviz: \(warning)") }
                try Terminal.emit(image.data, to: diagram, inputs: [file] + (templates.map { [$0] } ?? []))
            } catch let error as ExitCode {
                throw error
            } catch {
                Terminal.printError("\(error)")
                throw ExitCode(2)
            }
        }
        try Terminal.emit(text, to: output, inputs: [file])
    }
}

extension ExplainModel.Detail: ExpressibleByArgument {}
