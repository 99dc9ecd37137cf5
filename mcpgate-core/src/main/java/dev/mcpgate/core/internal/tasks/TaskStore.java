package dev.mcpgate.core.internal.tasks;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The tasks of every caller. A task is found only with the owner key of the identity that created
 * it: to any other caller it does not exist. An ended task is kept for its TTL after its last
 * change, then dropped. Thread-safe.
 */
public final class TaskStore {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ConcurrentMap<String, Task> tasks = new ConcurrentHashMap<>();
  private final Clock clock;
  private final long ttlMillis;
  private final long pollIntervalMillis;
  private final int maxTasks;

  /**
   * A store.
   *
   * @param clock for the tasks' times
   * @param ttl how long an ended task stays readable
   * @param pollInterval how often a client is advised to poll
   * @param maxTasks how many tasks may exist at once
   */
  public TaskStore(Clock clock, Duration ttl, Duration pollInterval, int maxTasks) {
    if (ttl.isNegative() || ttl.isZero() || pollInterval.isNegative() || pollInterval.isZero()
        || maxTasks < 1) {
      throw new IllegalArgumentException("the TTL, poll interval and maximum must be positive");
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttlMillis = ttl.toMillis();
    this.pollIntervalMillis = pollInterval.toMillis();
    this.maxTasks = maxTasks;
  }

  /**
   * Creates a working task; it can be found as soon as this returns.
   *
   * @param owner the creating identity's key
   * @return the task, or null when the store is full
   */
  public @Nullable Task create(String owner) {
    Objects.requireNonNull(owner, "owner");
    tasks.values().removeIf(task -> task.expired(clock.instant()));
    if (tasks.size() >= maxTasks) {
      return null;
    }
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    Task task = new Task(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), owner,
        clock, ttlMillis, pollIntervalMillis);
    tasks.put(task.id(), task);
    return task;
  }

  /**
   * A task of an owner's.
   *
   * @param id the task id
   * @param owner the asking identity's key
   * @return the task, or null if there is none with this id that this owner created
   */
  public @Nullable Task find(String id, String owner) {
    Task task = tasks.get(id);
    if (task == null || !task.owner().equals(owner)) {
      return null;
    }
    if (task.expired(clock.instant())) {
      tasks.remove(id, task);
      return null;
    }
    return task;
  }
}
