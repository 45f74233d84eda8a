import Foundation

/// Waits on a condition with a deadline, instead of sleeping and hoping.
public enum Poll {
    /// Whether `condition` held before `seconds` passed; looked at every 20 ms.
    public static func until(seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if try condition() { return true }
            if Date() >= deadline { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}
