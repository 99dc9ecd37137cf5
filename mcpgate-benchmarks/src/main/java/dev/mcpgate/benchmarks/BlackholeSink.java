package dev.mcpgate.benchmarks;

import dev.mcpgate.core.MessageSink;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A transport's sink that hands every message to a JMH {@link Blackhole}, so the serialized
 * bytes count as used and the JIT cannot drop the work that produced them.
 */
final class BlackholeSink implements MessageSink {

  private final Blackhole blackhole;

  BlackholeSink(Blackhole blackhole) {
    this.blackhole = blackhole;
  }

  @Override
  public void notification(byte[] json) {
    blackhole.consume(json);
  }

  @Override
  public void response(byte[] json) {
    blackhole.consume(json);
  }
}
