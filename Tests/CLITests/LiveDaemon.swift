import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A daemon the test starts, inside a network namespace of its own (`unshare --net`) unless tests must
/// reach it over loopback, and stops by PID when done.
///
/// Spawned with `posix_spawn` rather than `Process`: the test runner's threads block most signals,
/// and a child that inherits that mask would never see the SIGHUP under test (or the SIGTERM that
/// stops it). Here the child starts with an empty mask and default handlers.
final class LiveDaemon {
    let pid: pid_t

    /// - Parameter isolated: run inside `unshare --net` (the default); `false` for a server tests reach over loopback.
    init(_ arguments: [String], environment: [String: String] = [:], log: URL, isolated: Bool = true) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv = isolated ? ["/usr/bin/unshare", "--net", "--"] + arguments : arguments
        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = env.map { strdup($0) } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, argv[0], &actions, &attributes, &cArgs, &cEnv)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO) }
        pid = child
    }

    var isRunning: Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// Waits up to `seconds` for `condition`; false when the daemon died or time ran out.
    func wait(seconds: Double = 10, until condition: () -> Bool) -> Bool {
        Poll.until(seconds: seconds) { condition() || !isRunning } && condition()
    }

    /// Sends SIGTERM and returns the exit status, or `nil` when it had to be killed or was gone.
    func terminate(seconds: Double = 10) -> Int32? {
        guard isRunning else { return nil }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid {
                return status & 0x7f == 0 ? (status >> 8) & 0xff : nil
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop()
        return nil
    }

    func stop() {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<100 where waitpid(pid, &status, WNOHANG) == 0 { Thread.sleep(forTimeInterval: 0.05) }
        if waitpid(pid, &status, WNOHANG) == 0 {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
    }

    deinit { stop() }
}
