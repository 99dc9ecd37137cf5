package dev.mcpgate.core.internal.tasks;

import dev.mcpgate.core.client.ClientRequest;
import dev.mcpgate.core.internal.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One tool call running as a task: its status, what it waits for from the client, and how it
 * ended. Thread-safe: the tool's thread and the client's requests meet on this object's monitor.
 */
public final class Task {

  /** A task's status, as the wire names it. */
  public enum Status {
    /** The tool runs. */
    WORKING("working"),
    /** The tool waits for the client's answers. */
    INPUT_REQUIRED("input_required"),
    /** The tool returned a result (possibly an error result). */
    COMPLETED("completed"),
    /** The call failed at the protocol level. */
    FAILED("failed"),
    /** The client cancelled it. */
    CANCELLED("cancelled");

    private final String wire;

    Status(String wire) {
      this.wire = wire;
    }

    /**
     * The wire name.
     *
     * @return the name
     */
    public String wire() {
      return wire;
    }

    boolean terminal() {
      return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
  }

  /** Thrown on the tool's thread when the client cancels the task while the tool waits. */
  public static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("the task was cancelled", null, false, false);
    }
  }

  private final String id;
  private final String owner;
  private final Clock clock;
  private final Instant createdAt;
  private final long ttlMillis;
  private final long pollIntervalMillis;
  private Instant lastUpdatedAt;
  private Status status = Status.WORKING;
  private @Nullable ObjectNode result;
  private @Nullable ObjectNode error;
  private final Map<String, ClientRequest> pending = new LinkedHashMap<>();
  private final Map<String, JsonNode> answers = new LinkedHashMap<>();
  private @Nullable Runnable onCancel;

  Task(String id, String owner, Clock clock, long ttlMillis, long pollIntervalMillis) {
    this.id = id;
    this.owner = owner;
    this.clock = clock;
    this.createdAt = clock.instant();
    this.lastUpdatedAt = createdAt;
    this.ttlMillis = ttlMillis;
    this.pollIntervalMillis = pollIntervalMillis;
  }

  /**
   * The task's id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  String owner() {
    return owner;
  }

  synchronized boolean expired(Instant now) {
    return status.terminal() && now.isAfter(lastUpdatedAt.plusMillis(ttlMillis));
  }

  /**
   * The task's status now.
   *
   * @return the status
   */
  public synchronized Status status() {
    return status;
  }

  /**
   * Sets what stops the tool's thread when the client cancels the task.
   *
   * @param stop run once, on cancellation
   */
  public synchronized void onCancel(Runnable stop) {
    this.onCancel = Objects.requireNonNull(stop, "stop");
  }

  /**
   * The task as a {@code CreateTaskResult} states it: id, status, times, TTL and poll interval.
   *
   * @return a new object
   */
  public synchronized ObjectNode envelope() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("taskId", id);
    node.put("status", status.wire());
    node.put("createdAt", createdAt.toString());
    node.put("lastUpdatedAt", lastUpdatedAt.toString());
    node.put("ttlMs", ttlMillis);
    node.put("pollIntervalMs", pollIntervalMillis);
    return node;
  }

  /**
   * The task as {@code tasks/get} answers it: the envelope, and the pending requests, the result
   * or the error, as its status has them.
   *
   * @return a new object
   */
  public synchronized ObjectNode detailed() {
    ObjectNode node = envelope();
    if (status == Status.INPUT_REQUIRED) {
      ObjectNode requests = node.putObject("inputRequests");
      pending.forEach((key, request) -> {
        ObjectNode entry = requests.putObject(key);
        entry.put("method", request.method());
        entry.set("params", request.params());
      });
    } else if (status == Status.COMPLETED && result != null) {
      node.set("result", result.deepCopy());
    } else if (status == Status.FAILED && error != null) {
      node.set("error", error.deepCopy());
    }
    return node;
  }

  /**
   * Ends the task with the tool's result, unless it already ended.
   *
   * @param toolResult the result, as {@code tools/call} would answer it
   */
  public synchronized void complete(ObjectNode toolResult) {
    end(Status.COMPLETED, toolResult, null);
  }

  /**
   * Ends the task with a protocol error, unless it already ended.
   *
   * @param code the JSON-RPC error code
   * @param message a message safe for the client
   */
  public synchronized void fail(int code, String message) {
    end(Status.FAILED, null, Json.MAPPER.createObjectNode().put("code", code)
        .put("message", message));
  }

  /**
   * Cancels the task, unless it already ended; a terminal task stays as it is.
   *
   * @return true if this call cancelled it
   */
  public boolean cancel() {
    Runnable stop;
    synchronized (this) {
      if (status.terminal()) {
        return false;
      }
      end(Status.CANCELLED, null, null);
      stop = onCancel;
    }
    if (stop != null) {
      stop.run();
    }
    return true;
  }

  private void end(Status to, @Nullable ObjectNode toolResult, @Nullable ObjectNode failure) {
    if (status.terminal()) {
      return;
    }
    status = to;
    result = toolResult;
    error = failure;
    pending.clear();
    touch();
    notifyAll();
  }

  /**
   * Takes the client's answers to pending requests; answers to keys not pending, and answers
   * that are not objects, are ignored. The tool resumes once every pending request is answered.
   *
   * @param responses the answers by key
   */
  public synchronized void answer(ObjectNode responses) {
    boolean changed = false;
    for (Map.Entry<String, JsonNode> entry : responses.properties()) {
      if (pending.containsKey(entry.getKey()) && entry.getValue().isObject()) {
        pending.remove(entry.getKey());
        answers.put(entry.getKey(), entry.getValue().deepCopy());
        changed = true;
      }
    }
    if (changed) {
      touch();
      notifyAll();
    }
  }

  /**
   * Asks the client, on the tool's thread: the task waits in {@code input_required} until every
   * request is answered through {@link #answer(ObjectNode)}.
   *
   * @param requests the requests by key
   * @return the answers by key
   * @throws Cancelled if the task is cancelled meanwhile
   * @throws InterruptedException if the thread is interrupted meanwhile
   */
  synchronized Map<String, JsonNode> await(Map<String, ClientRequest> requests)
      throws InterruptedException {
    requests.forEach((key, request) -> {
      if (!answers.containsKey(key)) {
        pending.put(key, request);
      }
    });
    if (!pending.isEmpty() && !status.terminal()) {
      status = Status.INPUT_REQUIRED;
      touch();
    }
    while (!status.terminal() && requests.keySet().stream().anyMatch(pending::containsKey)) {
      wait();
    }
    if (status.terminal()) {
      throw new Cancelled();
    }
    if (pending.isEmpty() && status == Status.INPUT_REQUIRED) {
      status = Status.WORKING;
      touch();
    }
    Map<String, JsonNode> answered = new LinkedHashMap<>();
    requests.keySet().forEach(key -> answered.put(key, answers.get(key).deepCopy()));
    return answered;
  }

  private void touch() {
    Instant now = clock.instant();
    lastUpdatedAt = now.isAfter(lastUpdatedAt) ? now : lastUpdatedAt;
  }
}
