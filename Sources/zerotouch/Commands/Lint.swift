import ArgumentParser
import Foundation
import Render

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check unattend.xml or Sysprep.inf files for what would stop Windows setup.",
        discussion: """
            Works on a base file or a rendered one; needs no fleet file. unattend.xml: well-formed, an \
            unattend root, known passes, components with all five attributes and a known architecture, \
            ComputerName rules, addresses, PlainText=false passwords in Windows' encoding, JoinDomain with \
            JoinWorkgroup. Sysprep.inf: readable lines, ComputerName rules, the quoting Windows requires, \
            the ProductKey shape, a numeric TimeZone, JoinDomain with JoinWorkgroup. Exit status 1 when \
            any file has a problem.
            """)

    @Argument(help: "The files to check.")
    var files: [String]
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
            let problems = AnswerFileLint.check(Array(data), name: file)
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
