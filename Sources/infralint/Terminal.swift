import ArgumentParser
import Foundation
import InfraLintKit

/// Where output goes, and whether it may be coloured.
enum Terminal {
    /// Colour only on a terminal, never when NO_COLOR is set.
    static func useColor(for handle: FileHandle) -> Bool {
        if let noColor = ProcessInfo.processInfo.environment["NO_COLOR"], !noColor.isEmpty { return false }
        return isTerminal(handle)
    }

    static func isTerminal(_ handle: FileHandle) -> Bool {
        isatty(handle.fileDescriptor) != 0
    }

    /// Ends the process with a status once everything is written, without freeing
    /// what the run built: the command is one run, and the system takes its memory
    /// back whole faster than the design's structures are freed one by one.
    static func finish(_ status: Int32) -> Never {
        exit(status)
    }

    static func printError(_ message: String) {
        printStandardError("infralint: error: " + message + "\n")
    }

    static func printWarning(_ message: String) {
        printStandardError("infralint: warning: " + message + "\n")
    }

    /// Writes to standard error, ignoring failure: with standard error closed or
    /// full there is nowhere left to say anything (the exit status still says it).
    static func printStandardError(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written > 0 { offset += written } else if written < 0, errno == EINTR { continue } else { return }
        }
    }

    /// Writes to a file (whole, or not at all) or to standard output; `inputs` are
    /// the files the command read, which it refuses to write over.
    static func emit(_ data: Data, to path: String?, inputs: [String] = []) throws {
        try emit(to: path, inputs: inputs) { chunk in try data.withUnsafeBytes { try chunk($0) } }
    }

    static func emit(_ text: String, to path: String?, inputs: [String] = []) throws {
        var text = text
        try emit(to: path, inputs: inputs) { chunk in try text.withUTF8 { try chunk(UnsafeRawBufferPointer($0)) } }
    }

    /// Writes what `produce` hands over chunk by chunk, so that a report of tens of
    /// megabytes need not be whole in memory (or copied) to be written.
    static func emit(to path: String?, inputs: [String] = [], produce: OutputFile.Producer) throws {
        guard let path, path != "-" else {
            do {
                try OutputFile.writeStandardOutput(produce: produce)
            } catch {
                printError("cannot write to standard output: \(error)")
                throw ExitCode(2)
            }
            return
        }
        do {
            try OutputFile.write(to: path, inputs: inputs, produce: produce)
        } catch {
            printError("\(path): cannot write: \(error)")
            throw ExitCode(2)
        }
    }
}
