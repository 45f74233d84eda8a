import Foundation
import Synchronization

/// Runs numbered jobs on threads of its own, so that blocking calls (libsmbclient waits for the
/// server on each) never sit on Swift's cooperative pool. After the first failure no new job
/// starts; the jobs already running finish.
public enum ParallelWork {
    /// - Returns: the first failure, with the numbers of the jobs that succeeded.
    public static func run<Failure: Error>(count: Int, threads: Int, _ job: @escaping @Sendable (Int) throws(Failure) -> Void) -> (succeeded: [Int], failure: Failure?) {
        let state = Mutex<(next: Int, succeeded: [Int], failure: Failure?)>((0, [], nil))
        let workers = max(1, min(threads, count))
        let group = DispatchGroup()
        for index in 0..<workers {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                while true {
                    let number: Int? = state.withLock { state in
                        guard state.failure == nil, state.next < count else { return nil }
                        defer { state.next += 1 }
                        return state.next
                    }
                    guard let number else { return }
                    do throws(Failure) {
                        try job(number)
                        state.withLock { $0.succeeded.append(number) }
                    } catch {
                        state.withLock { if $0.failure == nil { $0.failure = error } }
                    }
                }
            }
            thread.name = "zerotouch-worker-\(index)"
            thread.start()
        }
        group.wait()
        return state.withLock { ($0.succeeded.sorted(), $0.failure) }
    }
}
