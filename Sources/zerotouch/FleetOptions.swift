import ArgumentParser
import Fleet
import Foundation
import Orchestration

/// The options every command that reads the fleet takes.
struct FleetOptions: ParsableArguments {
    @Option(name: [.short, .customLong("config")], help: "The fleet file (site, profiles, hosts).")
    var config = "zerotouch.yaml"

    /// Loads the fleet file into a session, or prints why not and exits 2. Secrets come from this
    /// process's environment, read here once.
    func session() throws -> SiteSession {
        try Failure.report { SiteSession(file: try FleetFile(path: config, snapshots: Self.snapshots), environment: ProcessInfo.processInfo.environment) }
    }

    /// Where fleet snapshots are kept, from this process's environment: the one place the CLI reads it.
    static var snapshots: String? {
        FleetFile.snapshotFolder(environment: ProcessInfo.processInfo.environment)
    }
}

/// Parses a MAC argument, with the rule in the error when it is not one.
func parseMAC(_ text: String) throws -> MACAddress {
    do {
        return try MACAddress(text)
    } catch {
        throw ValidationError("'\(text)' \(error.rule)")
    }
}

/// How apply and plan print their plan.
struct PlanOutputOptions: ParsableArguments {
    @Flag(help: "Print the plan as JSON instead of text.")
    var json = false
    @Flag(name: .shortAndLong, help: "Print only the summary line, not every file.")
    var quiet = false
}
