package dev.mcpgate.core.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The id that names one request in logs, audit events and error details, whichever surface
 * (MCP or REST) took it in. Thread-safe.
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
