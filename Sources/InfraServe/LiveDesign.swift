import Foundation
import InfraAnalysis
import InfraCore
import InfraLintKit
import InfraRender
import InfraRules

/// The design `serve` shows, read again each time the file changes: its findings,
/// availability and explanation from the same pipeline as the commands, and its
/// diagram from `infralint render` in a child process (Graphviz slows down when
/// one process lays out many drawings). While the file does not parse, or is
/// gone, the last good diagram stays and the errors say why it is old.
public final class LiveDesign: @unchecked Sendable {
    /// What the page reads from `/state`.
    struct State: Encodable {
        var version: Int
        var file: String
        /// False while the file cannot be read or does not parse.
        var parses: Bool
        /// Why the file cannot be read, when it cannot.
        var problem: String?
        /// As `--format json` writes them.
        var errors: [JSONRenderer.Entry]
        var findings: [JSONRenderer.Entry]
        /// The last good diagram, with element ids (`element-web-01`).
        var svg: String
        /// True when `svg` is from an earlier version than `source`.
        var stale: Bool
        var availability: String
        var explanation: String
        var source: String
    }

    /// What `/what-if?fail=ID` answers: what the failure takes down and what still serves.
    struct WhatIfView: Encodable {
        var element: String
        var failed: [String]
        /// Elements on the paths that still serve a client.
        var serving: [String]
        /// The diagram ids of the links on those paths (`link-fw-to-gate`).
        var links: [String]
        var text: String
    }

    let path: String
    private let executable: String
    private let lock = NSCondition()
    private var state: State
    private var lastBytes: [UInt8]?
    private var lastProblem: String?
    private var context: LintContext?
    /// The diagram id that draws each link, by link name, for what-if to colour.
    private var linkIDs: [String: String] = [:]

    /// `executable` is the infralint that renders the diagram (this one); `shownAs`
    /// is the path as the user named it.
    public init(path: String, shownAs: String, executable: String) {
        self.path = path
        self.executable = executable
        state = State(version: 0, file: shownAs, parses: false, problem: nil, errors: [], findings: [], svg: "", stale: false,
                      availability: "", explanation: "", source: "")
    }

    public var version: Int { lock.withLock { state.version } }

    /// Reads the file again; the version goes up when what it holds changed.
    public func reload() {
        let loaded: Result<SourceFile, InputError>
        do { loaded = .success(try SourceLoader.load(path: path)) } catch { loaded = .failure(error) }
        var next = lock.withLock { state }
        switch loaded {
        case .failure(let error):
            guard error.description != lastProblem else { return }
            lastProblem = error.description
            lastBytes = nil
            next.parses = false
            next.problem = error.description
            next.errors = []
            next.stale = !next.svg.isEmpty
        case .success(let source):
            guard source.bytes != lastBytes else { return }
            lastBytes = source.bytes
            lastProblem = nil
            next.problem = nil
            next.source = source.text
            update(&next, source: source)
        }
        next.version += 1
        lock.withLock {
            state = next
            lock.broadcast()
        }
    }

    private func update(_ next: inout State, source: SourceFile) {
        let parsed = Frontend.read(source)
        guard parsed.errors.isEmpty else {
            next.parses = false
            next.errors = parsed.errors.map(JSONRenderer.Entry.init)
            next.stale = !next.svg.isEmpty
            return
        }
        let design = parsed.design
        let options = (try? Configuration.nearest(toFile: path))?.lintOptions ?? LintOptions()
        let context = LintContext(design: design)
        let findings = LintRun.findings(in: context, options: options).shown
        next.parses = true
        next.errors = []
        next.findings = findings.map(JSONRenderer.Entry.init)
        let report = AvailabilityReport(model: context.failures)
        next.availability = AvailabilityRenderer.text(report, capacity: context.capacity, design: design, target: design.target)
        next.explanation = (try? ExplainRun.explanation(design, options: options)) ?? ""
        if let svg = render(source.text) {
            next.svg = svg
            next.stale = false
        } else {
            next.stale = !next.svg.isEmpty
        }
        // The same drawing `render` makes (the SVG above): its ids for what-if's links.
        let linkIDs = Diagram(design: design, findings: findings, failures: context.failures).linkIDs
        lock.withLock { (self.context, self.linkIDs) = (context, linkIDs) }
    }

    /// The SVG of `infralint render` on this text, run where the file is, so the same
    /// configuration applies; nil when it fails.
    private func render(_ text: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        // Named as the file, so that a design with no `design` statement is titled by its file name.
        process.arguments = ["render", "-", "--format", "svg", "--stdin-filename", URL(fileURLWithPath: path).lastPathComponent]
        process.currentDirectoryURL = URL(fileURLWithPath: path).deletingLastPathComponent()
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        // Written from another thread: a large design fills the pipe both ways.
        let writer = Thread { input.fileHandleForWriting.write(Data(text.utf8)); try? input.fileHandleForWriting.close() }
        writer.start()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: svg, as: UTF8.self)
    }

    /// `/state` as JSON.
    func stateJSON() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(lock.withLock { state })).map { [UInt8]($0) } ?? []
    }

    /// Waits until the version passes `version`, or the timeout; the version then.
    func waitForChange(after version: Int, timeout: TimeInterval) -> Int {
        lock.withLock {
            let deadline = Date().addingTimeInterval(timeout)
            while state.version <= version, lock.wait(until: deadline) {}
            return state.version
        }
    }

    /// What `what-if --fail ID` says, for the page to draw: on the last design that parsed.
    func whatIf(_ id: String) -> WhatIfView? {
        guard let (context, linkIDs) = lock.withLock({ context.map { ($0, linkIDs) } }),
              let element = context.design.element(named: id) else { return nil }
        let graph = context.graph
        let whatIf = WhatIf(graph: graph, failing: [element.index])
        let design = context.design
        let serving = Set(whatIf.servedPaths.flatMap { $0.compactMap { graph.element(of: $0)?.id } })
        return WhatIfView(
            element: id,
            failed: whatIf.failed.sorted().map { design.elements[$0].id },
            serving: serving.sorted(),
            // The links as the diagram draws them: into a cluster or a server as written.
            links: whatIf.servingLinks.compactMap { linkIDs[$0] },
            text: WhatIfRenderer.render(whatIf, failing: [id], overloads: CapacityReport.overloads(
                model: context.failures, failing: [element.index], failed: id)))
    }
}
