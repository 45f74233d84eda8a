public import ArgumentParser
import Fleet
import Orchestration
import Render

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print one artifact of one host to stdout.",
        discussion: """
            The host is looked up by any of its MACs, in the inventory first, then in the fleet file. \
            'render MAC --artifact answer --diff' shows what ZeroTouch sets, adds and removes in the \
            profile's base answer file for this host, before you arm it.
            """)

    @OptionGroup var fleet: FleetOptions
    @Argument(help: "A MAC of the host, in any common spelling.", transform: parseMAC)
    var mac: MACAddress
    @Option(help: "Which artifact: \(ArtifactKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var artifact: ArtifactKind = .pxelinux
    @Flag(help: "With --artifact answer: print what the host's answer file changes in its profile's base, per pass and component (secrets masked).")
    var diff = false

    func validate() throws {
        if diff, artifact != .answer { throw ValidationError("--diff works with --artifact answer only") }
    }

    func run() throws {
        let queries = HostQueries(session: try fleet.session())
        if diff {
            guard let text = try Failure.report({ try queries.answerDiff(mac: mac) }) else {
                Failure.printError("\(mac) is not a Windows host; it has no answer file")
                throw ExitCode(1)
            }
            print(text, terminator: "")
            return
        }
        guard let text = try Failure.report({ try queries.render(artifact, mac: mac) }) else {
            Failure.printError("\(mac) has no \(artifact.rawValue) artifact in its current mode (a disabled host gets the site default)")
            throw ExitCode(1)
        }
        print(text, terminator: "")
    }
}

extension ArtifactKind: ExpressibleByArgument {}
