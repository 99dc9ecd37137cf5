package dev.mcpgate.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.control.store.StoreTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The audit writer never makes a call wait for the store: what does not fit is counted. */
class AuditWriterTest {

  /** An in-memory store whose audit writes a test may watch or hold up. */
  private abstract static class WatchedStore implements ControlStore {
    final ControlStore delegate = ControlStore.inMemory();

    @Override
    public <R> R write(Function<StoreTransaction, R> work) {
      return delegate.write(work);
    }

    @Override
    public <R> R read(Function<StoreTransaction, R> work) {
      return delegate.read(work);
    }

    @Override
    public List<AuditEvent> audit(AuditQuery query) {
      return delegate.audit(query);
    }

    @Override
    public long pruneAudit(Instant before, long keep) {
      return delegate.pruneAudit(before, keep);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /** A store whose audit writes wait until the test opens the gate. */
  private static final class SlowStore extends WatchedStore {
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch writing = new CountDownLatch(1);

    @Override
    public void appendAudit(List<AuditEvent> events) {
      writing.countDown();
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      delegate.appendAudit(events);
    }
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
    SlowStore store = new SlowStore();
    try (ControlPlane control = ControlPlane.builder(store).auditQueueCapacity(10).build()) {
      Instant now = Instant.parse("2026-12-07T00:00:00Z");
      control.audit().sink().record(ControlPlaneContract.event("first", now, "acme", "t", "ok"));
      assertThat(store.writing.await(10, TimeUnit.SECONDS)).isTrue();

      long start = System.nanoTime();
      for (int i = 0; i < 1000; i++) {
        control.audit().sink().record(ControlPlaneContract.event("r" + i, now, "acme", "t",
            "ok"));
      }
      Duration spent = Duration.ofNanos(System.nanoTime() - start);

      assertThat(spent).isLessThan(Duration.ofSeconds(1));
      assertThat(control.audit().dropped()).isEqualTo(990);
      store.gate.countDown();
      assertThat(control.audit().flush(Duration.ofSeconds(10))).isTrue();
      assertThat(control.audit().query(AuditQuery.latest(10_000))).hasSize(11);
      assertThat(control.audit().failed()).isZero();
    }
  }

  /** A store that counts the transactions its audit writes take. */
  private static final class CountingStore extends WatchedStore {
    private final List<Integer> batches = new CopyOnWriteArrayList<>();

    @Override
    public void appendAudit(List<AuditEvent> events) {
      batches.add(events.size());
      delegate.appendAudit(events);
    }
  }

  @Test
  void eventsArrivingOneByOneAreStoredInFewTransactions() throws Exception {
    CountingStore store = new CountingStore();
    try (ControlPlane control = ControlPlane.builder(store).build()) {
      Instant now = Instant.parse("2026-12-07T00:00:00Z");
      // One event a millisecond: a writer that stored each as it came would commit ~40 times.
      for (int i = 0; i < 40; i++) {
        control.audit().sink().record(ControlPlaneContract.event("r" + i, now, "acme", "t",
            "ok"));
        Thread.sleep(1);
      }
      assertThat(control.audit().flush(Duration.ofSeconds(10))).isTrue();

      assertThat(store.batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(40);
      assertThat(store.batches).hasSizeLessThanOrEqualTo(5);
    }
  }

  @Test
  void aFlushDoesNotWaitOutTheLinger() {
    CountingStore store = new CountingStore();
    try (ControlPlane control = ControlPlane.builder(store).build()) {
      Instant now = Instant.parse("2026-12-07T00:00:00Z");
      long start = System.nanoTime();
      for (int round = 0; round < 20; round++) {
        control.audit().sink().record(ControlPlaneContract.event("r" + round, now, "acme", "t",
            "ok"));
        assertThat(control.audit().flush(Duration.ofSeconds(10))).isTrue();
      }
      Duration spent = Duration.ofNanos(System.nanoTime() - start);

      // Twenty flushes, each of one event: twenty transactions, none waiting 100 ms for more
      // (that would take at least 2 s: the linger is skipped while someone flushes).
      assertThat(store.batches).hasSize(20);
      assertThat(spent).isLessThan(Duration.ofMillis(1800));
      assertThat(control.audit().query(AuditQuery.latest(100))).hasSize(20);
    }
  }
}
