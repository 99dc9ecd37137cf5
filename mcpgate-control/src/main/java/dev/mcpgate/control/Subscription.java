package dev.mcpgate.control;

/** A {@link ChangeListener}'s subscription; closing it stops the notifications. */
public interface Subscription extends AutoCloseable {

  /** Stops telling the listener. Idempotent. */
  @Override
  void close();
}
