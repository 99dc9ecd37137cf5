/**
 * The control plane's store SPI and its implementations' factories: {@link
 * dev.mcpgate.control.store.ControlStore#sqlite SQLite} (the embedded default), any JDBC {@link
 * javax.sql.DataSource} for SQLite or PostgreSQL, and {@link
 * dev.mcpgate.control.store.ControlStore#inMemory memory} for tests. A store keeps objects as
 * opaque rows; the service layer ({@link dev.mcpgate.control.ControlPlane}) gives them meaning.
 */
@NullMarked
package dev.mcpgate.control.store;

import org.jspecify.annotations.NullMarked;
