import ArgumentParser
import Fleet
import Orchestration

struct HostToken: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print the token a host's installer sends with its lifecycle callbacks.",
        discussion: """
            ZeroTouch puts it into the host's kickstart %post (and ESXi %firstboot) as \
            'Authorization: Bearer TOKEN'. It is derived from the site key in the state folder, so it \
            stays the same across runs; treat it as a secret.
            """)

    @OptionGroup var fleet: FleetOptions
    @Argument(help: "Any MAC of the host.", transform: parseMAC)
    var mac: MACAddress

    func run() throws {
        let queries = HostQueries(session: try fleet.session())
        print(try Failure.report { try queries.token(of: mac) })
    }
}
