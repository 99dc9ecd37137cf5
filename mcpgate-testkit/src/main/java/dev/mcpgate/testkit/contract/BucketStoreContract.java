package dev.mcpgate.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.mcpgate.api.BucketStore;
import dev.mcpgate.api.Consumption;
import dev.mcpgate.api.Quota;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link BucketStore} honours, as tests an implementation's own test class
 * inherits: extend this class, give a store and, for a shared store, a second instance over the
 * same storage, as a second replica would have.
 *
 * <pre>{@code
 * class RedisBucketStoreContractTest extends BucketStoreContract {
 *   protected BucketStore store() { return new RedisBucketStore(redis.connect()); }
 *   protected BucketStore replica(BucketStore store) { return new RedisBucketStore(redis.connect()); }
 * }
 * }</pre>
 *
 * <p>The kit checks that
 * <ul>
 *   <li>a new bucket starts full and counts down exactly, and an empty one says when a token is
 *       back (no later than one refill interval, {@code period / capacity});
 *   <li>buckets are separate by key;
 *   <li>the store is shared: what one replica takes, the other sees;
 *   <li>it is exact under concurrency: of 800 concurrent requests, half through each replica,
 *       for a bucket of 100, exactly 100 are consumed, each reporting a different number left;
 *   <li>a refund gives a token back, never beyond the capacity, creates no bucket, and is exact
 *       under concurrency too.
 * </ul>
 *
 * <p>Every test uses keys of its own (a random prefix), so a store over a real shared server
 * need not be emptied between tests. Quotas have long periods, so that no token refills while a
 * test runs.
 */
public abstract class BucketStoreContract {

  private static final Duration LONG = Duration.ofDays(366);

  private final String prefix = "contract-" + UUID.randomUUID() + ":";

  /** For subclasses. */
  protected BucketStoreContract() {}

  /**
   * The store under test; called once per test.
   *
   * @return the store
   */
  protected abstract BucketStore store();

  /**
   * A second instance over the same storage as {@code store}, as another replica would have.
   * The default returns {@code store} itself: a store for one instance has no replicas.
   *
   * @param store the store {@link #store()} made
   * @return the replica
   */
  protected BucketStore replica(BucketStore store) {
    return store;
  }

  @Test
  void aNewBucketStartsFullAndCountsDownExactly() {
    BucketStore store = store();
    Quota three = new Quota(3, LONG);
    assertThat(store.tryConsume(key("k"), three)).isEqualTo(Consumption.consumed(2));
    assertThat(store.tryConsume(key("k"), three)).isEqualTo(Consumption.consumed(1));
    assertThat(store.tryConsume(key("k"), three)).isEqualTo(Consumption.consumed(0));
    assertThat(store.tryConsume(key("k"), three).consumed()).isFalse();
  }

  @Test
  void anEmptyBucketSaysWhenATokenIsBack() {
    BucketStore store = store();
    Quota threePerMinute = new Quota(3, Duration.ofMinutes(1));
    for (int i = 0; i < 3; i++) {
      store.tryConsume(key("k"), threePerMinute);
    }
    Consumption refused = store.tryConsume(key("k"), threePerMinute);
    assertThat(refused.consumed()).isFalse();
    assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void bucketsAreSeparateByKey() {
    BucketStore store = store();
    Quota one = new Quota(1, LONG);
    assertThat(store.tryConsume(key("a"), one).consumed()).isTrue();
    assertThat(store.tryConsume(key("a"), one).consumed()).isFalse();
    assertThat(store.tryConsume(key("b"), one)).isEqualTo(Consumption.consumed(0));
  }

  @Test
  void whatOneReplicaTakesTheOtherSees() {
    BucketStore store = store();
    BucketStore replica = replica(store);
    Quota two = new Quota(2, LONG);
    assertThat(store.tryConsume(key("k"), two)).isEqualTo(Consumption.consumed(1));
    assertThat(replica.tryConsume(key("k"), two)).isEqualTo(Consumption.consumed(0));
    assertThat(store.tryConsume(key("k"), two).consumed()).isFalse();
    replica.refund(key("k"), two);
    assertThat(store.tryConsume(key("k"), two)).isEqualTo(Consumption.consumed(0));
  }

  @Test
  void concurrentRequestsTakeExactlyTheCapacity() throws Exception {
    BucketStore store = store();
    BucketStore replica = replica(store);
    Quota hundred = new Quota(100, LONG);
    List<Consumption> answers = concurrently(16, 50,
        thread -> (thread % 2 == 0 ? store : replica).tryConsume(key("k"), hundred));

    List<Long> remaining = answers.stream().filter(Consumption::consumed)
        .map(Consumption::remaining).sorted().toList();
    assertThat(remaining).as("what each consumed token left")
        .isEqualTo(LongStream.range(0, 100).boxed().toList());
  }

  @Test
  void aRefundGivesATokenBackButNeverBeyondTheCapacity() {
    BucketStore store = store();
    Quota three = new Quota(3, LONG);
    store.tryConsume(key("k"), three);
    store.refund(key("k"), three);
    store.refund(key("k"), three);
    assertThat(store.tryConsume(key("k"), three)).isEqualTo(Consumption.consumed(2));
  }

  @Test
  void aRefundToNoBucketDoesNothing() {
    BucketStore store = store();
    Quota three = new Quota(3, LONG);
    assertThatCode(() -> store.refund(key("none"), three)).doesNotThrowAnyException();
    assertThat(store.tryConsume(key("none"), three)).isEqualTo(Consumption.consumed(2));
  }

  @Test
  void concurrentRefundsAreExact() throws Exception {
    BucketStore store = store();
    BucketStore replica = replica(store);
    Quota hundred = new Quota(100, LONG);
    for (int i = 0; i < 100; i++) {
      store.tryConsume(key("k"), hundred);
    }
    concurrently(10, 5, thread -> {
      (thread % 2 == 0 ? store : replica).refund(key("k"), hundred);
      return Consumption.consumed(0);
    });

    long taken = 0;
    while (store.tryConsume(key("k"), hundred).consumed()) {
      taken++;
    }
    assertThat(taken).as("tokens back after 50 refunds").isEqualTo(50);
  }

  private String key(String name) {
    return prefix + name;
  }

  private static List<Consumption> concurrently(int threads, int each, Attempt attempt)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<Consumption>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          List<Consumption> answers = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            Consumption answer = attempt.run(thread);
            assertThat(answer).as("a store's answer").isNotNull();
            answers.add(answer);
          }
          return answers;
        }));
      }
      start.countDown();
      List<Consumption> all = new ArrayList<>();
      for (Future<List<Consumption>> future : futures) {
        all.addAll(future.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface Attempt {
    Consumption run(int thread);
  }
}
