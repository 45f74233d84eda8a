import ArgumentParser
import Fleet
import Orchestration

struct HostModeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mode",
        abstract: "Set a host's mode and publish its entry: install, localboot, disabled or capture.")

    @OptionGroup var fleet: FleetOptions
    @Argument(help: "Any MAC of the host.", transform: parseMAC)
    var mac: MACAddress
    @Argument(help: "install, localboot, disabled or capture.")
    var mode: HostMode
    @Flag(help: "Print the host as JSON.")
    var json = false

    func run() throws {
        let result = try Failure.report { try HostCommands(session: fleet.session()).setMode(of: mac, to: mode) }
        let record = result.host
        if json {
            try JSONOutput.print(HostView(host: record.host, state: record.state, origin: record.origin.rawValue))
        } else {
            print("\(record.host.name): mode \(record.host.mode.rawValue), state \(record.state.rawValue)")
            ChangeLines.print(result.files, notices: result.notices)
        }
    }
}
