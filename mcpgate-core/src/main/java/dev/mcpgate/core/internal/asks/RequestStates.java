package dev.mcpgate.core.internal.asks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.core.internal.Hashing;
import dev.mcpgate.core.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seals and opens the {@code requestState} of input-required results: the answers a client gave
 * so far, bound to the caller, the method, the target (tool, prompt or resource) and a digest of
 * its arguments, with an expiry and a one-time id, under an HMAC-SHA256 tag. The client cannot
 * read a meaning into it, change it, move it to another caller or call, or use it twice on this
 * instance. Thread-safe.
 */
public final class RequestStates {

  /** The longest request state accepted, in characters. */
  public static final int MAX_LENGTH = 64 * 1024;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final byte[] key;
  private final Clock clock;
  private final Duration ttl;
  private final Cache<String, Boolean> used;

  /**
   * A codec.
   *
   * @param key the HMAC key, at least 32 bytes
   * @param clock the clock expiry is measured with
   * @param ttl how long a state stays valid
   */
  public RequestStates(byte[] key, Clock clock, Duration ttl) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the request state key must have at least 32 bytes");
    }
    this.key = key.clone();
    this.clock = clock;
    this.ttl = ttl;
    this.used = Caffeine.newBuilder().expireAfterWrite(ttl.plusMinutes(1)).maximumSize(1_000_000)
        .build();
  }

  /** What a state is bound to. */
  public record Binding(String caller, String method, String target, String arguments) {

    /**
     * The binding of one request.
     *
     * @param caller who sends it
     * @param method the method
     * @param target the tool or prompt name, or the resource URI
     * @param arguments the request's arguments
     * @return the binding
     */
    public static Binding of(CallerContext caller, String method, String target, JsonNode arguments) {
      String who = String.join("\u0000", caller.authMethod(), String.valueOf(caller.subject()),
          String.valueOf(caller.clientId()), String.valueOf(caller.agent()),
          String.valueOf(caller.workload()), String.valueOf(caller.tenant()),
          String.valueOf(caller.environment()));
      return new Binding(digest(who), method, target,
          digest(Json.MAPPER.writeValueAsString(canonical(arguments))));
    }

    /** The same value with every object's members in key order, so equal JSON digests alike. */
    private static JsonNode canonical(JsonNode node) {
      if (node instanceof ObjectNode object) {
        ObjectNode sorted = Json.MAPPER.createObjectNode();
        object.propertyNames().stream().sorted()
            .forEach(name -> sorted.set(name, canonical(object.get(name))));
        return sorted;
      }
      if (node.isArray()) {
        tools.jackson.databind.node.ArrayNode array = Json.MAPPER.createArrayNode();
        node.forEach(item -> array.add(canonical(item)));
        return array;
      }
      return node;
    }

    private static String digest(String text) {
      return HexFormat.of().formatHex(Hashing.sha256(text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** The outcome of opening a state: its answers, or why it was refused. */
  public sealed interface Opened {
    /** A valid state. @param answers the answers it carries */
    record Valid(ObjectNode answers) implements Opened {}

    /** A refused state. @param reason why, safe to tell the client */
    record Refused(String reason) implements Opened {}
  }

  /**
   * Seals answers for one request.
   *
   * @param binding what the state is bound to
   * @param answers the answers so far, by key
   * @return the opaque state
   */
  public String seal(Binding binding, ObjectNode answers) {
    ObjectNode payload = Json.MAPPER.createObjectNode();
    payload.put("v", 1);
    payload.put("c", binding.caller());
    payload.put("m", binding.method());
    payload.put("t", binding.target());
    payload.put("d", binding.arguments());
    payload.put("e", clock.millis() + ttl.toMillis());
    ThreadLocalRandom random = ThreadLocalRandom.current();
    payload.put("i", Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
    payload.set("a", answers);
    byte[] body = Json.MAPPER.writeValueAsBytes(payload);
    String encoded = ENCODER.encodeToString(body);
    return encoded + "." + ENCODER.encodeToString(tag(encoded));
  }

  /**
   * Opens a state the client sent back, and marks it used.
   *
   * @param state the state
   * @param binding what the request it came with is bound to
   * @return its answers, or why it is refused
   */
  public Opened open(String state, Binding binding) {
    if (state.length() > MAX_LENGTH) {
      return new Opened.Refused("requestState is longer than " + MAX_LENGTH + " characters");
    }
    int dot = state.indexOf('.');
    if (dot <= 0 || dot != state.lastIndexOf('.')) {
      return new Opened.Refused("requestState is not one this server issued");
    }
    String encoded = state.substring(0, dot);
    byte[] presented = decode(state.substring(dot + 1));
    if (presented == null || !MessageDigest.isEqual(presented, tag(encoded))) {
      return new Opened.Refused("requestState failed its integrity check");
    }
    byte[] body = decode(encoded);
    JsonNode payload;
    try {
      payload = body == null ? null : Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      payload = null;
    }
    if (!(payload instanceof ObjectNode object) || !(object.get("a") instanceof ObjectNode answers)) {
      return new Opened.Refused("requestState is not one this server issued");
    }
    if (object.path("e").asLong(0) < clock.millis()) {
      return new Opened.Refused("requestState has expired; retry the request without it");
    }
    if (!binding.caller().equals(object.path("c").asString(""))
        || !binding.method().equals(object.path("m").asString(""))
        || !binding.target().equals(object.path("t").asString(""))
        || !binding.arguments().equals(object.path("d").asString(""))) {
      return new Opened.Refused("requestState belongs to another request");
    }
    String id = object.path("i").asString("");
    if (used.asMap().putIfAbsent(id, Boolean.TRUE) != null) {
      return new Opened.Refused("requestState was already used; retry the request without it");
    }
    return new Opened.Valid(answers);
  }

  private byte[] tag(String encoded) {
    return Hashing.hmac("HmacSHA256", key, encoded);
  }

  private static byte @Nullable [] decode(String text) {
    try {
      return DECODER.decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
