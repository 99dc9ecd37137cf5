package dev.mcpgate.benchmarks;

import dev.mcpgate.core.MessageSink;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Keeps the response, for the sanity checks a benchmark runs before it measures anything. */
final class CapturingSink implements MessageSink {

  private byte @Nullable [] response;

  @Override
  public void notification(byte[] json) {
    // The benchmarked requests send no notifications; nothing to keep.
  }

  @Override
  public void response(byte[] json) {
    response = json;
  }

  String responseText() {
    if (response == null) {
      throw new IllegalStateException("the gateway wrote no response");
    }
    return new String(response, StandardCharsets.UTF_8);
  }
}
