import Synchronization

/// Work the server starts on its own (recording `booting` when a script is fetched) and must see
/// through before it stops: a SIGTERM right after an armed host fetched its script would otherwise
/// lose that host's `booting`.
final class PendingTasks: Sendable {
    private let running = Mutex<(next: Int, tasks: [Int: Task<Void, Never>])>((0, [:]))

    /// Starts `body` now, tracked until it ends.
    func start(_ body: @escaping @Sendable () async -> Void) {
        running.withLock { state in
            let id = state.next
            state.next += 1
            // The task takes the lock to remove itself, so it cannot finish before it is stored.
            state.tasks[id] = Task {
                await body()
                _ = self.running.withLock { $0.tasks.removeValue(forKey: id) }
            }
        }
    }

    /// Returns once every task started so far, and every task those started, has ended.
    func drain() async {
        while let task = running.withLock({ $0.tasks.values.first }) {
            await task.value
        }
    }
}
