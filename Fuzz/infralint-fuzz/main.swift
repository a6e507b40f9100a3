import Foundation
import InfraFuzzing

// Without libFuzzer (a normal build): replays inputs, files or folders of them,
// through the same pipeline, and prints each broken property. `scripts/fuzz`
// builds the fuzzing binary instead, where libFuzzer provides `main`.
var files: [String] = []
for argument in CommandLine.arguments.dropFirst() {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) else {
        FileHandle.standardError.write(Data("infralint-fuzz: \(argument): no such file or folder\n".utf8))
        exit(2)
    }
    if isFolder.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
        files += names.sorted().map { "\(argument)/\($0)" }
    } else {
        files.append(argument)
    }
}
if files.isEmpty {
    print("usage: infralint-fuzz FILE|FOLDER…  (replays inputs; scripts/fuzz runs the fuzzer)")
    exit(2)
}
var broken = 0
for file in files {
    guard let data = FileManager.default.contents(atPath: file) else { continue }
    for problem in FuzzPipeline.problems(in: Array(data)) {
        print("\(file): \(problem)")
        broken += 1
    }
}
print("\(files.count) inputs, \(broken) broken properties")
exit(broken == 0 ? 0 : 1)
