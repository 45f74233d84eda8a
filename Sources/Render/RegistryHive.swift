/// A Windows registry hive file (the `regf` format, version 1.5, as Windows writes it), built from a
/// tree of keys and values: what a BCD store is on disk. Pure: the same tree gives the same bytes
/// (timestamps are zero). Layout: a 4 KiB base block, then one hive bin holding every cell: key
/// nodes (`nk`), their subkey lists (`lh`, sorted by upper-case name, with the name hashes Windows
/// looks keys up by), value lists, values (`vk`, data of up to 4 bytes kept in the value itself)
/// and one security descriptor (`sk`) every key shares.
public enum RegistryHive {
    public struct Key: Sendable, Equatable {
        /// ASCII: the names a BCD holds are GUIDs, element numbers and a few words.
        public let name: String
        public let values: [Value]
        public let subkeys: [Key]

        public init(_ name: String, values: [Value] = [], subkeys: [Key] = []) {
            precondition(name.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }, "registry key names here are printable ASCII")
            self.name = name
            self.values = values
            self.subkeys = subkeys
        }
    }

    public struct Value: Sendable, Equatable {
        public let name: String
        /// REG_SZ 1, REG_BINARY 3, REG_DWORD 4, REG_MULTI_SZ 7.
        public let type: UInt32
        public let data: [UInt8]

        public init(_ name: String, type: UInt32, data: [UInt8]) {
            precondition(name.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "registry value names here are printable ASCII")
            self.name = name
            self.type = type
            self.data = data
        }

        public static func string(_ name: String, _ text: String) -> Value {
            Value(name, type: 1, data: utf16z(text))
        }

        public static func multiString(_ name: String, _ texts: [String]) -> Value {
            Value(name, type: 7, data: texts.flatMap(utf16z) + [0, 0])
        }

        public static func dword(_ name: String, _ number: UInt32) -> Value {
            Value(name, type: 4, data: le(number))
        }

        public static func binary(_ name: String, _ bytes: [UInt8]) -> Value {
            Value(name, type: 3, data: bytes)
        }
    }

    /// The hive file for `root`.
    public static func bytes(root: Key) -> [UInt8] {
        var bin = Bin()
        let security = bin.allocate(8 + 12 + securityDescriptor.count)
        var keys: UInt32 = 0
        let rootOffset = bin.write(root, parent: 0, security: security, isRoot: true, count: &keys)
        // The one descriptor: its list links point at itself, and every key references it.
        bin.put(security, [UInt8]("sk".utf8) + [0, 0] + le(security) + le(security) + le(keys) + le(UInt32(securityDescriptor.count)) + securityDescriptor)
        bin.finish()

        var base = [UInt8](repeating: 0, count: 4096)
        func set(_ at: Int, _ bytes: [UInt8]) { base.replaceSubrange(at..<at + bytes.count, with: bytes) }
        set(0, [UInt8]("regf".utf8))
        set(4, le(UInt32(1)))             // primary sequence number
        set(8, le(UInt32(1)))             // secondary: equal, so the hive was written completely
        set(20, le(UInt32(1)))            // major version
        set(24, le(UInt32(5)))            // minor version
        set(28, le(UInt32(0)))            // primary file
        set(32, le(UInt32(1)))            // direct memory load
        set(36, le(rootOffset))
        set(40, le(UInt32(bin.bytes.count)))
        set(44, le(UInt32(1)))            // clustering factor
        var checksum: UInt32 = 0
        for at in stride(from: 0, to: 508, by: 4) { checksum ^= u32(base, at) }
        if checksum == 0 { checksum = 1 } else if checksum == 0xFFFF_FFFF { checksum = 0xFFFF_FFFE }
        set(508, le(checksum))
        return base + bin.bytes
    }

    /// Self-relative, with a present but null DACL (control SE_SELF_RELATIVE | SE_DACL_PRESENT):
    /// every account may open the keys, which is what an offline store needs.
    static let securityDescriptor: [UInt8] = [1, 0, 0x04, 0x80] + [UInt8](repeating: 0, count: 16)

    /// Windows' lookup hash of a key name in an `lh` list: over the upper-case name, h = h * 37 + c.
    static func nameHash(_ name: String) -> UInt32 {
        name.uppercased().utf8.reduce(UInt32(0)) { $0 &* 37 &+ UInt32($1) }
    }

    /// The one hive bin, growing as cells are added; offsets are from the bin's start, as the hive's are.
    struct Bin {
        var bytes: [UInt8] = [UInt8]("hbin".utf8) + [UInt8](repeating: 0, count: 28)

        /// A zeroed, allocated cell for `size` bytes of content; its offset.
        mutating func allocate(_ size: Int) -> UInt32 {
            let offset = UInt32(bytes.count)
            let cell = (4 + size + 7) / 8 * 8
            bytes += le(UInt32(bitPattern: Int32(-cell))) + [UInt8](repeating: 0, count: cell - 4)
            return offset
        }

        mutating func put(_ cell: UInt32, _ content: [UInt8], at field: Int = 0) {
            let start = Int(cell) + 4 + field
            bytes.replaceSubrange(start..<start + content.count, with: content)
        }

        mutating func cell(_ content: [UInt8]) -> UInt32 {
            let offset = allocate(content.count)
            put(offset, content)
            return offset
        }

        mutating func write(_ key: Key, parent: UInt32, security: UInt32, isRoot: Bool, count: inout UInt32) -> UInt32 {
            count += 1
            let name = [UInt8](key.name.utf8)
            let node = allocate(76 + name.count)
            let none = le(UInt32.max)
            var head = [UInt8]("nk".utf8) + le(UInt16(isRoot ? 0x2C : 0x20)) + [UInt8](repeating: 0, count: 12) + le(parent)
            head += le(UInt32(key.subkeys.count)) + le(UInt32(0)) + none + none + le(UInt32(key.values.count)) + none + le(security) + none
            put(node, head)

            if !key.values.isEmpty {
                let offsets = key.values.map { value($0) }
                put(node, le(cell(offsets.flatMap { le($0) })), at: 40)
            }
            if !key.subkeys.isEmpty {
                let sorted = key.subkeys.sorted { $0.name.uppercased().utf8.lexicographicallyPrecedes($1.name.uppercased().utf8) }
                let offsets = sorted.map { write($0, parent: node, security: security, isRoot: false, count: &count) }
                let list = [UInt8]("lh".utf8) + le(UInt16(sorted.count)) + zip(offsets, sorted).flatMap { le($0) + le(RegistryHive.nameHash($1.name)) }
                put(node, le(cell(list)), at: 28)
            }
            let maxName = key.subkeys.map { $0.name.utf8.count * 2 }.max() ?? 0
            let maxValueName = key.values.map { $0.name.utf8.count * 2 }.max() ?? 0
            let maxData = key.values.map(\.data.count).max() ?? 0
            put(node, le(UInt32(maxName)) + le(UInt32(0)) + le(UInt32(maxValueName)) + le(UInt32(maxData)) + le(UInt32(0))
                + le(UInt16(name.count)) + le(UInt16(0)) + name, at: 52)
            return node
        }

        mutating func value(_ value: Value) -> UInt32 {
            let name = [UInt8](value.name.utf8)
            let size: [UInt8], data: [UInt8]
            if value.data.count <= 4 {
                // Small data lives in the offset field; the size's top bit says so.
                size = le(UInt32(value.data.count) | 0x8000_0000)
                data = value.data + [UInt8](repeating: 0, count: 4 - value.data.count)
            } else {
                size = le(UInt32(value.data.count))
                data = le(cell(value.data))
            }
            return cell([UInt8]("vk".utf8) + le(UInt16(name.count)) + size + data + le(value.type) + le(UInt16(name.isEmpty ? 0 : 1)) + [0, 0] + name)
        }

        /// Pads the bin to a whole number of 4 KiB pages with one free cell and writes its size.
        mutating func finish() {
            let size = (bytes.count + 4095) / 4096 * 4096
            let free = size - bytes.count
            if free > 0 { bytes += le(UInt32(free)) + [UInt8](repeating: 0, count: free - 4) }
            bytes.replaceSubrange(8..<12, with: le(UInt32(size)))
        }
    }

    static func utf16z(_ text: String) -> [UInt8] {
        (Array(text.utf16) + [0]).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }
    }
}

/// Little-endian bytes of a fixed-width integer.
func le<T: FixedWidthInteger>(_ number: T) -> [UInt8] {
    withUnsafeBytes(of: number.littleEndian, Array.init)
}
