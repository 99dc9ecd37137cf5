package dev.mcpgate.servlet.internal;

import java.nio.charset.StandardCharsets;

/** Server-sent event framing. */
final class Sse {

  private static final byte[] PREFIX = "event: message\ndata: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SUFFIX = "\n\n".getBytes(StandardCharsets.US_ASCII);

  private Sse() {}

  /**
   * One {@code message} event carrying a JSON-RPC message. Serialized JSON holds no raw line
   * breaks, so it fits one {@code data:} line.
   */
  static byte[] event(byte[] json) {
    byte[] event = new byte[PREFIX.length + json.length + SUFFIX.length];
    System.arraycopy(PREFIX, 0, event, 0, PREFIX.length);
    System.arraycopy(json, 0, event, PREFIX.length, json.length);
    System.arraycopy(SUFFIX, 0, event, PREFIX.length + json.length, SUFFIX.length);
    return event;
  }
}
