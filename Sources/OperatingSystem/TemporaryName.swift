#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// The hidden names files are written under before they are renamed into place
/// (`.NAME.zt-PID-SERIAL`), and how a leftover one is told from a user's file.
public enum TemporaryName {
    private static let serial = Atomic<Int>(0)

    /// A name no other writer uses: this process's ID and a serial.
    public static func next(for name: String) -> String {
        ".\(name).zt-\(getpid())-\(serial.add(1, ordering: .relaxed).newValue)"
    }

    /// Whether `name` is one of ZeroTouch's temporary names, this version's or an earlier one's
    /// (`.NAME.zt-tmpPID`), so a run that was interrupted can be cleaned up after.
    public static func isTemporary(_ name: String) -> Bool {
        guard name.hasPrefix("."), let marker = name.range(of: ".zt-", options: .backwards), marker.lowerBound > name.index(after: name.startIndex) else {
            return false
        }
        var tail = name[marker.upperBound...]
        if tail.hasPrefix("tmp") { tail = tail.dropFirst(3) }
        let parts = tail.split(separator: "-", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
