/// What the operator should know from one run's rendering, each line once, in the order first met.
final class WarningList {
    private var seen = Set<String>()
    private(set) var lines: [String] = []

    func add(_ text: String) {
        if seen.insert(text).inserted { lines.append(text) }
    }
}
