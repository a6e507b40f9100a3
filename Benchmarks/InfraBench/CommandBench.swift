import Foundation
import InfraCore

/// `scripts/benchmark --command`: `infralint lint` as a user runs it, a fresh
/// process each time, from start to exit: wall time, CPU time (user and system)
/// and peak memory from the kernel's accounting of the child (wait4), median of 5;
/// with `--callgrind`, the instructions valgrind counts, which stay the same
/// however busy the machine is.
enum CommandBench {
    struct Measure {
        var wall: Double
        var cpu: Double
        var peakMiB: Double
    }

    static func run(sizes: [Int], infralint: String, callgrind: Bool, median: ([Double]) -> Double) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("infralint-command-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        print("elements  MB file   wall (s)  CPU (s)  peak MiB  µs CPU/element" + (callgrind ? "  instructions" : ""))
        var previous: (elements: Int, cpu: Double, memory: Double)?
        for size in sizes {
            let text = DesignGenerator.design(elements: size)
            let path = folder.appendingPathComponent("g\(size).infra").path
            writeDesign(text, to: path)
            let elements = Frontend.read(SourceFile(path: path, text: text)).design.elements.count
            let arguments = ["lint", path, "--format", "json", "-o", "/dev/null"]
            let runs = (0..<5).compactMap { _ in measure(infralint, arguments) }
            guard !runs.isEmpty else {
                print("could not run \(infralint)")
                return
            }
            let cpu = median(runs.map(\.cpu)), memory = median(runs.map(\.peakMiB))
            var line = String(format: "%-9d %-9.1f %-9.3f %-8.3f %-9.0f %-15.2f", elements, Double(text.utf8.count) / 1e6,
                              median(runs.map(\.wall)), cpu, memory, cpu / Double(elements) * 1e6)
            if callgrind, let count = instructions(infralint, arguments) {
                line += String(format: "  %.2f G", Double(count) / 1e9)
            }
            print(line)
            if let previous {
                let scale = Double(elements) / Double(previous.elements)
                print(String(format: "          CPU grew %.2f×, memory %.2f× as fast as the design (1.00 is linear)",
                             cpu / previous.cpu / scale, memory / previous.memory / scale))
            }
            previous = (elements, cpu, memory)
        }
    }

    /// One run of a command, its output thrown away.
    static func measure(_ executable: String, _ arguments: [String]) -> Measure? {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { return nil }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let seconds = { (time: timeval) in Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return Measure(wall: wall, cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime), peakMiB: Double(usage.ru_maxrss) / 1024)
    }

    /// The instructions callgrind counts for one run; nil without valgrind. It runs a
    /// copy without debug information (`objcopy --strip-debug`): valgrind 3.19 gives up
    /// on the DWARF of Swift 6's binaries. The instructions are the same.
    static func instructions(_ executable: String, _ arguments: [String]) -> UInt64? {
        let folder = FileManager.default.temporaryDirectory
        let output = folder.appendingPathComponent("callgrind-\(getpid()).out").path
        let stripped = folder.appendingPathComponent("infralint-nodebug-\(getpid())").path
        defer {
            try? FileManager.default.removeItem(atPath: output)
            try? FileManager.default.removeItem(atPath: stripped)
        }
        let tools = ["valgrind", "objcopy"].map { name in
            ["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first(where: FileManager.default.isExecutableFile(atPath:))
        }
        guard let valgrind = tools[0], let objcopy = tools[1],
              measure(objcopy, ["--strip-debug", executable, stripped]) != nil,
              measure(valgrind, ["--tool=callgrind", "--callgrind-out-file=\(output)", stripped] + arguments) != nil,
              let text = try? String(contentsOfFile: output, encoding: .utf8) else { return nil }
        let totals = text.split(separator: "\n").first { $0.hasPrefix("summary:") || $0.hasPrefix("totals:") }
        return totals.flatMap { UInt64($0.split(separator: " ").last ?? "") }
    }
}
