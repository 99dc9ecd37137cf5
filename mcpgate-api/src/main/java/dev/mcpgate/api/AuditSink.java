package dev.mcpgate.api;

import java.util.List;

/**
 * Receives one {@link AuditEvent} per audited request.
 *
 * <p>The contract is a listener's: {@link #record(AuditEvent)} is fast, never blocks and never
 * throws. A sink that writes somewhere slow buffers behind a bounded queue and drops (and
 * counts) what does not fit rather than hold up a call. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AuditSink {

  /**
   * Records one event. Must not block or throw.
   *
   * @param event the event
   */
  void record(AuditEvent event);

  /**
   * A sink that discards every event.
   *
   * @return the sink
   */
  static AuditSink noop() {
    return event -> {};
  }

  /**
   * A sink that hands each event to every given sink in order; a sink that throws despite the
   * contract does not keep the event from the others.
   *
   * @param sinks the sinks
   * @return the combined sink
   */
  static AuditSink all(List<AuditSink> sinks) {
    List<AuditSink> copy = List.copyOf(sinks);
    return event -> {
      for (AuditSink sink : copy) {
        try {
          sink.record(event);
        } catch (RuntimeException broken) {
          // The contract says sinks never throw; one that does must not take the others down.
        }
      }
    };
  }
}
