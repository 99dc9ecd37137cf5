-- The control plane's objects, as JSON bodies keyed by kind and id.
CREATE TABLE mcpgate_objects (
  kind        TEXT    NOT NULL,
  id          TEXT    NOT NULL,
  parent_id   TEXT,
  revision    INTEGER NOT NULL,
  body        TEXT    NOT NULL,
  secret_hash BLOB,
  PRIMARY KEY (kind, id)
);
CREATE INDEX mcpgate_objects_parent ON mcpgate_objects (kind, parent_id);

-- Descriptions, by the SHA-256 of their bytes.
CREATE TABLE mcpgate_blobs (
  sha256  TEXT PRIMARY KEY,
  content BLOB NOT NULL
);

-- The change log; its sequence is the store's global revision.
CREATE TABLE mcpgate_changes (
  sequence        INTEGER PRIMARY KEY AUTOINCREMENT,
  at_millis       INTEGER NOT NULL,
  actor           TEXT    NOT NULL,
  surface         TEXT    NOT NULL,
  kind            TEXT    NOT NULL,
  object_id       TEXT    NOT NULL,
  revision_before INTEGER NOT NULL,
  revision_after  INTEGER NOT NULL,
  summary         TEXT    NOT NULL
);
CREATE INDEX mcpgate_changes_object ON mcpgate_changes (kind, object_id);
CREATE INDEX mcpgate_changes_at ON mcpgate_changes (at_millis);

-- The data plane's audit events.
CREATE TABLE mcpgate_audit (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at_millis  INTEGER NOT NULL,
  request_id TEXT    NOT NULL,
  client_id  TEXT,
  tool       TEXT,
  outcome    TEXT    NOT NULL,
  source     TEXT,
  body       TEXT    NOT NULL
);
CREATE INDEX mcpgate_audit_at ON mcpgate_audit (at_millis);
CREATE INDEX mcpgate_audit_client ON mcpgate_audit (client_id, at_millis);
CREATE INDEX mcpgate_audit_tool ON mcpgate_audit (tool, at_millis);
