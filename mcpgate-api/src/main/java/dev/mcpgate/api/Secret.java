package dev.mcpgate.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An upstream credential value, resolved for one call and handed to the auth injector that
 * adds it to the upstream request.
 *
 * <p>The value is reachable only through {@link #reveal()} and {@link #reveal(String)}, which
 * exist for auth injectors alone. {@link #toString()} never shows it, and the type offers no
 * getter a serializer or logger would pick up by convention. A secret is either a single value
 * ({@link #of(String)}) or a set of named parts ({@link #ofParts(Map)}, for example
 * {@code username} and {@code password}).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Secret {

  private static final String SINGLE = "";

  private final Map<String, byte[]> parts;
  private final @Nullable Instant expiresAt;

  private Secret(Map<String, byte[]> parts, @Nullable Instant expiresAt) {
    this.parts = parts;
    this.expiresAt = expiresAt;
  }

  /**
   * A secret with one value.
   *
   * @param value the credential value; not empty
   * @return the secret
   * @throws IllegalArgumentException if {@code value} is empty
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a secret value must not be empty");
    }
    return new Secret(Map.of(SINGLE, value.getBytes(StandardCharsets.UTF_8)), null);
  }

  /**
   * A secret made of named parts, such as {@code username} and {@code password} for basic auth
   * or {@code accessKeyId} and {@code secretAccessKey} for AWS request signing.
   *
   * @param parts part names to values; at least one; names and values not empty
   * @return the secret
   * @throws IllegalArgumentException if {@code parts} is empty or holds an empty name or value
   */
  public static Secret ofParts(Map<String, String> parts) {
    Objects.requireNonNull(parts, "parts");
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a secret needs at least one part");
    }
    Map<String, byte[]> copy = new LinkedHashMap<>();
    parts.forEach(
        (name, value) -> {
          if (name.isEmpty() || value.isEmpty()) {
            throw new IllegalArgumentException("secret part names and values must not be empty");
          }
          copy.put(name, value.getBytes(StandardCharsets.UTF_8));
        });
    return new Secret(Collections.unmodifiableMap(copy), null);
  }

  /**
   * This secret with an expiry, after which a resolver treats it as stale (an OAuth2 access
   * token, a session cookie).
   *
   * @param instant when the secret stops being valid
   * @return a copy of this secret that expires at {@code instant}
   */
  public Secret expiringAt(Instant instant) {
    return new Secret(parts, Objects.requireNonNull(instant, "instant"));
  }

  /**
   * The single value of this secret. For auth injectors only: never log, return or store it.
   *
   * @return the value
   * @throws IllegalStateException if this secret is made of named parts
   */
  public String reveal() {
    byte[] value = parts.get(SINGLE);
    if (value == null) {
      throw new IllegalStateException("this secret has named parts " + partNames());
    }
    return new String(value, StandardCharsets.UTF_8);
  }

  /**
   * One named part of this secret. For auth injectors only: never log, return or store it.
   *
   * @param part the part's name
   * @return the part's value
   * @throws IllegalArgumentException if the secret has no such part (the message names the
   *     parts that exist, never a value)
   */
  public String reveal(String part) {
    byte[] value = parts.get(part);
    if (value == null || SINGLE.equals(part)) {
      throw new IllegalArgumentException(
          "secret has no part '" + part + "'; it has " + partNames());
    }
    return new String(value, StandardCharsets.UTF_8);
  }

  /**
   * The names of this secret's parts; empty for a single-valued secret.
   *
   * @return part names, in the order given
   */
  public Set<String> partNames() {
    return parts.containsKey(SINGLE) ? Set.of() : parts.keySet();
  }

  /**
   * When this secret expires, if it does.
   *
   * @return the expiry, or {@code null} when the secret does not expire
   */
  public @Nullable Instant expiresAt() {
    return expiresAt;
  }

  /**
   * Whether this secret has expired at the given instant.
   *
   * @param now the current time
   * @return true if an expiry is set and is not after {@code now}
   */
  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }

  /** Compares values in constant time; two secrets are equal when every part is. */
  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof Secret that) || !parts.keySet().equals(that.parts.keySet())) {
      return false;
    }
    boolean equal = true;
    for (Map.Entry<String, byte[]> entry : parts.entrySet()) {
      equal &= MessageDigest.isEqual(entry.getValue(), that.parts.get(entry.getKey()));
    }
    return equal && Objects.equals(expiresAt, that.expiresAt);
  }

  /** A hash of the part names only, so the value cannot be probed through it. */
  @Override
  public int hashCode() {
    return parts.keySet().hashCode();
  }

  /** Never shows the value: {@code Secret[***]} or {@code Secret[username=***, ...]}. */
  @Override
  public String toString() {
    if (parts.containsKey(SINGLE)) {
      return "Secret[***]";
    }
    StringBuilder text = new StringBuilder("Secret[");
    String separator = "";
    for (String name : parts.keySet()) {
      text.append(separator).append(name).append("=***");
      separator = ", ";
    }
    return text.append(']').toString();
  }
}
