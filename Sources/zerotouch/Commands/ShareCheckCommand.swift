import ArgumentParser
import Orchestration

struct ShareCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Tell whether the share is reachable, writable by ZeroTouch's account and readable by WinPE's.",
        discussion: """
            For an smb:// target: the name resolves, the server answers and accepts the account, the share \
            exists, a probe file can be written, replaced and removed, and WinPE's account (site.share.user) \
            reads it back. Each failure says what to fix. Exit 0 when nothing failed (warnings allowed), 1 otherwise.
            """)

    @OptionGroup var fleet: FleetOptions
    @Flag(help: "Print the findings as JSON.")
    var json = false

    func run() throws {
        let report = ShareCommands(session: try fleet.session()).check()
        if json {
            try JSONOutput.print(report)
        } else {
            print("share \(report.target)")
            for finding in report.findings {
                let mark = switch finding.level {
                case .ok: "ok     "
                case .warning: "warning"
                case .failure: "FAILED "
                }
                print("  \(mark) \(finding.check): \(finding.message)")
            }
        }
        if !report.passed { throw ExitCode(1) }
    }
}
