#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered, append-only text file (events, reports): one `write(2)` per 256 KiB.
/// - Important: not thread-safe; one owner writes.
public final class OutputFile {
    public let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let flushAt = 256 * 1024

    /// Creates or truncates `path`; `-` means standard output.
    public init(path: String) throws(FileError) {
        self.path = path
        if path == "-" {
            fd = 1
        } else {
            let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard opened >= 0 else { throw FileError(path: path, errno: errno) }
            fd = opened
        }
        buffer.reserveCapacity(flushAt + 4096)
    }

    /// Appends text; flushes when the buffer is full.
    public func write(_ text: String) throws(FileError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= flushAt { try flush() }
    }

    /// Appends one line (text plus `\n`).
    public func writeLine(_ text: String) throws(FileError) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= flushAt { try flush() }
    }

    /// Writes out everything buffered.
    public func flush() throws(FileError) {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { raw in systemWrite(fd, raw.baseAddress! + offset, raw.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, errno: errno)
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit {
        try? flush()
        if fd > 2 { close(fd) }
    }
}

/// `write(2)`, named apart from `OutputFile.write`.
@inline(__always)
private func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, pointer, count)
}
