package dev.mcpgate.core.limits;

import dev.mcpgate.core.internal.limits.InMemoryBucketStore;
import java.time.Clock;

/**
 * Where {@link RateLimits} keeps its token buckets. {@link #inMemory()} serves one instance; when
 * replicas must share limits, implement this over a shared store, typically a bucket4j {@code
 * ProxyManager} for Redis, PostgreSQL or Hazelcast:
 *
 * <pre>{@code
 * final class SharedBuckets implements BucketStore {
 *   private final ProxyManager<String> buckets; // from bucket4j-redis, bucket4j-postgresql, ...
 *
 *   public Consumption tryConsume(String key, Quota quota) {
 *     ConsumptionProbe probe = bucket(key, quota).tryConsumeAndReturnRemaining(1);
 *     return probe.isConsumed()
 *         ? Consumption.consumed(probe.getRemainingTokens())
 *         : Consumption.refused(Duration.ofNanos(probe.getNanosToWaitForRefill()));
 *   }
 *
 *   public void refund(String key, Quota quota) {
 *     bucket(key, quota).addTokens(1);
 *   }
 *
 *   private Bucket bucket(String key, Quota quota) {
 *     return buckets.builder().build("mcpgate:" + key, () -> BucketConfiguration.builder()
 *         .addLimit(limit -> limit.capacity(quota.capacity())
 *             .refillGreedy(quota.capacity(), quota.period()))
 *         .build());
 *   }
 * }
 * }</pre>
 *
 * <p>The interface speaks mcpgate's own {@link Quota} and {@link Consumption} so that a store need
 * not be built on bucket4j, and a caller of {@link RateLimits} never sees bucket4j types.
 *
 * <p>Keys are opaque, printable strings made by {@link RateLimits}, one per bucket; a shared store
 * should prefix them with a namespace of its own. A store is asked with the same quota for a key
 * as long as the configuration does not change; when it changes, the store should apply the new
 * quota to the existing bucket. Implementations must be thread-safe, must keep a bucket at least
 * one {@link Quota#period() period} after its last use (forgetting it earlier gives a caller
 * fresh tokens), and should throw only when the store itself is broken.
 */
@FunctionalInterface
public interface BucketStore {

  /** The default {@link #inMemory(long) maximum number of buckets} kept in memory. */
  long DEFAULT_MAXIMUM_SIZE = 100_000;

  /**
   * Takes one token from the bucket under a key, creating the bucket full when there is none.
   *
   * @param key the bucket's key
   * @param quota the bucket's capacity and refill
   * @return whether a token was taken; never null
   */
  Consumption tryConsume(String key, Quota quota);

  /**
   * Gives back a token that {@link #tryConsume(String, Quota)} took for a call that another limit
   * then refused, so that a refused call costs nothing. A bucket never exceeds its capacity
   * through a refund, and a refund to a bucket that is gone does nothing.
   *
   * <p>The default does nothing: with a store that keeps it, a call refused by a per-tool limit
   * still costs a token of the per-client limit.
   *
   * @param key the bucket's key
   * @param quota the bucket's capacity and refill
   */
  default void refund(String key, Quota quota) {}

  /**
   * Buckets in this instance's memory, at most {@link #DEFAULT_MAXIMUM_SIZE}, timed by {@link
   * System#nanoTime()}.
   *
   * @return a new, empty store
   */
  static BucketStore inMemory() {
    return new InMemoryBucketStore(DEFAULT_MAXIMUM_SIZE, null);
  }

  /**
   * Buckets in this instance's memory, timed by {@link System#nanoTime()}.
   *
   * @param maximumSize how many buckets to keep at most; beyond it the least useful are dropped
   *     (and start full when next used), so that callers who rotate identities cannot grow memory
   *     without bound
   * @return a new, empty store
   * @throws IllegalArgumentException if {@code maximumSize} is below 1
   */
  static BucketStore inMemory(long maximumSize) {
    return new InMemoryBucketStore(maximumSize, null);
  }

  /**
   * Buckets in this instance's memory, timed by a clock: for tests, which move time by hand.
   *
   * @param maximumSize how many buckets to keep at most
   * @param clock the time source of refills and of dropping idle buckets
   * @return a new, empty store
   * @throws IllegalArgumentException if {@code maximumSize} is below 1
   */
  static BucketStore inMemory(long maximumSize, Clock clock) {
    return new InMemoryBucketStore(maximumSize, clock);
  }
}
