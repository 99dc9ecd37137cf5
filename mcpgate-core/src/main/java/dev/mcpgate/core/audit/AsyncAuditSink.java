package dev.mcpgate.core.audit;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditSink;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts a bounded queue in front of a sink: {@link #record(AuditEvent)} only offers the event to
 * the queue and returns at once, and one background thread hands events to the delegate. When
 * the queue is full the event is dropped and counted ({@link #dropped()}), because a call must
 * never wait for its audit record; export the count as a metric and alert on it.
 *
 * <p>Thread-safe. {@link #close(Duration)} stops the thread after draining what is queued.
 */
public final class AsyncAuditSink implements AuditSink, AutoCloseable {

  private final AuditSink delegate;
  private final BlockingQueue<AuditEvent> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Thread worker;
  private volatile boolean closing;

  /**
   * Starts a sink with its background thread.
   *
   * @param delegate where events go; may be slow
   * @param capacity how many events may wait, at least 1
   * @throws IllegalArgumentException if capacity is below 1
   */
  public AsyncAuditSink(AuditSink delegate, int capacity) {
    this(delegate, capacity, AsyncAuditSink::daemon);
  }

  /**
   * Starts a sink with its background thread made by a thread factory: for an application that
   * names, groups or monitors its threads.
   *
   * @param delegate where events go; may be slow
   * @param capacity how many events may wait, at least 1
   * @param threads makes the one background thread; its thread must not be started yet
   * @throws IllegalArgumentException if capacity is below 1
   */
  public AsyncAuditSink(AuditSink delegate, int capacity, ThreadFactory threads) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(threads, "threads");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.worker = threads.newThread(this::drain);
    if (worker == null) {
      throw new IllegalArgumentException("the thread factory made no thread");
    }
    worker.start();
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "mcpgate-audit");
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void record(AuditEvent event) {
    if (closing || !queue.offer(event)) {
      dropped.incrementAndGet();
    }
  }

  /**
   * How many events were dropped because the queue was full (or the sink closing).
   *
   * @return the count since the sink started
   */
  public long dropped() {
    return dropped.get();
  }

  /**
   * How many events the delegate threw on, despite the {@link AuditSink} contract.
   *
   * @return the count since the sink started
   */
  public long failed() {
    return failed.get();
  }

  /**
   * How many events wait in the queue.
   *
   * @return the count
   */
  public int pending() {
    return queue.size();
  }

  private void drain() {
    while (!closing || !queue.isEmpty()) {
      try {
        AuditEvent event = queue.poll(100, TimeUnit.MILLISECONDS);
        if (event != null) {
          deliver(event);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void deliver(AuditEvent event) {
    try {
      delegate.record(event);
    } catch (RuntimeException broken) {
      failed.incrementAndGet();
    }
  }

  /**
   * Stops accepting events, delivers what is queued, and stops the thread.
   *
   * @param timeout how long to wait for the queue to drain; zero or less does not wait
   * @return true if everything queued was delivered in time
   */
  public boolean close(Duration timeout) {
    closing = true;
    try {
      // Thread.join(0) would wait forever, behind a delegate that may never return.
      long millis = timeout.toMillis();
      if (millis > 0) {
        worker.join(millis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      worker.interrupt();
      return false;
    }
    return true;
  }

  /** Closes, waiting up to five seconds for queued events. */
  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
