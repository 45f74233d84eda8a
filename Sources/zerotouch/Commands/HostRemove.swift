import ArgumentParser
import Fleet
import Orchestration

struct HostRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove a host registered from the command line, and its files.",
        discussion: "Hosts declared in the fleet file are removed by deleting them there and running apply.")

    @OptionGroup var fleet: FleetOptions
    @Argument(help: "Any MAC of the host.", transform: parseMAC)
    var mac: MACAddress

    func run() throws {
        let result = try Failure.report { try HostCommands(session: fleet.session()).remove(mac) }
        let record = result.host
        print("removed \(record.host.name) (\(record.host.primaryMAC))")
        ChangeLines.print(result.files, notices: result.notices)
    }
}
