import ArgumentParser
import InfraAnalysis
import InfraCore
import InfraLintKit
import InfraRender

struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "what-if",
        abstract: "Fail hosts or elements and see who can still read and write, and how.",
        discussion: """
            Fails the named hosts or elements at once (a host takes its components with it, a \
            cluster stands for all its members, an element with instances: 2 or more loses one \
            instance and survives) and prints, for each client, whether its reads and writes \
            are still served and the path they take now, or where every way breaks; then each \
            client's availability with nothing failed and while the named parts stay down (as \
            `infralint availability` estimates it); when clients state a `load`, the elements \
            above their capacity at peak while the named parts stay down.

            Exit status: 0 when every client is still fully served, 1 otherwise, 2 for a file \
            that cannot be read or parsed, or an unknown name.
            """
    )

    @Argument(help: "The design file, or '-' for standard input.")
    var file: String

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("What fails: identifiers, separated by commas or spaces.", valueName: "id"))
    var fail: [String]

    mutating func run() throws {
        ProcessMemory.prepareForOneRun()
        let design = try Commands.loadDesign(file)
        let names = fail.flatMap { $0.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }) }.map(String.init)
            .filter { !$0.isEmpty }
        guard !names.isEmpty else {
            Terminal.printError("--fail needs at least one identifier")
            throw ExitCode(2)
        }
        var failing = Set<Int>()
        for name in names {
            guard let symbol = design.symbols[name] else {
                let suggestion = Suggestions.didYouMean(name, in: design.symbols.keys)
                Terminal.printError("'\(name)' is not declared in \(design.file.path)\(suggestion)")
                throw ExitCode(2)
            }
            guard let endpoint = symbol.endpoint else {
                Terminal.printError("'\(name)' is a network; name the hosts or elements that fail")
                throw ExitCode(2)
            }
            failing.formUnion(design.members(of: endpoint))
        }
        let model = FailureModel(design: design)
        let whatIf = WhatIf(graph: model.graph, failing: failing)
        let estimates = (AvailabilityReport(model: model), AvailabilityReport(model: model, down: failing))
        let overloads = CapacityReport.overloads(model: model, failing: failing, failed: listed(names))
        try Terminal.emit(WhatIfRenderer.render(whatIf, failing: names, availability: estimates, overloads: overloads), to: nil)
        if !whatIf.everyoneServed { throw ExitCode(1) }
    }
}
