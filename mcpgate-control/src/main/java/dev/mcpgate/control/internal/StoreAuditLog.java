package dev.mcpgate.control.internal;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditSink;
import dev.mcpgate.control.AuditLog;
import dev.mcpgate.control.AuditQuery;
import dev.mcpgate.control.Retention;
import dev.mcpgate.control.store.ControlStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit writer: a bounded queue that the sink offers to without waiting, and one daemon
 * thread that stores what it takes in batches of up to 500 events, each batch one transaction.
 *
 * <p>The writer lingers: after the first event of a batch it waits up to {@link #LINGER} (or
 * until a batch is full, a {@link #flush} asks, or the log closes) before it writes, so that
 * under load one durable commit carries hundreds of events instead of a handful. A commit's
 * fixed cost (the transaction, the journal's sync) is then paid a few times a second, not once
 * per call: with SQLite, a transaction of 1 event costs the writer some 300 µs of CPU, one of
 * 500 about 18 µs per event ({@code StoreAuditBenchmark}, docs/benchmarks.md). An event is thus stored at most about 100 ms after the
 * call; the queue bounds what a crash can lose, as before.
 *
 * <p>The same thread prunes what the retention no longer keeps: a minute after start, then every
 * ten minutes, in chunks (so that changes are written between them). A short-lived process,
 * such as a CLI command, never prunes.
 */
final class StoreAuditLog implements AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(StoreAuditLog.class);
  private static final int BATCH = 500;

  /** How long the writer waits for a batch to fill after its first event. */
  static final Duration LINGER = Duration.ofMillis(100);

  /** When the first pruning runs, after start. */
  static final Duration FIRST_PRUNE = Duration.ofMinutes(1);

  /** How often pruning runs after the first. */
  static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

  /** How often a lingering writer looks whether the batch is full. */
  private static final long GLANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final ControlStore store;
  private final Clock clock;
  private final BlockingQueue<AuditEvent> queue;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Thread writer;
  private final AuditSink sink;
  private final Retention retention;
  private final long pruneEveryNanos;
  private long nextPrune;
  private final AtomicInteger flushing = new AtomicInteger();
  private volatile boolean running = true;

  StoreAuditLog(ControlStore store, Clock clock, int capacity, Retention retention) {
    this(store, clock, capacity, retention, FIRST_PRUNE, PRUNE_EVERY);
  }

  StoreAuditLog(ControlStore store, Clock clock, int capacity, Retention retention,
      Duration firstPrune, Duration pruneEvery) {
    this.store = store;
    this.clock = clock;
    this.retention = retention;
    this.pruneEveryNanos = pruneEvery.toNanos();
    this.nextPrune = System.nanoTime() + firstPrune.toNanos();
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.sink = event -> {
      if (queue.offer(event)) {
        accepted.incrementAndGet();
      } else {
        dropped.incrementAndGet();
      }
    };
    this.writer = new Thread(this::drain, "mcpgate-audit-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  private void drain() {
    List<AuditEvent> batch = new ArrayList<>(BATCH);
    while (running || !queue.isEmpty()) {
      try {
        AuditEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
        pruneWhenDue();
        if (first == null) {
          continue;
        }
        linger();
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        try {
          store.appendAudit(batch);
        } catch (RuntimeException e) {
          failed.addAndGet(batch.size());
          LOG.warn("{} audit events could not be stored: {}", batch.size(), e.getMessage());
        }
        done.addAndGet(batch.size());
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Prunes what the retention no longer keeps, when it is time; a failure is logged. */
  private void pruneWhenDue() {
    if (retention.keepsAll() || System.nanoTime() - nextPrune < 0 || !running) {
      return;
    }
    nextPrune = System.nanoTime() + pruneEveryNanos;
    try {
      long removed = prune(retention);
      if (removed > 0) {
        LOG.info("pruned {} audit events from the store (kept {} days, at most {})", removed,
            retention.maxAge().toDays(), retention.maxCount());
      }
    } catch (RuntimeException e) {
      LOG.warn("audit events could not be pruned: {}", e.getMessage());
    }
  }

  /** Waits for more events, unless a batch is ready, someone flushes, or the log closes. */
  private void linger() {
    long until = System.nanoTime() + LINGER.toNanos();
    long left;
    while (running && flushing.get() == 0 && queue.size() < BATCH - 1
        && (left = until - System.nanoTime()) > 0) {
      LockSupport.parkNanos(this, Math.min(left, GLANCE_NANOS));
    }
  }

  @Override
  public AuditSink sink() {
    return sink;
  }

  @Override
  public List<AuditEvent> query(AuditQuery query) {
    return store.audit(query);
  }

  @Override
  public long prune(Retention retention) {
    return store.pruneAudit(clock.instant().minus(retention.maxAge()), retention.maxCount());
  }

  @Override
  public boolean flush(Duration timeout) {
    long target = accepted.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    flushing.incrementAndGet();
    try {
      LockSupport.unpark(writer);
      while (done.get() < target) {
        if (System.nanoTime() >= deadline || !writer.isAlive()) {
          return false;
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    } finally {
      flushing.decrementAndGet();
    }
  }

  @Override
  public long dropped() {
    return dropped.get();
  }

  @Override
  public long failed() {
    return failed.get();
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(writer);
    try {
      writer.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
