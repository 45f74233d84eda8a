import ArgumentParser
import Fleet
import Orchestration

struct HostArm: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arm",
        abstract: "Arm a host to install again on its next network boot, whatever its state.",
        discussion: """
            Sets the mode to install (or capture) and the state to armed, clears the failure count and the \
            previous install's status markers, and publishes the host's entries and install files at once.
            """)

    @OptionGroup var fleet: FleetOptions
    @Argument(help: "Any MAC of the host.", transform: parseMAC)
    var mac: MACAddress
    @Flag(help: "Arm it to capture its Windows partition as an image instead of installing.")
    var capture = false
    @Flag(help: "Print the host as JSON.")
    var json = false

    func run() throws {
        let lifecycle = Lifecycle(session: try fleet.session())
        let change = try Failure.report { try lifecycle.arm(mac, mode: capture ? .capture : .install) }
        let record = change.after
        if json {
            try JSONOutput.print(HostView(host: record.host, state: record.state, origin: record.origin.rawValue))
        } else {
            print("\(record.host.name): mode \(record.host.mode.rawValue), state \(record.state.rawValue) (was \(change.before.state.rawValue))")
            ChangeLines.print(change.files, notices: change.notices)
        }
    }
}
