package dev.mcpgate.core;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The ids that name requests in logs, audit events ({@link dev.mcpgate.api.AuditEvent#requestId()})
 * and error details: 32 lower-case hex digits, random. The gateway makes one per request on every
 * surface it fronts (MCP, REST); a transport or a host application that records its own audit
 * events uses the same, so that ids look alike across the trail. Thread-safe.
 */
public final class RequestIds {

  private RequestIds() {}

  /**
   * A new request id: 32 lower-case hex digits, two random longs with their top bit set so
   * that each prints as exactly 16 digits.
   *
   * @return the id
   */
  public static String newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return Long.toHexString(random.nextLong() | Long.MIN_VALUE)
        + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
  }
}
