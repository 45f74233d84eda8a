public import ArgumentParser
import Fleet
import Orchestration
import Render

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print one artifact of one host to stdout.",
        discussion: "The host is looked up by any of its MACs, in the inventory first, then in the fleet file.")

    @OptionGroup var fleet: FleetOptions
    @Argument(help: "A MAC of the host, in any common spelling.", transform: parseMAC)
    var mac: MACAddress
    @Option(help: "Which artifact: \(ArtifactKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var artifact: ArtifactKind = .pxelinux

    func run() throws {
        let orchestrator = try fleet.orchestrator()
        guard let text = try Failure.report({ try orchestrator.render(artifact, mac: mac) }) else {
            Failure.printError("\(mac) has no \(artifact.rawValue) artifact in its current mode (a disabled host gets the site default)")
            throw ExitCode(1)
        }
        print(text, terminator: "")
    }
}

extension ArtifactKind: ExpressibleByArgument {}
