import Foundation
import InfraAnalysis
import InfraCore
import InfraGraphviz
import InfraLintKit
import InfraRender
import InfraRules

// Lint benchmark: generated designs of growing size, each stage timed, median of
// several runs. Run it in release: swift run -c release infralint-bench [sizes…]
// --naive also times the obvious quadratic algorithm (fail each element, re-solve).

let arguments = CommandLine.arguments.dropFirst()
let usage = """
    infralint-bench: benchmarks over generated designs (run in release: scripts/benchmark).

      infralint-bench [SIZE…]               lint in process, each stage timed (1,000, 10,000, 100,000)
      infralint-bench SIZE… --naive         also the obvious quadratic failure algorithm (up to 5,000)
      infralint-bench SIZE --per-rule       each rule's time at the last size
      infralint-bench [SIZE…] --command     infralint lint as a user runs it: wall, CPU, peak memory
                                            (add --callgrind for instructions counted by valgrind)
      infralint-bench --render              render beside the dot command (100, 1,000, 5,000)
      infralint-bench --explain             explain beside lint, whole commands (1,000, 10,000)
      infralint-bench --shapes              adversarial shapes beside the generated design
      infralint-bench --availability        availability and capacity (1,000, 10,000)
      infralint-bench --lsp                 infralint lsp: open and change, answered (1,000, 10,000)
      infralint-bench --write-shapes DIR N  write the generated design and the shapes of N elements as files
      infralint-bench --help                this help
    """
let knownFlags: Set<String> = ["--naive", "--per-rule", "--command", "--callgrind", "--render", "--explain", "--shapes",
                               "--availability", "--lsp", "--write-shapes", "--help", "-h"]
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}
if let unknown = arguments.first(where: { $0.hasPrefix("-") && !knownFlags.contains($0) }) {
    FileHandle.standardError.write(Data("infralint-bench: unknown option '\(unknown)'\n\n\(usage)\n".utf8))
    exit(2)
}
let naive = arguments.contains("--naive")
let renderMode = arguments.contains("--render")
let explainMode = arguments.contains("--explain")
let shapesMode = arguments.contains("--shapes")
let sizes = arguments.compactMap { Int($0) }.isEmpty ? [1_000, 10_000, 100_000] : arguments.compactMap { Int($0) }
let runs = 5

/// Writes a benchmark's design file, or stops with the reason: a benchmark that
/// times a file it could not write times nothing.
func writeDesign(_ text: String, to path: String) {
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
        FileHandle.standardError.write(Data("infralint-bench: cannot write \(path)\n".utf8))
        exit(2)
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

func time(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

if let at = arguments.firstIndex(of: "--write-shapes"), at + 1 < arguments.count {
    // Writes each shape as a file, for profiling a whole command on it.
    let directory = arguments[at + 1]
    do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
        FileHandle.standardError.write(Data("infralint-bench: cannot create \(directory): \(error.localizedDescription)\n".utf8))
        exit(2)
    }
    for size in sizes {
        let generated = "\(directory)/generated-\(size).infra"
        writeDesign(DesignGenerator.design(elements: size), to: generated)
        print(generated, "(the generated design)")
        for (number, shape) in Shapes.all.enumerated() {
            let path = "\(directory)/shape-\(number + 1)-\(size).infra"
            writeDesign(shape.make(size), to: path)
            print(path, "(\(shape.name))")
        }
    }
    exit(0)
}

if arguments.contains("--command") {
    let chosen = arguments.compactMap { Int($0) }
    let infralint = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("infralint").path
    CommandBench.run(sizes: chosen.isEmpty ? [1_000, 10_000, 100_000] : chosen, infralint: infralint,
                     callgrind: arguments.contains("--callgrind"), median: median)
    exit(0)
}

if arguments.contains("--lsp") {
    let chosen = arguments.compactMap { Int($0) }
    let infralint = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("infralint").path
    LSPBench.run(sizes: chosen.isEmpty ? [1_000, 10_000] : chosen, infralint: infralint, median: median)
    exit(0)
}

if arguments.contains("--availability") {
    let chosen = arguments.compactMap { Int($0) }
    AvailabilityBench.run(sizes: chosen.isEmpty ? [1_000, 10_000] : chosen, time: time, median: median)
    exit(0)
}

if shapesMode {
    // Adversarial shapes: lint each at the sizes asked (1,000, 10,000 and 100,000
    // elements by default), beside the generated design of the same size.
    let shapeSizes = arguments.compactMap { Int($0) }.isEmpty ? [1_000, 10_000, 100_000] : arguments.compactMap { Int($0) }
    func padded(_ text: String, _ width: Int) -> String { text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count) }
    func row(_ name: String, _ elements: Int, _ links: Int, _ seconds: Double, _ ratio: Double) {
        print(padded(name, 40) + padded(String(elements), 10) + padded(String(links), 10)
              + padded(String(format: "%.3f", seconds), 10) + padded(String(format: "%.2f", seconds / Double(max(elements, 1)) * 1e6), 12)
              + String(format: "%.2f×", ratio))
    }
    print(padded("shape", 40) + padded("elements", 10) + padded("links", 10) + padded("lint (s)", 10) + padded("µs/element", 12) + "against the generated design")
    for size in shapeSizes {
        let baselineFile = SourceFile(path: "generated.infra", text: DesignGenerator.design(elements: size))
        let baselineDesign = Frontend.read(baselineFile).design
        let baseline = median((0..<3).map { _ in time { _ = LintRun.lint(baselineFile, options: LintOptions()) } })
        row("generated design", baselineDesign.elements.count, baselineDesign.links.count, baseline, 1)
        // Compared per statement (element or link): a shape of many links does more work.
        let perStatement = baseline / Double(max(baselineDesign.elements.count + baselineDesign.links.count, 1))
        for (name, make) in Shapes.all {
            let file = SourceFile(path: "shape.infra", text: make(size))
            let design = Frontend.read(file).design
            let seconds = median((0..<(size >= 100_000 ? 1 : 3)).map { _ in time { _ = LintRun.lint(file, options: LintOptions()) } })
            let scaled = perStatement * Double(design.elements.count + design.links.count)
            row(name, design.elements.count, design.links.count, seconds, seconds / max(scaled, 1e-9))
        }
    }
    exit(0)
}

