package dev.mcpgate.servlet.internal;

import dev.mcpgate.core.MessageSink;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The messages of one subscriptions/listen stream: kept until the stream is open (the
 * acknowledgment comes before the response starts), then written as SSE events. A refusal is kept
 * to be answered as plain JSON. Thread-safe: notifications come from the threads making changes.
 */
final class ListenSink implements MessageSink {

  private final List<byte[]> early = new ArrayList<>();
  private @Nullable ServerStream stream;
  private @Nullable Runnable onClose;
  private byte @Nullable [] refusal;
  private int refusalCode;

  @Override
  public synchronized void notification(byte[] json) {
    if (stream == null) {
      early.add(json);
    } else if (!stream.send(json)) {
      closed();
    }
  }

  @Override
  public synchronized void response(byte[] json) {
    refusal = json;
  }

  @Override
  public synchronized void errorResponse(int code, byte[] json) {
    refusalCode = code;
    refusal = json;
  }

  /** Starts writing to the open stream; {@code onClose} runs once it is gone. */
  synchronized void stream(ServerStream open, Runnable onClose) {
    this.stream = open;
    this.onClose = onClose;
    for (byte[] json : early) {
      if (!open.send(json)) {
        closed();
        return;
      }
    }
    early.clear();
  }

  private void closed() {
    if (onClose != null) {
      Runnable run = onClose;
      onClose = null;
      run.run();
    }
  }

  synchronized byte[] refusal() {
    if (refusal == null) {
      throw new IllegalStateException("the endpoint refused without an answer");
    }
    return refusal;
  }

  synchronized int refusalCode() {
    return refusalCode;
  }
}
