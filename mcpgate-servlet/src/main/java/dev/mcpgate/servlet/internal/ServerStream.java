package dev.mcpgate.servlet.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A server-to-client SSE stream opened by {@code GET}: held open asynchronously, written to by
 * any thread (keep-alives, list-changed notifications), closed on the first write failure.
 */
final class ServerStream {

  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

  private final AsyncContext async;
  private final ServletOutputStream out;
  private boolean closed;

  ServerStream(AsyncContext async, ServletOutputStream out) {
    this.async = async;
    this.out = out;
  }

  synchronized boolean send(byte[] json) {
    return write(Sse.event(json));
  }

  synchronized boolean keepAlive() {
    return write(KEEP_ALIVE);
  }

  private boolean write(byte[] bytes) {
    if (closed) {
      return false;
    }
    try {
      out.write(bytes);
      out.flush();
      return true;
    } catch (IOException | RuntimeException gone) {
      close();
      return false;
    }
  }

  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      async.complete();
    } catch (RuntimeException alreadyDone) {
      // The container already completed or recycled the request: nothing left to close.
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }
}
