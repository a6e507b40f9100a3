import ArgumentParser
import Foundation
import InfraCore
import InfraServe

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a live page of one design: diagram, findings, availability, explanation.",
        discussion: """
            Listens on 127.0.0.1 (another address only with --host) and prints the page's address. \
            The page follows the file as it is saved; while it does not parse, the last good diagram \
            stays with the errors over it. Click a finding to see its element and line; click an element \
            to see what its failure costs.
            """
    )

    @Argument(help: "The design file.")
    var file: String

    @Option(help: "The address to listen on; anything but 127.0.0.1, ::1 or localhost exposes the page to the network.")
    var host = "127.0.0.1"

    @Option(help: "The port (0 lets the system choose a free one).")
    var port = 0

    func run() throws {
        guard (0...65_535).contains(port) else {
            Terminal.printError("--port takes 0 to 65535, found \(port)")
            throw ExitCode(2)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
            Terminal.printError("\(file): no such file")
            throw ExitCode(2)
        }
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        let started: (address: String, serve: () -> Never)
        do {
            started = try LiveServer.start(path: FilePaths.absolute(file), shownAs: file, host: host, port: port, executable: executable)
        } catch {
            Terminal.printError("\(error)")
            throw ExitCode(2)
        }
        try Terminal.emit("infralint serve: \(file) at \(started.address) (Ctrl-C to stop)\n", to: nil)
        started.serve()
    }
}
