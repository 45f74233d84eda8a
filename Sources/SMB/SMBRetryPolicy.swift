/// How often an operation that failed on a broken connection is tried again, on a new connection,
/// and how long to wait between tries (doubling each time).
public struct SMBRetryPolicy: Sendable, Equatable {
    public let attempts: Int
    public let firstDelay: Double

    /// Five tries over about three seconds: enough for smbd to restart, short enough for a person waiting.
    public static let standard = SMBRetryPolicy(attempts: 5, firstDelay: 0.2)
    public static let once = SMBRetryPolicy(attempts: 1, firstDelay: 0)

    public init(attempts: Int, firstDelay: Double) {
        self.attempts = max(1, attempts)
        self.firstDelay = firstDelay
    }

    func delay(after attempt: Int) -> Double {
        firstDelay * Double(1 << min(attempt - 1, 10))
    }
}
