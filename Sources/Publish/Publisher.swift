
/// Carries out planned changes on a target.
public enum Publisher {
    /// Applies every change in order. Returns the changes that took effect; on a failure, throws
    /// `PublishFailure` carrying those that did, so the caller can record them before reporting.
    /// Changes run `target.parallelism` at a time; each touches one path, so their order does not matter.
    public static func apply(_ changes: [PlannedChange], to target: some PublishTarget) throws(PublishFailure) -> [PlannedChange] {
        let work = changes.filter { $0.action != .unchanged }
        if target.parallelism <= 1 || work.count < 2 {
            var done: [PlannedChange] = []
            for change in work {
                do throws(PublishError) {
                    try carryOut(change, on: target)
                } catch {
                    throw PublishFailure(error: error, completed: done)
                }
                done.append(change)
            }
            return done
        }
        let (succeeded, failure) = ParallelWork.run(count: work.count, threads: target.parallelism) { (index) throws(PublishError) in
            try carryOut(work[index], on: target)
        }
        let done = succeeded.map { work[$0] }
        if let failure { throw PublishFailure(error: failure, completed: done) }
        return done
    }

    static func carryOut(_ change: PlannedChange, on target: some PublishTarget) throws(PublishError) {
        switch change.action {
        case .create, .update, .conflict:
            try target.write(change.path, content: change.artifact!.content)
        case .delete:
            try target.remove(change.path)
        case .adopt, .unchanged:
            break
        }
    }
}

public struct PublishFailure: Error, Sendable {
    public let error: PublishError
    public let completed: [PlannedChange]
}
