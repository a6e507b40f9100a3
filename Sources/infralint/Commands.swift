import ArgumentParser
import Foundation
import InfraCore
import InfraLintKit
import InfraRender

/// What the commands that work on one design share.
enum Commands {
    /// Loads a design, or prints why it cannot be loaded and exits with status 2.
    static func loadDesign(_ path: String) throws -> Design {
        switch DesignLoader.load(path) {
        case .success(let design):
            return design
        case .failure(.input(let error)):
            Terminal.printError(error.description)
            throw ExitCode(2)
        case .failure(.invalid(let errors, let source)):
            let renderer = TextRenderer(color: Terminal.useColor(for: .standardError))
            for error in errors { Terminal.printStandardError(renderer.render(error, source: source)) }
            throw ExitCode(2)
        }
    }
}
