import ArgumentParser
import Orchestration

struct WinPEStartnet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startnet",
        abstract: "Print the startnet.cmd that WinPE runs: map the share, find this machine's folder, run autorun.bat.",
        discussion: """
            Uses site.share.unc and, when given, site.share.user with password_env or password_file (a \
            read-only account is enough). Put the output at Windows/System32/startnet.cmd in WinPE's \
            boot.wim; 'zerotouch winpe build' does that on Linux, no Windows needed.
            """)

    @OptionGroup var fleet: FleetOptions

    func run() throws {
        let winpe = WinPECommands(session: try fleet.session())
        print(try Failure.report { try winpe.startnet() }, terminator: "")
    }
}
