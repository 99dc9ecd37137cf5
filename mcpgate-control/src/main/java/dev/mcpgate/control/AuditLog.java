package dev.mcpgate.control;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditSink;
import java.time.Duration;
import java.util.List;

/**
 * The data plane's audit events in the control-plane store. {@link #sink()} is the {@link
 * AuditSink} to give the gateway: it hands each event to a bounded queue and returns at once
 * (never blocking a call), a background writer stores them in batches, and what does not fit
 * the queue is dropped and counted. Thread-safe.
 */
public interface AuditLog extends AutoCloseable {

  /**
   * The sink that writes to the store.
   *
   * @return the sink; never blocks, never throws
   */
  AuditSink sink();

  /**
   * Reads stored events.
   *
   * @param query which
   * @return the events, newest first
   * @throws ControlStoreException if the store fails
   */
  List<AuditEvent> query(AuditQuery query);

  /**
   * Deletes what the retention no longer keeps.
   *
   * @param retention how long, how many
   * @return how many events were deleted
   * @throws ControlStoreException if the store fails
   */
  long prune(Retention retention);

  /**
   * Waits until every event handed to the sink so far is stored or dropped.
   *
   * @param timeout how long to wait at most
   * @return true when the queue drained in time
   */
  boolean flush(Duration timeout);

  /**
   * Events dropped because the queue was full.
   *
   * @return the count since start
   */
  long dropped();

  /**
   * Events lost because the store failed to write them.
   *
   * @return the count since start
   */
  long failed();

  /** Stores what is queued (waiting up to 5 s) and stops the writer. */
  @Override
  void close();
}
