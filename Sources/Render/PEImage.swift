/// What a UEFI executable (a PE/COFF image: shim, GRUB, a Linux kernel's EFI stub) says about its
/// signature, read from its headers (the Microsoft PE/COFF specification, "The Attribute Certificate
/// Table"). Pure: bytes in, facts out.
public enum PEImage {
    /// Where the image's attribute certificate table lies in the file, or `nil` when `header` (the
    /// file's first 4 KiB are enough) is not a PE image. A `size` of 0: the image is not signed.
    public static func certificateTable(header: [UInt8]) -> (offset: Int, size: Int)? {
        func u16(_ at: Int) -> Int? { at + 2 <= header.count ? Int(header[at]) | Int(header[at + 1]) << 8 : nil }
        func u32(_ at: Int) -> Int? { at + 4 <= header.count ? (0..<4).reduce(0) { $0 | Int(header[at + $1]) << (8 * $1) } : nil }
        guard u16(0) == 0x5A4D, let pe = u32(0x3C), u32(pe) == 0x0000_4550, let magic = u16(pe + 24) else { return nil }
        // The data directories follow the optional header's fixed part: 96 bytes in PE32, 112 in PE32+.
        let optional = pe + 24
        let (count, directories) = switch magic {
        case 0x10B: (u32(optional + 92), optional + 96)
        case 0x20B: (u32(optional + 108), optional + 112)
        default: (nil, 0)
        }
        guard let count else { return nil }
        // Directory 4 is the certificate table; its first field is a file offset, not an address.
        guard count > 4 else { return (0, 0) }
        guard let offset = u32(directories + 4 * 8), let size = u32(directories + 4 * 8 + 4) else { return nil }
        return (offset, size)
    }

    /// Whether the image carries an Authenticode signature: a first WIN_CERTIFICATE of type 2 (PKCS#7
    /// signed data). `read(offset, count)` gives up to `count` of the file's bytes at `offset`.
    public static func isSigned(reading read: (Int, Int) -> [UInt8]?) -> Bool {
        guard let header = read(0, 4096), let table = certificateTable(header: header), table.size >= 8,
              let entry = read(table.offset, 8), entry.count == 8 else { return false }
        // After the entry's length (4 bytes) and revision (2 bytes), its type.
        return entry[6] == 2 && entry[7] == 0
    }

    /// The raw bytes of the section called `name` (such as `.vendor_cert`), or `nil` when the image
    /// has no such section or is not a PE image. A name longer than 8 bytes is stored as `/N`: the
    /// offset of the full name in the COFF string table, which follows the symbol table.
    public static func section(named name: String, in bytes: [UInt8]) -> ArraySlice<UInt8>? {
        func u16(_ at: Int) -> Int? { at >= 0 && at + 2 <= bytes.count ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : nil }
        func u32(_ at: Int) -> Int? { at >= 0 && at + 4 <= bytes.count ? (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } : nil }
        guard u16(0) == 0x5A4D, let pe = u32(0x3C), u32(pe) == 0x0000_4550, let count = u16(pe + 6), let optionalSize = u16(pe + 20),
              let symbols = u32(pe + 12), let symbolCount = u32(pe + 16) else { return nil }
        let strings = symbols + 18 * symbolCount
        func sectionName(at entry: Int) -> [UInt8] {
            let field = bytes[entry..<entry + 8].prefix { $0 != 0 }
            guard field.first == UInt8(ascii: "/"), symbols > 0, let offset = Int(String(decoding: field.dropFirst(), as: UTF8.self)),
                  strings + offset < bytes.count else { return Array(field) }
            return Array(bytes[(strings + offset)...].prefix { $0 != 0 }.prefix(256))
        }
        for index in 0..<count {
            let entry = pe + 24 + optionalSize + 40 * index
            guard entry + 40 <= bytes.count else { return nil }
            guard sectionName(at: entry) == Array(name.utf8), let size = u32(entry + 16), let offset = u32(entry + 20),
                  offset + size <= bytes.count else { continue }
            return bytes[offset..<offset + size]
        }
        return nil
    }

    /// The certificate a shim trusts besides the firmware's own keys: the distribution's CA (Debian
    /// Secure Boot CA in Debian's shim), DER-encoded, from shim's `.vendor_cert` section, which starts
    /// with the sizes and offsets (from the section's start) of the allowed certificate and the
    /// denied hashes, 32 bits each. `nil` when `shim` carries none.
    public static func shimVendorCertificate(_ shim: [UInt8]) -> [UInt8]? {
        guard let section = section(named: ".vendor_cert", in: shim), section.count >= 16 else { return nil }
        let base = section.startIndex
        func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(section[base + at + $1]) << (8 * $1) } }
        let size = u32(0), offset = u32(8)
        guard size > 0, offset >= 16, offset + size <= section.count else { return nil }
        return Array(section[base + offset..<base + offset + size])
    }

    /// `isSigned` over bytes in memory.
    public static func isSigned(_ bytes: [UInt8]) -> Bool {
        isSigned { offset, count in offset < bytes.count ? Array(bytes[offset..<min(bytes.count, offset + count)]) : nil }
    }
}
