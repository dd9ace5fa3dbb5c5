public import HazmonCore

/// Recorded telemetry for `hazmon replay`: CSV with header `ts,enterprise,tag,value[,quality]`
/// or JSON lines of `{"ts","enterprise","tag","v","q"}` (SPEC §9).
public struct SampleFile {
    public enum Format: Sendable { case csv, jsonLines }

    public let path: String
    public let format: Format
    private let directory: TagDirectory

    /// Opens `path`; the format comes from the extension (`.jsonl`, `.ndjson`, `.json` → JSON lines).
    public init(path: String, directory: TagDirectory) {
        self.path = path
        self.directory = directory
        let lower = path.lowercased()
        format = lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") ? .jsonLines : .csv
    }

    /// A line that could not become a sample: where and why.
    public struct Rejection: Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var reason: RejectReason
        public var detail: String
        public var description: String { "line \(line): \(reason.rawValue): \(detail)" }
    }

    /// A file that cannot be read as samples at all (missing, unreadable, no header).
    public struct FormatError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Calls `accept` for every good sample in file order and `reject` for every bad line.
    public func read(accept: (Sample) -> Void, reject: (Rejection) -> Void) throws(FormatError) {
        do {
            switch format {
            case .csv: try readCSV(accept: accept, reject: reject)
            case .jsonLines: try readJSONLines(accept: accept, reject: reject)
            }
        } catch let error as FormatError {
            throw error
        } catch {
            throw FormatError(description: "\(error)")
        }
    }

    private struct Columns {
        var ts = -1, enterprise = -1, tag = -1, value = -1, quality = -1
        var count = 0
    }

    private func readCSV(accept: (Sample) -> Void, reject: (Rejection) -> Void) throws {
        var columns: Columns?
        var fields: [UnsafeBufferPointer<UInt8>] = []
        fields.reserveCapacity(8)
        var cachedEnterpriseBytes: [UInt8] = []
        var cachedEnterprise: Int?
        try LineReader(path: path).forEachLine { line, bytes in
            if bytes.isEmpty || bytes.first == 0x23 { return }  // blank lines and # comments
            split(bytes, into: &fields)
            guard let cols = columns else {
                columns = try header(fields, line: line)
                return
            }
            guard fields.count == cols.count || (cols.quality >= 0 && fields.count == cols.count - 1) else {
                reject(Rejection(line: line, reason: .malformed,
                                 detail: "expected \(cols.count) comma-separated fields, found \(fields.count)"))
                return
            }
            let enterpriseBytes = fields[cols.enterprise]
            if !enterpriseBytes.elementsEqual(cachedEnterpriseBytes) {
                cachedEnterpriseBytes = Array(enterpriseBytes)
                cachedEnterprise = directory.enterprise(String(decoding: enterpriseBytes, as: UTF8.self))
            }
            guard let enterprise = cachedEnterprise else {
                reject(Rejection(line: line, reason: .unknownEnterprise,
                                 detail: "enterprise '\(String(decoding: enterpriseBytes, as: UTF8.self))' is in no catalog"))
                return
            }
            let tagText = String(decoding: fields[cols.tag], as: UTF8.self)
            guard let tag = directory.tag(tagText, enterprise: enterprise) else {
                reject(Rejection(line: line, reason: .unknownTag,
                                 detail: "tag '\(tagText)' is not in enterprise '\(String(decoding: enterpriseBytes, as: UTF8.self))'"))
                return
            }
            guard let ts = Timestamps.parse(bytes: fields[cols.ts]) else {
                reject(Rejection(line: line, reason: .badTimestamp,
                                 detail: "'\(String(decoding: fields[cols.ts], as: UTF8.self))' is neither epoch ms nor RFC 3339"))
                return
            }
            guard let value = SampleValue.parse(fields[cols.value]) else {
                reject(Rejection(line: line, reason: .badValue,
                                 detail: "'\(String(decoding: fields[cols.value], as: UTF8.self))' is not a number, true/false, NaN or Infinity"))
                return
            }
            var quality = Quality.good
            if cols.quality >= 0, cols.quality < fields.count, !fields[cols.quality].isEmpty {
                guard let q = Quality(name: String(decoding: fields[cols.quality], as: UTF8.self)) else {
                    reject(Rejection(line: line, reason: .badQuality,
                                     detail: "quality '\(String(decoding: fields[cols.quality], as: UTF8.self))' is not good, uncertain or bad"))
                    return
                }
                quality = q
            }
            accept(Sample(tag: tag, ts: ts, value: value, quality: quality))
        }
        if columns == nil { throw FormatError(description: "\(path): empty file; expected the header ts,enterprise,tag,value[,quality]") }
    }

    private func header(_ fields: [UnsafeBufferPointer<UInt8>], line: Int) throws -> Columns {
        var cols = Columns()
        cols.count = fields.count
        for (i, field) in fields.enumerated() {
            switch String(decoding: field, as: UTF8.self).trimmingSpaces.lowercased() {
            case "ts", "time", "timestamp": cols.ts = i
            case "enterprise": cols.enterprise = i
            case "tag": cols.tag = i
            case "value", "v": cols.value = i
            case "quality", "q": cols.quality = i
            default: break
            }
        }
        guard cols.ts >= 0, cols.enterprise >= 0, cols.tag >= 0, cols.value >= 0 else {
            throw FormatError(description: "\(path):\(line): the first line must be the header ts,enterprise,tag,value[,quality]; found '\(fields.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ","))'")
        }
        return cols
    }

    private func split(_ bytes: UnsafeBufferPointer<UInt8>, into fields: inout [UnsafeBufferPointer<UInt8>]) {
        fields.removeAll(keepingCapacity: true)
        var start = 0
        for i in 0..<bytes.count where bytes[i] == 0x2C {
            fields.append(trim(UnsafeBufferPointer(rebasing: bytes[start..<i])))
            start = i + 1
        }
        fields.append(trim(UnsafeBufferPointer(rebasing: bytes[start..<bytes.count])))
    }

    private func trim(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lo = 0
        var hi = field.count
        while lo < hi, field[lo] == 0x20 || field[lo] == 0x22 { lo += 1 }
        while hi > lo, field[hi - 1] == 0x20 || field[hi - 1] == 0x22 { hi -= 1 }
        return UnsafeBufferPointer(rebasing: field[lo..<hi])
    }

    private func readJSONLines(accept: (Sample) -> Void, reject: (Rejection) -> Void) throws {
        try LineReader(path: path).forEachLine { line, bytes in
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
            let object: JSONValue
            do throws(JSONValue.ParseError) { object = try JSONValue.parse(bytes) } catch {
                reject(Rejection(line: line, reason: .malformed, detail: error.description))
                return
            }
            guard case .string(let enterpriseID)? = object["enterprise"] else {
                reject(Rejection(line: line, reason: .malformed, detail: "\"enterprise\" must be a string"))
                return
            }
            guard case .string(let tagID)? = object["tag"] else {
                reject(Rejection(line: line, reason: .malformed, detail: "\"tag\" must be a string"))
                return
            }
            guard let enterprise = directory.enterprise(enterpriseID) else {
                reject(Rejection(line: line, reason: .unknownEnterprise, detail: "enterprise '\(enterpriseID)' is in no catalog"))
                return
            }
            guard let tag = directory.tag(tagID, enterprise: enterprise) else {
                reject(Rejection(line: line, reason: .unknownTag, detail: "tag '\(tagID)' is not in enterprise '\(enterpriseID)'"))
                return
            }
            switch SampleFields.decode(object, defaultTs: nil) {
            case .failure(let rejection):
                reject(Rejection(line: line, reason: rejection.reason, detail: rejection.detail))
            case .success(let fields):
                accept(Sample(tag: tag, ts: fields.ts, value: fields.value, quality: fields.quality))
            }
        }
    }
}

