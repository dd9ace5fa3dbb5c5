#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file line by line in large chunks, handing each line's bytes (no newline, no CR)
/// to a closure without copying. Memory stays bounded by the chunk and the longest line.
public struct LineReader {
    public let path: String
    private let chunkSize: Int

    public init(path: String, chunkSize: Int = 1 << 20) {
        self.path = path
        self.chunkSize = chunkSize
    }

    /// Calls `body(lineNumber, bytes)` for every line, numbered from 1.
    public func forEachLine(_ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileError(path: path, errno: errno) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var filled = 0
        var lineNumber = 0
        while true {
            if filled == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            let n = buffer.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress! + filled, raw.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, errno: errno)
            }
            let end = filled + n
            var consumed = 0
            try buffer.withUnsafeBufferPointer { all in
                var start = 0
                var i = 0
                while i < end {
                    if all[i] == 0x0A {
                        lineNumber += 1
                        var stop = i
                        if stop > start, all[stop - 1] == 0x0D { stop -= 1 }
                        try body(lineNumber, UnsafeBufferPointer(rebasing: all[start..<stop]))
                        start = i + 1
                    }
                    i += 1
                }
                consumed = start
                if n == 0, start < end {
                    lineNumber += 1
                    var stop = end
                    if all[stop - 1] == 0x0D { stop -= 1 }
                    try body(lineNumber, UnsafeBufferPointer(rebasing: all[start..<stop]))
                    consumed = end
                }
            }
            if n == 0 { return }
            // Keep the partial last line for the next read.
            if consumed > 0 {
                buffer.withUnsafeMutableBufferPointer { all in
                    let rest = end - consumed
                    if rest > 0 { all.baseAddress!.update(from: all.baseAddress! + consumed, count: rest) }
                }
            }
            filled = end - consumed
        }
    }
}

/// A file could not be opened or read; says which and why.
public struct FileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var errno: Int32
    public var description: String { "\(path): \(String(cString: strerror(errno)))" }
}
