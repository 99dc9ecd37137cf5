package dev.mcpgate.api;

/**
 * Where a rate limiter keeps its token buckets (core's {@code RateLimits}). Core's {@code
 * BucketStores.inMemory()} serves one instance; when replicas must share limits, implement this
 * over a shared store, typically a bucket4j {@code
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
 * not be built on bucket4j, and a caller of the rate limiter never sees bucket4j types. The
 * interface lives in {@code mcpgate-api} so that a store needs nothing else; {@code
 * dev.mcpgate.testkit.contract.BucketStoreContract} is the test a store extends to prove that it
 * honours this contract.
 *
 * <p>Keys are opaque, printable strings made by the rate limiter, one per bucket; a shared store
 * should prefix them with a namespace of its own. A store is asked with the same quota for a key
 * as long as the configuration does not change; when it changes, the store should apply the new
 * quota to the existing bucket. Implementations must be thread-safe and exact under
 * concurrency (of {@code n} concurrent requests for a bucket with {@code k} tokens, exactly {@code
 * min(n, k)} are consumed, as replicas sharing the store would see), must keep a bucket at least
 * one {@link Quota#period() period} after its last use (forgetting it earlier gives a caller
 * fresh tokens), and should throw only when the store itself is broken.
 */
@FunctionalInterface
public interface BucketStore {

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
}
