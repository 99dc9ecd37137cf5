package dev.mcpgate.core.limits;

import dev.mcpgate.api.BucketStore;
import dev.mcpgate.core.Ticker;
import dev.mcpgate.core.internal.limits.InMemoryBucketStore;
import java.time.Clock;

/**
 * The {@link BucketStore}s mcpgate ships: buckets in this instance's memory. Replicas that must
 * share limits implement {@link BucketStore} (in {@code mcpgate-api}) over a shared store.
 */
public final class BucketStores {

  /** The default {@link #inMemory(long) maximum number of buckets} kept in memory. */
  public static final long DEFAULT_MAXIMUM_SIZE = 100_000;

  private BucketStores() {}

  /**
   * Buckets in this instance's memory, at most {@link #DEFAULT_MAXIMUM_SIZE}, timed by {@link
   * System#nanoTime()}. Thread-safe.
   *
   * @return a new, empty store
   */
  public static BucketStore inMemory() {
    return new InMemoryBucketStore(DEFAULT_MAXIMUM_SIZE, Ticker.system());
  }

  /**
   * Buckets in this instance's memory, timed by {@link System#nanoTime()}. Thread-safe.
   *
   * @param maximumSize how many buckets to keep at most; beyond it the least useful are dropped
   *     (and start full when next used), so that callers who rotate identities cannot grow memory
   *     without bound
   * @return a new, empty store
   * @throws IllegalArgumentException if {@code maximumSize} is below 1
   */
  public static BucketStore inMemory(long maximumSize) {
    return new InMemoryBucketStore(maximumSize, Ticker.system());
  }

  /**
   * Buckets in this instance's memory, timed by a clock: for tests, which move time by hand.
   * Thread-safe.
   *
   * @param maximumSize how many buckets to keep at most
   * @param clock the time source of refills and of dropping idle buckets
   * @return a new, empty store
   * @throws IllegalArgumentException if {@code maximumSize} is below 1
   */
  public static BucketStore inMemory(long maximumSize, Clock clock) {
    return new InMemoryBucketStore(maximumSize, clock);
  }

  /**
   * Buckets in this instance's memory, timed by a ticker: for tests, which step time instead of
   * sleeping. Thread-safe.
   *
   * @param maximumSize how many buckets to keep at most
   * @param ticker the time source of refills and of dropping idle buckets
   * @return a new, empty store
   * @throws IllegalArgumentException if {@code maximumSize} is below 1
   */
  public static BucketStore inMemory(long maximumSize, Ticker ticker) {
    return new InMemoryBucketStore(maximumSize, ticker);
  }
}