/// Runs the release infralint beside this tool as users do, a fresh process each time.
func command(_ arguments: [String]) -> Double {
    let infralint = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("infralint").path
    return time {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: infralint)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
    }
}

if explainMode {
    // Explain benchmark: `infralint explain` beside `infralint lint` on the same
    // generated design, whole commands, median of 3 runs.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("infralint-explain-bench-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let explainSizes = arguments.compactMap { Int($0) }.isEmpty ? [1_000, 10_000] : arguments.compactMap { Int($0) }
    print("elements  lint (s)  explain (s)  explain/lint  explain µs/element")
    var previous: (elements: Int, seconds: Double)?
    for size in explainSizes {
        let text = DesignGenerator.design(elements: size)
        let path = folder.appendingPathComponent("g\(size).infra").path
        writeDesign(text, to: path)
        let elements = Frontend.read(SourceFile(path: path, text: text)).design.elements.count
        let lint = median((0..<3).map { _ in command(["lint", path, "--format", "json"]) })
        let explain = median((0..<3).map { _ in command(["explain", path]) })
        print(String(format: "%-9d %-9.3f %-12.3f %-13.2f %.1f", elements, lint, explain, explain / lint, explain / Double(elements) * 1e6))
        if let previous {
            let growth = (explain / previous.seconds) / (Double(elements) / Double(previous.elements))
            print(String(format: "          explain grew %.2f× as fast as the design (1.00 is linear)", growth))
        }
        previous = (elements, explain)
    }
    // exit() skips defer blocks: the folder is removed here.
    try? FileManager.default.removeItem(at: folder)
    exit(0)
}

