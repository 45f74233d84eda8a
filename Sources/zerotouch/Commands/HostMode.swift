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
        let orchestrator = try fleet.orchestrator()
        let (record, changes) = try Failure.report { try orchestrator.setMode(of: mac, to: mode) }
        if json {
            try JSONOutput.print(HostView(host: record.host, state: record.state, origin: record.origin.rawValue))
        } else {
            print("\(record.host.name): mode \(record.host.mode.rawValue), state \(record.state.rawValue)")
            ChangeLines.print(changes, orchestrator: orchestrator)
        }
    }
}
