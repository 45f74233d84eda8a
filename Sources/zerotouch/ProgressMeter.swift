import Foundation
import OperatingSystem
import Orchestration

/// Shows an upload's progress on stderr: one line redrawn in place with rate and time left on a
/// terminal, a plain line every ten percent otherwise (logs, CI).
final class ProgressMeter {
    private let enabled: Bool
    private let terminal = StandardError.isTerminal
    private var phase: ImageUpload.Phase?
    private var started = Date()
    private var startDone = 0
    private var lastDrawn = Date.distantPast
    private var lastTenth = -1

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(_ progress: ImageUpload.Progress) {
        guard enabled else { return }
        if progress.phase != phase {
            if terminal && phase != nil { Failure.printError("") }
            phase = progress.phase
            started = Date()
            startDone = progress.done
            lastTenth = -1
        }
        let now = Date()
        let percent = progress.total > 0 ? progress.done * 100 / progress.total : 100
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(progress.done - startDone) / elapsed : 0
        let left = rate > 0 ? Double(progress.total - progress.done) / rate : 0
        let line = "\(label(progress.phase)) \(String(percent).leftPadded(3))% \(Self.size(progress.done)) of \(Self.size(progress.total))"
            + "  \(Self.size(Int(rate)))/s  \(progress.done < progress.total ? "ETA \(Self.duration(left))" : "")"
        if terminal {
            guard now.timeIntervalSince(lastDrawn) >= 0.2 || progress.done == progress.total else { return }
            lastDrawn = now
            StandardError.write("\r\u{1B}[K" + line)
        } else if percent / 10 != lastTenth {
            lastTenth = percent / 10
            Failure.printError(line)
        }
    }

    func finish() {
        if enabled && terminal && phase != nil { Failure.printError("") }
    }

    private func label(_ phase: ImageUpload.Phase) -> String {
        switch phase {
        case .checking: "checking the part on the share"
        case .uploading: "uploading"
        case .verifying: "verifying"
        }
    }

    static func size(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return String(format: "%d:%02d", total / 60, total % 60)
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
