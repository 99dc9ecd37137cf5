package dev.mcpgate.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.BucketStore;
import dev.mcpgate.api.Consumption;
import dev.mcpgate.api.Quota;
import dev.mcpgate.core.internal.limits.InMemoryBucketStore;
import dev.mcpgate.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BucketStoreTest {

  private static final Quota THREE_PER_MINUTE = new Quota(3, Duration.ofMinutes(1));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  private InMemoryBucketStore store(long maximumSize) {
    return (InMemoryBucketStore) BucketStores.inMemory(maximumSize, clock);
  }

  @Test
  void aNewBucketStartsFull() {
    InMemoryBucketStore store = store(10);
    assertThat(store.tryConsume("k", THREE_PER_MINUTE)).isEqualTo(Consumption.consumed(2));
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void theStoreKeepsNoMoreBucketsThanItsMaximumSize() {
    InMemoryBucketStore store = store(100);
    for (int i = 0; i < 10_000; i++) {
      store.tryConsume("client-" + i, THREE_PER_MINUTE);
    }
    assertThat(store.size()).isLessThanOrEqualTo(100);
  }

  @Test
  void anIdleBucketIsDroppedOnceItWouldBeFullAgain() {
    InMemoryBucketStore store = store(10);
    store.tryConsume("k", THREE_PER_MINUTE);

    clock.advance(Duration.ofSeconds(59));
    assertThat(store.size()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    assertThat(store.size()).isZero();
  }

  @Test
  void aRefundGivesATokenBackButNeverBeyondTheCapacity() {
    InMemoryBucketStore store = store(10);
    store.tryConsume("k", THREE_PER_MINUTE);
    store.refund("k", THREE_PER_MINUTE);
    store.refund("k", THREE_PER_MINUTE);

    assertThat(store.tryConsume("k", THREE_PER_MINUTE)).isEqualTo(Consumption.consumed(2));
  }

  @Test
  void aRefundToNoBucketCreatesNone() {
    InMemoryBucketStore store = store(10);
    store.refund("k", THREE_PER_MINUTE);
    assertThat(store.size()).isZero();
  }

  @Test
  void aChangedQuotaAppliesToTheExistingBucket() {
    InMemoryBucketStore store = store(10);
    store.tryConsume("k", new Quota(10, Duration.ofMinutes(1))); // 9 left

    Quota two = new Quota(2, Duration.ofMinutes(1));
    assertThat(store.tryConsume("k", two)).isEqualTo(Consumption.consumed(1));
    assertThat(store.tryConsume("k", two)).isEqualTo(Consumption.consumed(0));
    assertThat(store.tryConsume("k", two).consumed()).isFalse();
  }

  @Test
  void aRefusalSaysWhenATokenIsBack() {
    InMemoryBucketStore store = store(10);
    for (int i = 0; i < 3; i++) {
      store.tryConsume("k", THREE_PER_MINUTE);
    }
    clock.advance(Duration.ofSeconds(5));
    assertThat(store.tryConsume("k", THREE_PER_MINUTE))
        .isEqualTo(Consumption.refused(Duration.ofSeconds(15)));
  }

  @Test
  void theMaximumSizeMustBePositive() {
    assertThatThrownBy(() -> BucketStores.inMemory(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the bucket store's maximum size must be at least 1, was 0");
  }

  @Test
  void itsDescriptionNamesNoKey() {
    BucketStore store = BucketStores.inMemory();
    store.tryConsume("client partner-a", THREE_PER_MINUTE);
    assertThat(store.toString()).doesNotContain("partner-a");
  }
}
