import ArgumentParser
import InfraAnalysis
import InfraCore
import InfraLintKit
import InfraRender

struct AvailabilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "availability",
        abstract: "How often each client's reads and writes are served, and what to fix first.",
        discussion: """
            Estimates, for each client and kind of request, the share of the time it is served: \
            from each host's and element's availability (99.9% unless the design says), its \
            instances, and the same serving rules as AV001, exactly, however paths share hosts \
            (by Monte Carlo with a 95% interval when the design is too tangled for that). Active-\
            passive clusters add each failover's outage. Prints the availability, its nines, the \
            downtime a year and the elements whose failures cost the most.

            When a client states its `load`, also the capacity: the load each element with a \
            `capacity` receives at peak and its utilisation, the bottleneck, the headroom, and \
            each single failure that raises a utilisation, worst first (AV009 and AV010 in lint).

            Exit status: 0, or 1 when a figure is below the target (the design's `target` or \
            --target), 2 for a file that cannot be read or parsed.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    @Argument(help: "The design file, or '-' for standard input.")
    var file: String

    @Option(name: [.short, .long], help: "text, json or markdown.")
    var format: Format = .text

    @Option(help: ArgumentHelp("The availability to compare with, such as 99.95%; overrides the design's target.", valueName: "percent"))
    var target: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    mutating func run() throws {
        ProcessMemory.prepareForOneRun()
        var goal: Double?
        if let target {
            let digits = target.hasSuffix("%") ? String(target.dropLast()) : target
            guard let value = Double(digits), value > 0, value <= 100 else {
                Terminal.printError("--target takes a percentage above 0% and at most 100%, such as 99.95%; found '\(target)'")
                throw ExitCode(2)
            }
            goal = value
        }
        let design = try Commands.loadDesign(file)
        goal = goal ?? design.target
        let model = FailureModel(design: design)
        let report = AvailabilityReport(model: model)
        let capacity = CapacityReport(model: model)
        let text: String
        switch format {
        case .text: text = AvailabilityRenderer.text(report, capacity: capacity, design: design, target: goal)
        case .markdown: text = AvailabilityRenderer.markdown(report, capacity: capacity, design: design, target: goal)
        case .json: text = AvailabilityRenderer.json(report, capacity: capacity, design: design, file: design.file.path, target: goal)
        }
        try Terminal.emit(text, to: output, inputs: [file])
        if let goal, report.clients.contains(where: { client in
            [client.reads, client.writes].contains { $0.map { $0.availability < goal / 100 } ?? false }
        }) {
            throw ExitCode(1)
        }
    }
}
