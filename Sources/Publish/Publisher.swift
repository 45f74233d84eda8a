
/// Carries out planned changes on a target.
public enum Publisher {
    /// Applies every change in order. Returns the changes that took effect; on a failure, throws
    /// `PublishFailure` carrying those that did, so the caller can record them before reporting.
    public static func apply(_ changes: [PlannedChange], to target: some PublishTarget) throws(PublishFailure) -> [PlannedChange] {
        var done: [PlannedChange] = []
        for change in changes {
            do {
                switch change.action {
                case .create, .update, .conflict:
                    try target.write(change.path, content: change.artifact!.content)
                case .delete:
                    try target.remove(change.path)
                case .adopt:
                    break
                case .unchanged:
                    continue
                }
            } catch {
                throw PublishFailure(error: error, completed: done)
            }
            done.append(change)
        }
        return done
    }
}

public struct PublishFailure: Error, Sendable {
    public let error: PublishError
    public let completed: [PlannedChange]
}
