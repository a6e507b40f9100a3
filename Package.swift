// swift-tools-version: 6.0
import PackageDescription

// The pipeline, one target a stage:
//   InfraCore      source text -> syntax (lexer, parser, formatter) -> model (builder)
//   InfraAnalysis  the request graph and the failure model every rule shares
//   InfraRules     the rule catalogue, one rule a file
//   InfraRender    findings -> text, JSON, SARIF, GitHub, GitLab, markdown; designs -> DOT, Mermaid,
//                  written explanations (Mustache templates from InfraTemplates)
//   InfraTemplates templates/, embedded in the binary
//   InfraGraphviz  DOT text -> SVG/PNG/PDF through libgraphviz (the only target that calls Graphviz)
//   InfraLintKit   the facade: inputs, configuration, suppressions, baseline, the whole run
//   InfraEditor    the language server (`infralint lsp`) on the same pipeline
//   InfraServe     the live page (`infralint serve`): a small HTTP server, file watching
//   infralint      the command line, a thin layer over InfraLintKit
/// Every folder of Swift code but InfraTemplates', which the embedding target (rooted
/// at the package, to reach templates/) must not claim.
let otherTargetFolders = [
    "Sources/InfraCore", "Sources/InfraAnalysis", "Sources/InfraRules", "Sources/InfraRender",
    "Sources/CGraphviz", "Sources/CAllocator", "Sources/InfraGraphviz", "Sources/InfraLintKit", "Sources/InfraEditor", "Sources/InfraServe", "Sources/infralint",
    "Tests", "Benchmarks", "Fuzz", "examples", "docs", "scripts", "README.md", "action.yml",
    // Where scripts/demo writes. It is in the repository (out/.gitkeep), so that the
    // exclude always names a folder: SwiftPM caches what this manifest computes, and a
    // folder looked for here was out of date once the demo made it (every build then
    // warned of "unhandled" files).
    "out",
]

/// `scripts/fuzz` sets INFRALINT_FUZZ=1 and builds with `-sanitize=fuzzer`: libFuzzer
/// then provides `main`, and the replay driver (main.swift) is left out.
let fuzzing = Context.environment["INFRALINT_FUZZ"] == "1"

let package = Package(
    name: "infralint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "infralint", targets: ["infralint"]),
        .library(name: "InfraLintKit", targets: ["InfraLintKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // .infralint.yml is parsed with a real YAML parser, with positions for its errors.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // The explanation's text lives in Mustache templates users can copy and change.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        .target(name: "InfraCore"),
        .target(name: "InfraAnalysis", dependencies: ["InfraCore"]),
        .target(name: "InfraRules", dependencies: ["InfraCore", "InfraAnalysis"]),
        // Embeds every file under templates/ in the binary, so `explain` and `init`
        // work wherever the executable is copied; `--templates DIR` overrides them.
        .target(
            name: "InfraTemplates",
            path: ".",
            exclude: otherTargetFolders,
            sources: ["Sources/InfraTemplates"],
            resources: [.embedInCode("templates")]
        ),
        .target(
            name: "InfraRender",
            dependencies: [
                "InfraCore", "InfraAnalysis", "InfraRules", "InfraTemplates",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Graphviz's C libraries, found with pkg-config (libgraphviz-dev).
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"]), .brew(["graphviz"])]
        ),
        .target(name: "InfraGraphviz", dependencies: ["CGraphviz"]),
        // mallopt, which Swift's Glibc module does not bring in: how one-shot
        // commands ask glibc for memory (InfraLintKit/ProcessMemory.swift).
        .target(name: "CAllocator"),
        .target(
            name: "InfraLintKit",
            dependencies: [
                "InfraCore", "InfraAnalysis", "InfraRules", "InfraRender", "InfraGraphviz", "InfraTemplates", "CAllocator",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "InfraEditor",
            dependencies: ["InfraCore", "InfraAnalysis", "InfraRules", "InfraRender", "InfraLintKit"]
        ),
        // No web framework: loopback, one page, GET only; a few hundred lines of
        // sockets build in seconds where hummingbird or Vapor add minutes to CI's clean build.
        .target(
            name: "InfraServe",
            dependencies: ["InfraCore", "InfraAnalysis", "InfraRules", "InfraRender", "InfraLintKit"],
            resources: [.embedInCode("page.html")]
        ),
        .executableTarget(
            name: "infralint",
            dependencies: [
                "InfraLintKit",
                "InfraEditor",
                "InfraServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks over generated designs: swift run -c release infralint-bench
        .executableTarget(
            name: "infralint-bench",
            dependencies: ["InfraCore", "InfraAnalysis", "InfraRules", "InfraRender", "InfraLintKit", "InfraGraphviz", "InfraEditor"],
            path: "Benchmarks/InfraBench"
        ),
        // The whole pipeline on arbitrary bytes, with the properties every input keeps:
        // scripts/fuzz runs it under libFuzzer; the test suite replays its seed corpus.
        .target(
            name: "InfraFuzzing",
            dependencies: ["InfraCore", "InfraAnalysis", "InfraRules", "InfraRender", "InfraGraphviz", "InfraLintKit", "InfraTestSupport"],
            path: "Fuzz/InfraFuzzing"
        ),
        .executableTarget(
            name: "infralint-fuzz",
            dependencies: ["InfraFuzzing"],
            path: "Fuzz/infralint-fuzz",
            exclude: fuzzing ? ["main.swift"] : [],
            swiftSettings: fuzzing ? [.unsafeFlags(["-parse-as-library"]), .define("INFRALINT_FUZZ")] : []
        ),
        // Tests: one target a stage, sharing fixtures and golden-file helpers.
        .target(
            name: "InfraTestSupport",
            dependencies: ["InfraCore", "InfraAnalysis", "InfraRules", "InfraLintKit"],
            path: "Tests/InfraTestSupport"
        ),
        .testTarget(name: "InfraCoreTests", dependencies: ["InfraCore", "InfraTestSupport"]),
        .testTarget(name: "InfraAnalysisTests", dependencies: ["InfraCore", "InfraAnalysis", "InfraTestSupport"]),
        .testTarget(name: "InfraRulesTests", dependencies: ["InfraCore", "InfraRules", "InfraLintKit", "InfraTestSupport"]),
        .testTarget(name: "InfraRenderTests", dependencies: ["InfraRender", "InfraRules", "InfraLintKit", "InfraGraphviz", "InfraTestSupport"]),
        .testTarget(name: "InfraLintKitTests", dependencies: ["InfraLintKit", "InfraRules", "InfraTestSupport", "InfraFuzzing"]),
        .testTarget(name: "InfraEditorTests", dependencies: ["InfraEditor", "InfraCore", "InfraLintKit", "InfraTestSupport"]),
        // Runs the built executable, as users do.
        .testTarget(
            name: "CLITests",
            dependencies: ["infralint", "InfraTestSupport", .product(name: "Yams", package: "Yams")]
        ),
    ]
)
