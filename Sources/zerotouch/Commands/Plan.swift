import ArgumentParser
import Orchestration

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what 'apply' would change, without writing anything.",
        discussion: "Exit status 0 whether or not there are changes; use --json and count the changes in scripts.")

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var output: PlanOutputOptions

    func run() throws {
        let orchestrator = try fleet.orchestrator()
        let plan = try Failure.report { try orchestrator.plan() }
        try PlanPrinter(plan: plan, orchestrator: orchestrator, quiet: output.quiet, json: output.json).print(applied: false)
    }
}
