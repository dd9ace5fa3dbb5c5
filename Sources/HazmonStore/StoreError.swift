internal import GRDB

/// Why a store operation failed: the SQLite result code, the database path, and what to do about it.
///
/// An extensible struct over a private enum (STYLE habit 4): new cases never break callers that
/// switch on `resultCode` or print `description`.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    private enum Kind: Sendable {
        case full, readOnly, io, busy, notADatabase, notHazmon, missingFile, cantOpen, corrupt, tooNew, other
    }

    private let kind: Kind
    /// The SQLite primary result code (`SQLITE_FULL` is 13), or 0 when the failure was not SQLite's.
    public let resultCode: Int32
    /// The database file (`:memory:` for an in-memory store).
    public let path: String
    /// What failed, what SQLite said, and what to do.
    public let message: String

    private init(_ kind: Kind, resultCode: Int32, path: String, message: String) {
        self.kind = kind
        self.resultCode = resultCode
        self.path = path
        self.message = message
    }

    /// `path: message`, the form printed to operators and logs.
    public var description: String { "\(path): \(message)" }

    /// The disk or the `maxBytes` cap is full (`SQLITE_FULL`).
    public var isDiskFull: Bool { kind == .full }
    /// The file or its folder cannot be written, or the store was opened read-only (`SQLITE_READONLY`).
    public var isReadOnly: Bool { kind == .readOnly }
    /// The file exists but is not a SQLite database or not one hazmon wrote.
    public var isNotHazmonDatabase: Bool { kind == .notADatabase || kind == .notHazmon || kind == .tooNew }
    /// The database file does not exist (read-only opening only; a writable opening creates it).
    public var isMissingFile: Bool { kind == .missingFile }
    /// A later retry may succeed without the data being changed: full disk, read-only, I/O, lock contention.
    public var isTransient: Bool { [.full, .readOnly, .io, .busy, .cantOpen].contains(kind) }

    static func missingFile(_ path: String) -> StoreError {
        StoreError(.missingFile, resultCode: 0, path: path,
                   message: "no such database file; check the path (the service creates it on first run)")
    }

    static func notHazmon(_ path: String, detail: String) -> StoreError {
        StoreError(.notHazmon, resultCode: 0, path: path,
                   message: "not a hazmon database (\(detail)); point --db at the file the service writes")
    }

    static func tooNew(_ path: String, unknown: [String]) -> StoreError {
        StoreError(.tooNew, resultCode: 0, path: path,
                   message: "written by a newer hazmon (unknown migrations: \(unknown.joined(separator: ", "))); "
                       + "upgrade hazmon before opening it")
    }

    static func io(_ path: String, what: String, detail: String) -> StoreError {
        StoreError(.io, resultCode: 0, path: path, message: "\(what) failed: \(detail); check the path and permissions")
    }

    /// The one place a GRDB / SQLite error becomes a `StoreError` (STYLE habit 3). `what` names the
    /// operation ("committing 3 batches", "opening").
    static func from(_ error: any Error, path: String, what: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let db = error as? DatabaseError else {
            return StoreError(.other, resultCode: 0, path: path, message: "\(what) failed: \(error)")
        }
        let code = db.resultCode
        let said = db.message ?? "no message"
        let (kind, advice): (Kind, String) = switch code {
        case .SQLITE_FULL:
            (.full, "disk full: free space on the volume or raise the cap (store.max_size_mb in Config/hazmon.yaml, --db-max-size-mb)")
        case .SQLITE_READONLY:
            (.readOnly, "database is read-only: check file and folder permissions, the mount, and that it "
                + "was not opened read-only")
        case .SQLITE_IOERR:
            (.io, "I/O error: check the disk (dmesg), free space and the mount")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            (.busy, "database is locked by another process: run one hazmon per database file")
        case .SQLITE_NOTADB:
            (.notADatabase, "not a SQLite database: point the path at the file the service writes")
        case .SQLITE_CANTOPEN, .SQLITE_PERM:
            (.cantOpen, "cannot open the file: check that the folder exists and is writable")
        case .SQLITE_CORRUPT:
            (.corrupt, "database file is corrupt: stop the service, keep a copy, and restore it from a backup "
                + "or move it aside to start empty")
        default:
            (.other, "unexpected SQLite error; keep the database file and report it")
        }
        return StoreError(kind, resultCode: code.primaryResultCode.rawValue, path: path,
                          message: "\(what) failed: \(advice) (SQLite \(code.primaryResultCode.rawValue): \(said))")
    }
}
