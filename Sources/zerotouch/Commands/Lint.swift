public import ArgumentParser
import Fleet
import Foundation
import Render

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check unattend.xml or Sysprep.inf files for what would stop Windows setup.",
        discussion: """
            Works on a base file or a rendered one; needs no fleet file. unattend.xml: well-formed, an \
            unattend root, known passes, components with all five attributes and a known architecture, \
            ComputerName rules, addresses, PlainText=false passwords in Windows' encoding, JoinDomain with \
            JoinWorkgroup, components an image of the file's architecture (or --arch) ignores. Sysprep.inf: \
            readable lines, ComputerName rules, quotes around values with spaces, the ProductKey shape, a \
            numeric TimeZone, JoinDomain with JoinWorkgroup. Files may be UTF-8 or UTF-16 (with a byte \
            order mark, as PowerShell writes them). Exit status 1 when any file has a problem.
            """)

    @Argument(help: "The files to check.")
    var files: [String]
    @Option(help: "The image's architecture (x86, amd64, arm64): report every component it ignores.")
    var arch: Architecture?
    @Flag(help: "Print the problems as JSON.")
    var json = false

    struct FileView: Encodable {
        struct ProblemView: Encodable { let line: Int?; let message: String }
        let file: String
        let problems: [ProblemView]
    }

    func run() throws {
        var views: [FileView] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                Failure.printError("error: cannot read '\(file)' (missing or permission denied)")
                throw ExitCode(2)
            }
            let problems = AnswerFileLint.check(Array(data), name: file, arch: arch)
            views.append(FileView(file: file, problems: problems.map { .init(line: $0.line, message: $0.message) }))
        }
        if json {
            try JSONOutput.print(views)
        } else {
            for view in views {
                if view.problems.isEmpty { print("\(view.file): ok") }
                for problem in view.problems { print("\(view.file):\(problem.line.map(String.init) ?? "-"): \(problem.message)") }
            }
        }
        if views.contains(where: { !$0.problems.isEmpty }) { throw ExitCode(1) }
    }
}
extension Architecture: ExpressibleByArgument {}
