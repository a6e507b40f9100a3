import Foundation

/// Runs the built `infralint` executable.
public enum CLI {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// The executable beside the test bundle (SwiftPM builds it first: the CLI test
    /// target depends on it).
    public static var executable: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [beside, beside.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("infralint")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return Fixtures.root.appendingPathComponent(".build/debug/infralint")
    }

    /// Runs it with arguments, standard input and extra environment, in `directory`
    /// (the package root by default).
    public static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
        directory: URL = Fixtures.root
    ) throws -> Result {
        // Colour only where a test asks for it.
        try process(executable, arguments, stdin: stdin, environment: environment, unset: ["NO_COLOR"], directory: directory)
    }

    /// Runs any program (a shell with `$INFRALINT` set, a validator) the same way:
    /// both pipes read while it runs, so a large output cannot block it.
    public static func process(
        _ program: URL, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
        unset: [String] = [], directory: URL = Fixtures.root
    ) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["INFRALINT"] = executable.path
        for key in unset { env[key] = nil }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = output.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        errData = errors.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary folder.
    public static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("infralint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
