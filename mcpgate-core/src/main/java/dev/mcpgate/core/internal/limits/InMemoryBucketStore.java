package dev.mcpgate.core.internal.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.mcpgate.api.BucketStore;
import dev.mcpgate.api.Consumption;
import dev.mcpgate.api.Quota;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BandwidthBuilder;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * bucket4j buckets in a Caffeine cache bounded by size. A bucket is dropped once it has been idle
 * for its quota's period: by then it has refilled completely, so dropping it gives no caller
 * anything. Beyond the maximum size the least useful buckets are dropped early.
 *
 * <p>Thread-safe: buckets are lock-free, and a bucket is created once per key.
 */
public final class InMemoryBucketStore implements BucketStore {

  private final TimeMeter time;
  private final Cache<String, Entry> buckets;

  /**
   * A store timed by a clock.
   *
   * @param maximumSize how many buckets to keep at most, at least 1
   * @param clock the time source, or null for {@link System#nanoTime()}
   * @throws IllegalArgumentException if {@code maximumSize} is below 1
   */
  public InMemoryBucketStore(long maximumSize, @Nullable Clock clock) {
    this(maximumSize, clock == null ? TimeMeter.SYSTEM_NANOTIME : new ClockTime(clock));
  }

  /**
   * A store timed by a ticker.
   *
   * @param maximumSize how many buckets to keep at most, at least 1
   * @param ticker the time source of refills and of dropping idle buckets
   * @throws IllegalArgumentException if {@code maximumSize} is below 1
   */
  public InMemoryBucketStore(long maximumSize, dev.mcpgate.core.Ticker ticker) {
    this(maximumSize, ticker == dev.mcpgate.core.Ticker.system()
        ? TimeMeter.SYSTEM_NANOTIME : new TickerTime(ticker));
  }

  private InMemoryBucketStore(long maximumSize, TimeMeter time) {
    if (maximumSize < 1) {
      throw new IllegalArgumentException(
          "the bucket store's maximum size must be at least 1, was " + maximumSize);
    }
    this.time = time;
    Ticker ticker = time == TimeMeter.SYSTEM_NANOTIME ? Ticker.systemTicker() : time::currentTimeNanos;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .expireAfter(Expiry.accessing((String key, Entry entry) -> entry.quota.period()))
            .ticker(ticker)
            .build();
  }

  @Override
  public Consumption tryConsume(String key, Quota quota) {
    ConsumptionProbe probe = entry(key, quota).bucket.tryConsumeAndReturnRemaining(1);
    return probe.isConsumed()
        ? Consumption.consumed(probe.getRemainingTokens())
        : Consumption.refused(Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill())));
  }

  @Override
  public void refund(String key, Quota quota) {
    Entry entry = buckets.getIfPresent(key);
    if (entry != null && entry.quota.equals(quota)) {
      entry.bucket.addTokens(1);
    }
  }

  /**
   * How many buckets the store holds, after dropping those that are due; for tests and metrics.
   *
   * @return the count
   */
  public long size() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private Entry entry(String key, Quota quota) {
    Entry entry = buckets.getIfPresent(key);
    if (entry == null) {
      entry = buckets.get(key, k -> new Entry(quota, newBucket(quota)));
    }
    if (entry.quota.equals(quota)) {
      return entry;
    }
    // the configuration changed: keep the tokens, up to the new capacity
    return buckets
        .asMap()
        .compute(
            key,
            (k, old) -> {
              if (old == null) {
                return new Entry(quota, newBucket(quota));
              }
              if (!old.quota.equals(quota)) {
                old.bucket.replaceConfiguration(
                    BucketConfiguration.builder().addLimit(limit(quota)).build(),
                    TokensInheritanceStrategy.AS_IS);
                return new Entry(quota, old.bucket);
              }
              return old;
            });
  }

  private Bucket newBucket(Quota quota) {
    return Bucket.builder().addLimit(limit(quota)).withCustomTimePrecision(time).build();
  }

  private static Bandwidth limit(Quota quota) {
    return BandwidthBuilder.builder()
        .capacity(quota.capacity())
        .refillGreedy(quota.capacity(), quota.period())
        .build();
  }

  /** Names the store and its size, never a key. */
  @Override
  public String toString() {
    return "BucketStores.inMemory[" + buckets.estimatedSize() + " buckets]";
  }

  private record Entry(Quota quota, Bucket bucket) {}

  /** bucket4j time from a {@link Clock}, in nanoseconds since the epoch. */
  private record ClockTime(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }

  /** bucket4j time from a {@link dev.mcpgate.core.Ticker}. */
  private record TickerTime(dev.mcpgate.core.Ticker ticker) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      return ticker.read();
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }
  }
}
