package dev.mcpgate.testkit;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link AuditSink} that keeps every event in memory, for tests and demos: assert on what a
 * call recorded. Thread-safe.
 */
public final class RecordingAuditSink implements AuditSink {

  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

  /** An empty sink. */
  public RecordingAuditSink() {}

  @Override
  public void record(AuditEvent event) {
    events.add(event);
  }

  /**
   * Every event recorded so far, in order.
   *
   * @return a copy of the events
   */
  public List<AuditEvent> events() {
    return List.copyOf(events);
  }

  /**
   * The only event recorded, for a test that made one call.
   *
   * @return the event
   * @throws AssertionError unless exactly one event was recorded
   */
  public AuditEvent only() {
    List<AuditEvent> all = events();
    if (all.size() != 1) {
      throw new AssertionError("expected one audit event, got " + all);
    }
    return all.get(0);
  }

  /**
   * The only event of one method, for a test that made one such request among others (a
   * {@code tools/list} before a {@code tools/call}, say).
   *
   * @param method the MCP method, such as {@code "tools/call"}
   * @return the event
   * @throws AssertionError unless exactly one event of that method was recorded
   */
  public AuditEvent only(String method) {
    List<AuditEvent> matching =
        events.stream().filter(event -> event.method().equals(method)).toList();
    if (matching.size() != 1) {
      throw new AssertionError("expected one " + method + " audit event, got " + events());
    }
    return matching.get(0);
  }

  /**
   * The events of one request.
   *
   * @param requestId the request's id
   * @return its events, in order
   */
  public List<AuditEvent> forRequest(String requestId) {
    return events.stream().filter(event -> event.requestId().equals(requestId)).toList();
  }

  /**
   * Waits until at least {@code count} events were recorded, for calls audited on other threads.
   *
   * @param count how many events to wait for
   * @param timeout how long to wait
   * @return the events
   * @throws AssertionError if fewer arrived in time
   */
  public List<AuditEvent> await(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (events.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + count + " audit events within " + timeout
            + ", got " + events.size());
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for audit events", e);
      }
    }
    return events();
  }

  /** Forgets every event. */
  public void clear() {
    events.clear();
  }
}
