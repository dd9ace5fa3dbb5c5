public import HazmonCore

/// RFC 3339 timestamps without Foundation: fast, exact to the millisecond, UTC out.
public enum Timestamps {
    /// `2026-01-01T00:00:00.000Z` for epoch milliseconds.
    public static func rfc3339(_ ms: Millis) -> String {
        // Floor division without `ms - 86_399_999`, which would overflow near Int64.min.
        var days = ms / 86_400_000
        if ms % 86_400_000 < 0 { days -= 1 }
        let msOfDay = ms - days * 86_400_000
        // Civil-from-days (Howard Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        var year = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        if month <= 2 { year += 1 }
        let hour = msOfDay / 3_600_000
        let minute = msOfDay / 60_000 % 60
        let second = msOfDay / 1000 % 60
        let milli = msOfDay % 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
            + ".\(pad(milli, 3))Z"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Epoch milliseconds of civil date/time (UTC).
    static func epochMillis(year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64,
                            milli: Int64) -> Millis {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + milli
    }

    /// Parses an RFC 3339 timestamp (`2026-01-01T08:00:00.5+08:00`, `…Z`, space or `T`,
    /// fractions beyond milliseconds truncated) or epoch milliseconds given as digits.
    public static func parse(_ text: some StringProtocol) -> Millis? {
        var bytes = Array(text.utf8)
        while let last = bytes.last, last == 0x20 || last == 0x0D { bytes.removeLast() }
        return bytes.withUnsafeBufferPointer { parse(bytes: $0) }
    }

    /// Same as `parse(_:)` over raw UTF-8.
    public static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Millis? {
        guard !b.isEmpty else { return nil }
        if b.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) || (b[0] == 0x2D && b.count > 1 && b.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })) {
            return parseInteger(b)
        }
        var i = 0
        func number(_ width: Int) -> Int64? {
            guard i + width <= b.count else { return nil }
            var n: Int64 = 0
            for _ in 0..<width {
                let c = b[i]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                n = n * 10 + Int64(c - 0x30)
                i += 1
            }
            return n
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2),
            month >= 1, month <= 12, day >= 1, day <= 31
        else { return nil }
        guard i < b.count, b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20 else { return nil }
        i += 1
        guard let hour = number(2), expect(0x3A), let minute = number(2), expect(0x3A), let second = number(2),
            hour < 24, minute < 60, second <= 60
        else { return nil }
        var milli: Int64 = 0
        if i < b.count, b[i] == 0x2E {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                if digits < 3 { milli = milli * 10 + Int64(b[i] - 0x30) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { milli *= 10 }
        }
        guard i < b.count else { return nil }  // an offset is required by RFC 3339
        var offset: Int64 = 0
        switch b[i] {
        case 0x5A, 0x7A: i += 1
        case 0x2B, 0x2D:
            let sign: Int64 = b[i] == 0x2D ? -1 : 1
            i += 1
            guard let oh = number(2), expect(0x3A), let om = number(2), oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 60 + om) * 60_000
        default: return nil
        }
        guard i == b.count else { return nil }
        return epochMillis(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                           milli: milli) - offset
    }

    private static func parseInteger(_ b: UnsafeBufferPointer<UInt8>) -> Millis? {
        var negative = false
        var i = 0
        if b[0] == 0x2D { negative = true; i = 1 }
        var n: Int64 = 0
        while i < b.count {
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(b[i] - 0x30))
            if o1 || o2 { return nil }
            n = s
            i += 1
        }
        return negative ? -n : n
    }
}
