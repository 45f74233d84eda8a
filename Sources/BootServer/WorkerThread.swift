import Foundation

/// One thread of its own that runs jobs in order. Blocking work (SQLite, file writes) runs here
/// rather than on Swift's cooperative pool or GCD's shared pool, so a flood of requests, or other
/// code that blocks those pools, can never starve it.
// @unchecked Sendable: `jobs` and `finished` are only touched with `condition` held.
final class WorkerThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var finished = false
    private var ended = false

    /// The thread holds the worker until `finish()` lets its loop end.
    init(name: String) {
        let thread = Thread { self.loop() }
        thread.name = name
        thread.start()
    }

    func run(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.broadcast()
        condition.unlock()
    }

    /// Ends the thread once the jobs already given have run; with `wait`, returns only then, so a
    /// process that exits next cannot cut a job short. Never wait from a job.
    func finish(wait: Bool = false) {
        condition.lock()
        finished = true
        condition.broadcast()
        while wait && !ended { condition.wait() }
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !finished { condition.wait() }
            if jobs.isEmpty {
                ended = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
