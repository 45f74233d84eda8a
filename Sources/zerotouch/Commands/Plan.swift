import ArgumentParser
import Orchestration

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what 'apply' would change, without writing anything.",
        discussion: """
            Exit status 0 whether or not there are changes; use --json and count the changes in scripts. \
            Hosts whose record and file inputs did not change since the last apply are not rendered again; \
            --full renders and compares everything.
            """)

    @OptionGroup var fleet: FleetOptions
    @Flag(help: "Render every host and compare every published file with its root, not only what changed since the last apply: for files edited or removed behind ZeroTouch's back.")
    var full = false
    @OptionGroup var output: PlanOutputOptions

    func run() throws {
        let apply = FleetApply(session: try fleet.session())
        let plan = try Failure.report { try apply.plan(full: full) }
        try PlanPrinter(plan: plan, quiet: output.quiet, json: output.json).print(applied: false)
    }
}
