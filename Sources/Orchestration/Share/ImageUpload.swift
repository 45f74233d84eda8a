import Crypto
import Foundation
import OperatingSystem
import Publish

/// Puts a WIM into the share's `images/` folder the way WinPE may rely on: under a hidden partial
/// name while it travels, checked by reading it back (size and SHA-256), and renamed to its final
/// name only then. A partial file left by an interrupted run is checked against the source and
/// continued, not sent again.
public struct ImageUpload {
    public enum Phase: String, Sendable {
        /// Reading back the part an earlier run left, to check it against the source.
        case checking
        case uploading
        /// Reading the whole file back from the share.
        case verifying
    }

    public struct Progress: Sendable {
        public let phase: Phase
        public let done: Int
        public let total: Int
    }

    public struct Outcome: Sendable, Encodable {
        /// `images/NAME` on the share.
        public let path: String
        public let location: String
        public let bytes: Int
        public let sha256: String
        /// Bytes an earlier run had sent and this one kept.
        public let resumedFrom: Int
        /// The share held this very file already: nothing was sent.
        public let alreadyThere: Bool
        public let uploadSeconds: Double
        public let verifySeconds: Double
    }

    let source: String
    let path: String
    let target: any PublishTarget
    let progress: (Progress) -> Void
    /// How many times a broken connection is followed by a fresh resume before giving up.
    let attempts: Int
    let chunk = 8 << 20

    var partial: String {
        let slash = path.lastIndex(of: "/")!
        return String(path[...slash]) + "." + String(path[path.index(after: slash)...]) + ".zt-partial"
    }

    init(source: String, path: String, target: any PublishTarget, attempts: Int = 3, progress: @escaping (Progress) -> Void) {
        self.source = source
        self.path = path
        self.target = target
        self.attempts = attempts
        self.progress = progress
    }

    func run() throws -> Outcome {
        let file = try SourceFile(path: source)
        let size = file.size
        let started = Date()
        // The same file under the final name: check it and stop.
        if try target.size(of: path) == size {
            let local = try file.digest(upTo: size)
            var remote = SHA256()
            try readBack(path, from: 0, to: size, into: &remote, phase: .verifying)
            if remote.finalize().hex == local.finalize().hex {
                return outcome(size: size, sha: local.finalize().hex, resumedFrom: size, alreadyThere: true, started: started, verified: started)
            }
        }
        var tries = 1
        while true {
            do {
                return try send(file: file, started: started)
            } catch let error as PublishError where tries < attempts && error.isConnectionFailure {
                Thread.sleep(forTimeInterval: Double(tries))
                tries += 1
            }
        }
    }

    /// One pass: keep what the partial file holds when it matches the source, send the rest, verify, rename.
    private func send(file: SourceFile, started: Date) throws -> Outcome {
        let size = file.size
        var local = SHA256()
        var remote = SHA256()
        var kept = 0
        if let there = try target.size(of: partial), there > 0, there <= size {
            local = try file.digest(upTo: there)
            try readBack(partial, from: 0, to: there, into: &remote, phase: .checking)
            if local.finalize().hex == remote.finalize().hex {
                kept = there
            } else {
                local = SHA256()
                remote = SHA256()
            }
        }
        var sent = kept
        file.seek(to: kept)
        progress(Progress(phase: .uploading, done: sent, total: size))
        try target.append(partial, at: kept) { buffer in
            let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, size - sent)]))
            local.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            sent += count
            progress(Progress(phase: .uploading, done: sent, total: size))
            return count
        }
        guard sent == size else { throw OrchestrationError("\(source) changed size while it was sent (\(sent) of \(size) bytes); run again") }
        let uploaded = Date()
        let onShare = try target.size(of: partial) ?? -1
        guard onShare == size else {
            throw OrchestrationError("\(target.location(of: partial)) holds \(onShare) bytes after the upload, not \(size); run again to resume")
        }
        try readBack(partial, from: kept, to: size, into: &remote, phase: .verifying)
        let sha = local.finalize().hex
        guard remote.finalize().hex == sha else {
            try target.remove(partial)
            throw OrchestrationError("\(target.location(of: partial)) does not read back as sent (SHA-256 differs); it was removed, run again to send it anew")
        }
        try target.rename(partial, to: path)
        return outcome(size: size, sha: sha, resumedFrom: kept, alreadyThere: false, started: started, verified: uploaded)
    }

    /// Reads `from..<to` of `name` back from the share into `hash`.
    private func readBack(_ name: String, from start: Int, to end: Int, into hash: inout SHA256, phase: Phase) throws {
        var offset = start
        progress(Progress(phase: phase, done: offset, total: end))
        while offset < end {
            let bytes = try target.read(name, offset: offset, count: min(chunk, end - offset))
            guard !bytes.isEmpty else { throw OrchestrationError("\(target.location(of: name)) ended at \(offset) bytes, before \(end); run again") }
            hash.update(data: bytes)
            offset += bytes.count
            progress(Progress(phase: phase, done: offset, total: end))
        }
    }

    private func outcome(size: Int, sha: String, resumedFrom: Int, alreadyThere: Bool, started: Date, verified: Date) -> Outcome {
        Outcome(path: path, location: target.location(of: path), bytes: size, sha256: sha, resumedFrom: resumedFrom, alreadyThere: alreadyThere,
                uploadSeconds: verified.timeIntervalSince(started), verifySeconds: Date().timeIntervalSince(verified))
    }
}
