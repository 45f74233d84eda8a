import Foundation
import Yams

/// Where the entries of `hosts:` lie in the file's bytes, so that an edit inside them can be read
/// again alone (`FleetDocument.reparseHosts`). Only a block list whose entries each start a line of
/// their own (`  - {mac: …}` or `  - mac: …`), all at one column, has spans.
public struct HostSpans: Sendable, Equatable, Codable {
    /// Byte offset of the line each entry starts on.
    public var starts: [Int]
    /// Where the last entry ends: the line of the next top-level key, or the end of the file.
    public var end: Int
    /// The column (from 0) of every entry's dash.
    public var column: Int

    private enum CodingKeys: String, CodingKey { case starts, end, column }

    /// `starts` as one block of little-endian 32-bit offsets: a fleet snapshot of 10,000 hosts decoded
    /// 10,000 numbers one by one otherwise, a fifth of a host command's time.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let packed = Array(try container.decode(Data.self, forKey: .starts))
        guard packed.count % 4 == 0 else { throw DecodingError.dataCorruptedError(forKey: .starts, in: container, debugDescription: "not whole offsets") }
        starts = stride(from: 0, to: packed.count, by: 4).map { index in
            Int(packed[index]) | Int(packed[index + 1]) << 8 | Int(packed[index + 2]) << 16 | Int(packed[index + 3]) << 24
        }
        end = try container.decode(Int.self, forKey: .end)
        column = try container.decode(Int.self, forKey: .column)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        guard starts.allSatisfy({ (0...Int(UInt32.max)).contains($0) }) else {
            throw EncodingError.invalidValue(starts, .init(codingPath: encoder.codingPath, debugDescription: "an offset beyond 4 GiB"))
        }
        var packed = Data(capacity: starts.count * 4)
        for start in starts {
            for shift in stride(from: 0, to: 32, by: 8) { packed.append(UInt8(truncatingIfNeeded: start >> shift)) }
        }
        try container.encode(packed, forKey: .starts)
        try container.encode(end, forKey: .end)
        try container.encode(column, forKey: .column)
    }

    public init(starts: [Int], end: Int, column: Int) {
        self.starts = starts
        self.end = end
        self.column = column
    }

    init?(of hosts: Node, in root: Node, text: String) {
        let bytes = Array(text.utf8)
        let lines = Self.lineStarts(bytes)
        guard let (starts, column) = Self.entries(of: hosts, in: bytes, lines: lines), !starts.isEmpty, case .mapping(let top) = root else { return nil }
        var end = bytes.count
        let keys = top.map(\.key)
        if let index = keys.firstIndex(where: { $0.string == "hosts" }), index + 1 < keys.count {
            guard let mark = keys[index + 1].mark, mark.line - 1 < lines.count else { return nil }
            end = lines[mark.line - 1]
        }
        guard end > starts.last! else { return nil }
        self.init(starts: starts, end: end, column: column)
    }

    /// Each entry's line start in `bytes` and their common dash column; `nil` unless every entry
    /// starts its own line with `-` and spaces only before it.
    static func entries(of node: Node, in bytes: [UInt8], lines: [Int]) -> (starts: [Int], column: Int)? {
        guard case .sequence(let sequence) = node else { return nil }
        var starts: [Int] = []
        var column: Int?
        for item in sequence {
            guard let mark = item.mark, mark.line - 1 < lines.count else { return nil }
            let start = lines[mark.line - 1]
            guard start + mark.column - 1 <= bytes.count else { return nil }
            let prefix = bytes[start..<(start + mark.column - 1)]
            let indent = prefix.prefix { $0 == UInt8(ascii: " ") }.count
            let rest = prefix.dropFirst(indent)
            guard rest.first == UInt8(ascii: "-"), rest.count >= 2, rest.dropFirst().allSatisfy({ $0 == UInt8(ascii: " ") }),
                  column == nil || column == indent, starts.last.map({ $0 < start }) ?? true else { return nil }
            column = indent
            starts.append(start)
        }
        return (starts, column ?? 0)
    }

    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        return starts
    }
}
