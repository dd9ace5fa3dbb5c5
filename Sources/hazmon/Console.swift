#if canImport(Glibc)
import Glibc
#endif

/// Terminal output without the C globals `stdout`/`stderr`, which Swift 6 refuses as shared state.
enum Console {
    static func out(_ line: String) { write(line + "\n", to: 1) }
    static func err(_ line: String) { write(line + "\n", to: 2) }

    private static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { return }
            offset += n
        }
    }
}