if renderMode {
    // Render benchmark: `infralint render` to SVG, each run a fresh process as users
    // run it, side by side with the `dot` command on the same DOT text: collapsed
    // (the default above Diagram.collapseAbove elements) and with --no-collapse.
    // Needs the release infralint beside this tool.
    let infralint = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("infralint").path
    func run(_ executable: String, _ arguments: [String]) -> Double {
        time {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try? process.run()
            process.waitUntilExit()
        }
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("infralint-render-bench-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let renderSizes = arguments.compactMap { Int($0) }.isEmpty ? [100, 1_000, 5_000] : arguments.compactMap { Int($0) }
    let runsHere = arguments.contains("--quick") ? 1 : 3
    print("elements  drawing       drawn nodes  infralint render -o x.svg (s)  its Graphviz part, in process (s)  dot -Tsvg, same text (s)  in process/dot")
    for size in renderSizes {
        let text = DesignGenerator.design(elements: size)
        let design = Frontend.read(SourceFile(path: "g.infra", text: text)).design
        let designPath = folder.appendingPathComponent("g\(size).infra").path
        writeDesign(text, to: designPath)
        for (name, flags, collapse) in [("collapsed", [String](), Diagram.Collapse.automatic), ("every node", ["--no-collapse"], .never)] {
            let dotPath = folder.appendingPathComponent("g\(size)-\(collapse).dot").path
            _ = run(infralint, ["render", designPath, "--format", "dot", "-o", dotPath] + flags)
            let ours = median((0..<runsHere).map { _ in run(infralint, ["render", designPath, "-o", folder.appendingPathComponent("out.svg").path] + flags) })
            let command = median((0..<runsHere).map { _ in run("/usr/bin/dot", ["-Tsvg", "-o", "/dev/null", dotPath]) })
            let nodes = Diagram(design: design, options: Diagram.Options(collapse: collapse)).drawnNodes.count
            // The layout and the SVG alone, as the command line runs them (nothing freed).
            let dotText = (try? String(contentsOfFile: dotPath, encoding: .utf8)) ?? ""
            let inProcess = median((0..<runsHere).map { _ in time { _ = try? Graphviz.draw(dot: dotText, format: .svg, freeLayout: false) } })
            print(String(format: "%-9d %-13@ %-12d %-30.2f %-34.2f %-25.2f %.2f", design.elements.count, name, nodes, ours, inProcess,
                         command, inProcess / command))
        }
    }
    try? FileManager.default.removeItem(at: folder)
    exit(0)
}

print("size      elements  links     read (s)  analyse (s)  rules (s)  total (s)  µs/element  findings")
var previous: (elements: Int, total: Double)?
for size in sizes {
    let text = DesignGenerator.design(elements: size)
    let file = SourceFile(path: "generated.infra", text: text)
    var reads: [Double] = [], analyses: [Double] = [], rules: [Double] = [], totals: [Double] = []
    var design = Design(file: file)
    var findings = 0
    for _ in 0..<runs {
        var parsed: ParsedDesign?
        reads.append(time { parsed = Frontend.read(file) })
        design = parsed?.design ?? design
        var context: LintContext?
        analyses.append(time { context = LintContext(design: design) })
        rules.append(time {
            if let context { _ = RuleRegistry.all.flatMap { $0.check(context) } }
        })
        totals.append(time { findings = LintRun.lint(file, options: LintOptions()).findings.count })
    }
    let total = median(totals)
    let perElement = total / Double(design.elements.count) * 1e6
    print(String(format: "%-9d %-9d %-9d %-9.3f %-12.3f %-10.3f %-10.3f %-11.2f %d",
                 size, design.elements.count, design.links.count, median(reads), median(analyses), median(rules),
                 total, perElement, findings))
    if let previous {
        let growth = (total / previous.total) / (Double(design.elements.count) / Double(previous.elements))
        print(String(format: "          time grew %.2f× as fast as the design (1.00 is linear)", growth))
    }
    previous = (design.elements.count, total)
}

if naive {
    print("\nThe obvious algorithm: fail each host and component, re-solve the whole design.")
    print("size      elements  fast (s)  naive (s)  naive/fast")
    for size in sizes where size <= 5_000 {
        let design = Frontend.read(SourceFile(path: "g.infra", text: DesignGenerator.design(elements: size))).design
        let graph = TrafficGraph(design: design)
        let fast = median((0..<runs).map { _ in time { _ = FailureModel(graph: graph) } })
        let equations = ServingEquations(graph: graph)
        let slow = time {
            for unit in design.elements.indices where design.elements[unit].kind != .client {
                _ = equations.solve { node in !FailureModel.baseUnits(of: node, in: design, graph: graph).contains(unit) }
            }
        }
        print(String(format: "%-9d %-9d %-9.4f %-10.3f %.0f×", size, design.elements.count, fast, slow, slow / fast))
    }
}

if arguments.contains("--per-rule"), let size = sizes.last {
    let design = Frontend.read(SourceFile(path: "g.infra", text: DesignGenerator.design(elements: size))).design
    let context = LintContext(design: design)
    print("\nPer rule at \(design.elements.count) elements:")
    for rule in RuleRegistry.all {
        let seconds = median((0..<3).map { _ in time { _ = rule.check(context) } })
        print(String(format: "  %@  %.3f s", rule.description.code, seconds))
    }
    let graphTime = median((0..<3).map { _ in time { _ = TrafficGraph(design: design) } })
    let graph = TrafficGraph(design: design)
    let equationsTime = median((0..<3).map { _ in time { _ = ServingEquations(graph: graph) } })
    let modelTime = median((0..<3).map { _ in time { _ = FailureModel(graph: graph) } })
    print(String(format: "  traffic graph %.3f s, equations %.3f s, failure model (equations + solve) %.3f s", graphTime, equationsTime, modelTime))
}
