import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The version `--version` prints.
public enum InfraLintVersion {
    public static let current = "0.1.0"
}

/// Writes output files whole or not at all, without damaging what is there.
///
/// - A regular file is written to a temporary file beside it, which takes the old
///   file's permissions and is then renamed over it: an interrupted run never
///   leaves half a file, and a file that was not writable is refused, not replaced.
/// - A symbolic link is followed: its target is written, the link stays.
/// - A device, a FIFO or a socket (`/dev/null`, `/dev/stdout`, a pipe) is written
///   directly: renaming over it would replace it with a regular file.
/// - A file that is one of the command's inputs is refused.
public enum OutputFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes to `path` what `produce` hands over, chunk by chunk, in order (so that
    /// a large report is never held whole); `inputs` are the files the command read,
    /// which it must not overwrite.
    public static func write(to path: String, inputs: [String] = [], produce: Producer) throws {
        // What the kernel opens for this path: `/dev/stdout` is a link to `/proc/self/fd/1`,
        // a "magic" link to a pipe that no path names, so a device is opened as given.
        var opened = stat()
        if stat(path, &opened) == 0, (opened.st_mode & S_IFMT) != S_IFREG, (opened.st_mode & S_IFMT) != S_IFDIR {
            try refuseInputs(opened, inputs: inputs)
            try writeDirectly(produce, to: path)
            return
        }
        let target = resolve(path)
        var status = stat()
        let exists = stat(target, &status) == 0
        if exists {
            try refuseInputs(status, inputs: inputs)
            if (status.st_mode & S_IFMT) == S_IFDIR {
                throw WriteError(description: "it is a folder")
            }
            if (status.st_mode & S_IFMT) != S_IFREG {
                try writeDirectly(produce, to: target)
                return
            }
            // Not by access() alone: it lets root write anything.
            guard access(target, W_OK) == 0, status.st_mode & 0o222 != 0 else {
                throw WriteError(description: "the file is read-only; change its permissions or write elsewhere")
            }
        }
        let folder = (target as NSString).deletingLastPathComponent
        let directory = folder.isEmpty ? "." : folder
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WriteError(description: "the folder \(directory) does not exist")
        }
        let temporary = "\(directory)/.\((target as NSString).lastPathComponent).infralint-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw WriteError(description: systemMessage()) }
        var removeTemporary = true
        defer {
            if removeTemporary { unlink(temporary) }
        }
        do {
            try produce { try writeAll($0, to: descriptor) }
            if exists {
                _ = fchmod(descriptor, status.st_mode & 0o7777)
                if getuid() == 0 { _ = fchown(descriptor, status.st_uid, status.st_gid) }
            }
            guard close(descriptor) == 0 else { throw WriteError(description: systemMessage()) }
        } catch {
            close(descriptor)
            throw error
        }
        guard rename(temporary, target) == 0 else { throw WriteError(description: systemMessage()) }
        removeTemporary = false
    }

    /// Refuses a file that is one of the inputs (the same file, by device and inode).
    private static func refuseInputs(_ status: stat, inputs: [String]) throws {
        for input in inputs where input != "-" {
            var other = stat()
            if stat(input, &other) == 0, other.st_dev == status.st_dev, other.st_ino == status.st_ino {
                throw WriteError(description: "it is the design being read (\(input)); write the output to another file")
            }
        }
    }

    /// Writes what `produce` hands over, chunk by chunk, to standard output; a
    /// failure (a closed or full output) is an error, not a crash.
    public static func writeStandardOutput(produce: Producer) throws {
        try produce { try writeAll($0, to: STDOUT_FILENO) }
    }

    /// What writes an output: it calls its argument with each chunk of bytes, in order.
    public typealias Producer = (_ chunk: (UnsafeRawBufferPointer) throws -> Void) throws -> Void

    /// The path a write lands on: symbolic links followed, even a dangling one.
    static func resolve(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length > 0 else { return current }
            let destination = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = destination.hasPrefix("/")
                ? destination
                : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
        }
        return current
    }

    private static func writeDirectly(_ produce: Producer, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw WriteError(description: systemMessage()) }
        defer { close(descriptor) }
        try produce { try writeAll($0, to: descriptor) }
    }

    private static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) throws {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let written = systemWrite(descriptor, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw WriteError(description: systemMessage())
            }
            offset += written
        }
    }

    private static func systemWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(descriptor, pointer, count)
        #else
        return Darwin.write(descriptor, pointer, count)
        #endif
    }

    private static func systemMessage() -> String {
        String(cString: strerror(errno))
    }
}