/// The `ts`, `v` and `q` members of a JSON sample, shared by replay files and MQTT payloads.
public enum SampleFields {
    /// A member that is missing or of the wrong type.
    public struct Problem: Error, Sendable, Hashable {
        public var reason: RejectReason
        public var detail: String
    }

    /// Decodes `ts` (epoch ms number or RFC 3339 string; `defaultTs` when absent), `v` (number,
    /// boolean, "NaN"/"Infinity" strings) and `q` (optional: good, uncertain, bad).
    public static func decode(_ object: JSONValue, defaultTs: Millis?) -> Result<(ts: Millis, value: Double, quality: Quality), Problem> {
        let ts: Millis
        switch object["ts"] {
        case .number(let n)? where n.isFinite && n == n.rounded() && abs(n) < 9.0e15: ts = Millis(n)
        case .string(let s)?:
            guard let parsed = Timestamps.parse(s) else {
                return .failure(Problem(reason: .badTimestamp, detail: "\"ts\": '\(s)' is neither epoch ms nor RFC 3339"))
            }
            ts = parsed
        case nil where defaultTs != nil: ts = defaultTs!
        case nil: return .failure(Problem(reason: .badTimestamp, detail: "\"ts\" is missing"))
        default: return .failure(Problem(reason: .badTimestamp, detail: "\"ts\" must be epoch milliseconds or an RFC 3339 string"))
        }
        let value: Double
        switch object["v"] {
        case .number(let n)?: value = n
        case .bool(let b)?: value = b ? 1 : 0
        case .string(let s)? where ["NaN", "Infinity", "-Infinity"].contains(s):
            value = s == "NaN" ? .nan : (s == "Infinity" ? .infinity : -.infinity)
        case nil: return .failure(Problem(reason: .badValue, detail: "\"v\" is missing"))
        default: return .failure(Problem(reason: .badValue, detail: "\"v\" must be a number or a boolean"))
        }
        var quality = Quality.good
        switch object["q"] {
        case nil, .null?: break
        case .string(let s)?:
            guard let q = Quality(name: s) else {
                return .failure(Problem(reason: .badQuality, detail: "\"q\": '\(s)' is not good, uncertain or bad"))
            }
            quality = q
        default: return .failure(Problem(reason: .badQuality, detail: "\"q\" must be a string"))
        }
        return .success((ts, value, quality))
    }
}

extension String {
    var trimmingSpaces: Substring {
        var s = self[...]
        while s.first == " " || s.first == "\u{FEFF}" { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
