package dev.mcpgate.core;

/**
 * A source of nanoseconds for measuring elapsed time: session idle time, rate-limit refill,
 * latency. Only differences between two readings mean anything. The gateway reads time through
 * one so that a test can step it instead of sleeping; in production it is {@link #system()}.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * The current reading, in nanoseconds from an arbitrary origin.
   *
   * @return the reading
   */
  long read();

  /**
   * The ticker of {@link System#nanoTime()}.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

/** {@link System#nanoTime()}, as one shared instance. */
enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }
}
