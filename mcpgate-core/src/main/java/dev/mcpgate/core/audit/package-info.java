/**
 * Built-in {@link dev.mcpgate.api.AuditSink}s: {@link dev.mcpgate.core.audit.JsonLinesAuditSink}
 * writes one JSON object per event to slf4j or to any line consumer (such as standard output),
 * {@link dev.mcpgate.core.audit.RotatingFileAuditSink} appends them to a file rotated by size,
 * and {@link dev.mcpgate.core.audit.AsyncAuditSink} puts a bounded queue in front of any sink so
 * that a slow one never holds up a call.
 */
@NullMarked
package dev.mcpgate.core.audit;

import org.jspecify.annotations.NullMarked;
