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

    /// `isSigned` over bytes in memory.
    public static func isSigned(_ bytes: [UInt8]) -> Bool {
        isSigned { offset, count in offset < bytes.count ? Array(bytes[offset..<min(bytes.count, offset + count)]) : nil }
    }
}
