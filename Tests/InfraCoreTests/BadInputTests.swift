import Foundation
import InfraCore
import InfraTestSupport
import Testing

@Suite("Bad input: a clear error, never a crash, a hang or a stack overflow")
struct BadInputTests {
    @Test("the eight-bytes-at-a-time check of plain text agrees with reading byte by byte, wherever the odd byte falls")
    func plainTextCheckAgreesWithBytes() throws {
        var generator = SystemRandomNumberGenerator()
        let plain = Array("abc -> x: y { }\t\r".utf8)
        let odd: [[UInt8]] = [[0x00], [0x01], [0x1F], [0x7F], [0xC3, 0xA9], [0xC2, 0x85], [0xFF]]
        for _ in 0..<3_000 {
            var bytes = (0..<Int.random(in: 0...70, using: &generator)).map { _ in
                Bool.random(using: &generator) && Int.random(in: 0..<8, using: &generator) == 0
                    ? UInt8(ascii: "\n") : plain.randomElement(using: &generator) ?? 0x41
            }
            if Bool.random(using: &generator), let insert = odd.randomElement(using: &generator) {
                bytes.insert(contentsOf: insert, at: Int.random(in: 0...bytes.count, using: &generator))
            }
            let expected = SourceFile(path: "f", text: String(decoding: bytes, as: UTF8.self))
            let controls = bytes.contains { $0 == 0x7F || ($0 < 0x20 && ![0x09, 0x0A, 0x0D].contains($0)) }
                || bytes.starts(with: [0xC2, 0x85]) || zip(bytes, bytes.dropFirst()).contains { $0 == 0xC2 && $1 == 0x85 }
            let invalid = bytes.contains(0xFF)
            do {
                let file = try SourceLoader.decode(path: "f", bytes: bytes)
                #expect(!controls && !invalid, "\(bytes)")
                #expect(file.lineCount == expected.lineCount, "\(bytes)")
                for line in 1...file.lineCount { #expect(file.lineRange(line) == expected.lineRange(line), "\(bytes)") }
            } catch {
                #expect(controls || invalid, "\(bytes): \(error)")
            }
        }
    }

    @Test("a regular file is read whole into a buffer of its size, a NUL in it still found")
    func regularFileRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("infralint-read-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = String(repeating: "server web-01 { instances: 2 }\n", count: 5_000)
        let good = folder.appendingPathComponent("good.infra")
        try Data(text.utf8).write(to: good)
        let file = try SourceLoader.load(path: good.path)
        #expect(file.bytes == Array(text.utf8))
        #expect(file.lineCount == 5_001)
        let binary = folder.appendingPathComponent("binary.infra")
        try Data([0xEF, 0xBB, 0xBF] + Array(text.utf8.prefix(70_000)) + [0x00]).write(to: binary)
        #expect(throws: InputError.binary(binary.path, offset: 70_003)) { try SourceLoader.load(path: binary.path) }
    }

    @Test("a binary file")
    func binary() {
        #expect(throws: InputError.binary("f", offset: 3)) {
            try SourceLoader.decode(path: "f", bytes: [0x41, 0x42, 0x43, 0x00, 0x01])
        }
    }

    @Test("invalid UTF-8, with its position")
    func invalidUTF8() {
        let bytes = Array("client a\nclient é".utf8) + [0xFF, 0x41]
        #expect(throws: InputError.invalidUTF8("f", line: 2, column: 9)) {
            try SourceLoader.decode(path: "f", bytes: bytes)
        }
        #expect(throws: InputError.invalidUTF8("f", line: 1, column: 1)) {
            try SourceLoader.decode(path: "f", bytes: [0xED, 0xA0, 0x80])
        }
    }

    @Test("a 50 MB file is refused before it is read")
    func hugeFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("huge-\(UUID()).infra").path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 50 * 1_048_576)
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: InputError.tooLarge(path, bytes: 50 * 1_048_576, limit: SourceLoader.maxFileBytes)) {
            try SourceLoader.load(path: path)
        }
    }

    @Test("a 1 MB line")
    func longLine() {
        let bytes = Array("client a\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 1_048_576)
        #expect(throws: InputError.lineTooLong("f", line: 2, bytes: 1_048_576, limit: SourceLoader.maxLineBytes)) {
            try SourceLoader.decode(path: "f", bytes: bytes)
        }
    }

    @Test("a missing file and a folder")
    func missing() {
        #expect(throws: InputError.notFound("/no/such/file.infra")) { try SourceLoader.load(path: "/no/such/file.infra") }
        #expect(throws: InputError.isDirectory("/tmp")) { try SourceLoader.load(path: "/tmp") }
    }

    @Test("braces nested 10,000 deep")
    func deepBraces() {
        let bare = String(repeating: "{", count: 10_000) + String(repeating: "}", count: 10_000)
        #expect(Fixtures.read(bare).errors.map(\.message).first == "expected a declaration (KIND ID) or a link (A -> B), found '{'")
        let nested = String(repeating: "server s {", count: 10_000) + String(repeating: "}", count: 10_000)
        let parsed = Fixtures.read(nested)
        #expect(parsed.errors.contains { $0.message == "blocks are nested more than \(Parser.maxDepth) deep" })
        let unclosed = String(repeating: "server s {", count: 10_000)
        #expect(!Fixtures.read(unclosed).errors.isEmpty)
        let lists = "dns d { records: " + String(repeating: "[", count: 10_000) + " }"
        #expect(!Fixtures.read(lists).errors.isEmpty)
    }

    @Test("garbage produces errors and terminates")
    func garbage() {
        let noise = (0..<5_000).map { index in ["{", "}", "->", ",", ";", ":", "\"x\"", "a", "\n", "[", "]", "server", "42", "%"][index * 7 % 14] }.joined(separator: " ")
        #expect(!Fixtures.read(noise).errors.isEmpty)
        #expect(!Fixtures.read("}}}}\n]]]]\n->->->\n::::").errors.isEmpty)
    }

    @Test("a byte order mark is skipped")
    func byteOrderMark() throws {
        let file = try SourceLoader.decode(path: "f", bytes: [0xEF, 0xBB, 0xBF] + Array("client a".utf8))
        #expect(Frontend.read(file).errors.isEmpty)
    }
}
