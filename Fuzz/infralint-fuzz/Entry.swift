import InfraFuzzing

/// libFuzzer's entry point: the whole pipeline on one input. A broken property
/// stops the process like a crash, so the fuzzer saves the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let problems = FuzzPipeline.problems(in: bytes)
    if let first = problems.first {
        fatalError("infralint-fuzz: \(first)\(problems.count > 1 ? " (and \(problems.count - 1) more)" : "")")
    }
    return 0
}
