internal import GRDB

/// The schema as append-only named migrations (GRDB `DatabaseMigrator`).
///
/// - Important: never edit or reorder a migration that has shipped; add a new one at the end. The
///   names are tested, and a database holding a migration this build does not know is refused.
enum Schema {
    /// `PRAGMA application_id` of a hazmon database ("HZMN"), so other SQLite files are told apart.
    static let applicationID: Int32 = 0x485A_4D4E

    /// Every migration name in order; the test suite pins this list.
    static var migrationNames: [String] { migrator.migrations }

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-journal-and-state") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;
                INSERT INTO meta (key, value) VALUES ('schema', 'hazmon');
                CREATE TABLE events (
                    seq INTEGER PRIMARY KEY NOT NULL, alarm_id TEXT NOT NULL, enterprise TEXT NOT NULL,
                    hazard_source TEXT NOT NULL, tag TEXT NOT NULL, condition TEXT NOT NULL,
                    transition TEXT NOT NULL, state TEXT NOT NULL, ts INTEGER NOT NULL, json TEXT NOT NULL
                ) STRICT;
                CREATE INDEX events_by_alarm ON events (alarm_id, seq);
                CREATE INDEX events_by_enterprise ON events (enterprise, seq);
                CREATE TABLE alarm_states (
                    alarm_id TEXT PRIMARY KEY NOT NULL, enterprise TEXT NOT NULL, hazard_source TEXT NOT NULL,
                    tag TEXT NOT NULL, condition TEXT NOT NULL, priority TEXT NOT NULL, state TEXT NOT NULL,
                    flags INTEGER NOT NULL, activated_at INTEGER, returned_at INTEGER, shelved_until INTEGER,
                    last_seq INTEGER NOT NULL, last_ts INTEGER NOT NULL, json TEXT NOT NULL
                ) STRICT;
                CREATE TABLE overlays (
                    kind TEXT NOT NULL, target TEXT NOT NULL, reason TEXT NOT NULL, actor TEXT NOT NULL,
                    since INTEGER NOT NULL, until INTEGER, PRIMARY KEY (kind, target)
                ) STRICT;
                CREATE TABLE checkpoint (
                    id INTEGER PRIMARY KEY CHECK (id = 1), ts INTEGER NOT NULL, next_seq INTEGER NOT NULL,
                    engine_state BLOB NOT NULL, risk_state BLOB NOT NULL, inspection_counter INTEGER NOT NULL
                ) STRICT;
                """)
        }
        migrator.registerMigration("v1-supervision") { db in
            try db.execute(sql: """
                CREATE TABLE inspections (
                    id TEXT PRIMARY KEY NOT NULL, enterprise TEXT NOT NULL, hazard_source TEXT NOT NULL,
                    trigger TEXT NOT NULL, status TEXT NOT NULL, priority TEXT NOT NULL, overdue INTEGER NOT NULL,
                    opened_at INTEGER NOT NULL, due_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
                    json TEXT NOT NULL
                ) STRICT;
                CREATE INDEX inspections_by_enterprise ON inspections (enterprise, opened_at);
                CREATE TABLE inspection_history (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, task_id TEXT NOT NULL, ts INTEGER NOT NULL,
                    change TEXT NOT NULL, json TEXT NOT NULL
                ) STRICT;
                CREATE INDEX inspection_history_by_task ON inspection_history (task_id, id);
                CREATE TABLE risk_scores (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, enterprise TEXT NOT NULL, ts INTEGER NOT NULL,
                    score REAL NOT NULL, grade TEXT NOT NULL, class TEXT NOT NULL, json TEXT NOT NULL
                ) STRICT;
                CREATE INDEX risk_scores_by_enterprise ON risk_scores (enterprise, ts);
                CREATE TABLE risk_latest (
                    enterprise TEXT PRIMARY KEY NOT NULL, ts INTEGER NOT NULL, score REAL NOT NULL,
                    grade TEXT NOT NULL, class TEXT NOT NULL, json TEXT NOT NULL
                ) STRICT;
                """)
        }
        migrator.registerMigration("v1-operations") { db in
            try db.execute(sql: """
                CREATE TABLE dead_letters (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, received_at INTEGER NOT NULL, topic TEXT NOT NULL,
                    reason TEXT NOT NULL, detail TEXT NOT NULL, payload BLOB NOT NULL
                ) STRICT;
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER NOT NULL, actor TEXT NOT NULL,
                    role TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, reason TEXT NOT NULL,
                    details TEXT NOT NULL, outcome TEXT NOT NULL
                ) STRICT;
                CREATE INDEX audit_by_ts ON audit (ts);
                """)
        }
        // Each tag's last evaluated sample, written with every journal batch, so that after a
        // `kill -9` samples the engine had already evaluated are recognised as duplicates when they
        // are redelivered or resent, even when the last checkpoint is older.
        migrator.registerMigration("v2-tag-watermarks") { db in
            try db.execute(sql: """
                CREATE TABLE tag_watermarks (
                    enterprise TEXT NOT NULL, tag TEXT NOT NULL, ts INTEGER NOT NULL, value REAL,
                    PRIMARY KEY (enterprise, tag)
                ) STRICT, WITHOUT ROWID;
                """)
        }
        return migrator
    }()
}
