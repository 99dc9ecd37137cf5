package dev.mcpgate.admin.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Remembers the answer to each create sent with an {@code Idempotency-Key}, per operator, so
 * that a retried create answers the same without creating twice. A remembered answer never holds
 * a secret: an issued key or token is shown once, and a replay shows the object without it.
 */
final class Idempotency {

  private record Remembered(String fingerprint, Reply reply, Instant at) {}

  private final Map<String, Remembered> entries;
  private final Clock clock;
  private final Duration ttl;

  Idempotency(int capacity, Duration ttl, Clock clock) {
    this.clock = clock;
    this.ttl = ttl;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The remembered answer, or empty; a key reused for another request is a problem. */
  synchronized Optional<Reply> replay(String key, String fingerprint) {
    Remembered entry = entries.get(key);
    if (entry == null || entry.at().plus(ttl).isBefore(clock.instant())) {
      entries.remove(key);
      return Optional.empty();
    }
    if (!entry.fingerprint().equals(fingerprint)) {
      throw new Problems.Failure(Problems.problem(422, "idempotency-key-reused",
          "Idempotency key reused", "this Idempotency-Key was used for a different request",
          "Idempotency-Key"));
    }
    return Optional.of(entry.reply().withHeader("Idempotent-Replayed", "true"));
  }

  synchronized void remember(String key, String fingerprint, Reply reply) {
    entries.put(key, new Remembered(fingerprint, withoutSecrets(reply), clock.instant()));
  }

  private static Reply withoutSecrets(Reply reply) {
    if (!reply.contentType().equals("application/json")) {
      return reply;
    }
    JsonNode body = Reply.JSON.readTree(reply.body());
    if (body instanceof ObjectNode object
        && (object.has("secret") || object.has("token"))) {
      object.remove("secret");
      object.remove("token");
      return reply.withBody(Reply.JSON.writeValueAsBytes(object));
    }
    return reply;
  }
}
