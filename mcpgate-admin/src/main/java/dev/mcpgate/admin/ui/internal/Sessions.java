package dev.mcpgate.admin.ui.internal;

import dev.mcpgate.control.Actor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UI's sessions and one-time login links, in memory. A session ends after its idle timeout
 * or its absolute lifetime, whichever comes first; a link works once. Sessions and links are
 * kept by the SHA-256 of their token, so the map never holds a usable token.
 */
final class Sessions {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, Instant> links = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration idle;
  private final Duration max;
  private final Duration linkLifetime;

  Sessions(Clock clock, Duration idle, Duration max, Duration linkLifetime) {
    this.clock = clock;
    this.idle = idle;
    this.max = max;
    this.linkLifetime = linkLifetime;
  }

  static String token() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Starts a session; the token returned is the cookie's value. */
  String start(Actor actor) {
    String token = token();
    Instant now = clock.instant();
    sessions.put(hash(token), new Session(hash(token), actor, token(), now));
    prune(now);
    return token;
  }

  /** The live session a cookie names, touched; empty when unknown or expired. */
  Optional<Session> find(String token) {
    String key = hash(token);
    Session session = sessions.get(key);
    if (session == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (now.isAfter(session.lastSeen().plus(idle)) || now.isAfter(session.created.plus(max))) {
      sessions.remove(key);
      return Optional.empty();
    }
    session.seen(now);
    return Optional.of(session);
  }

  void end(Session session) {
    sessions.remove(session.id);
  }

  String issueLink() {
    String token = token();
    links.put(hash(token), clock.instant().plus(linkLifetime));
    return token;
  }

  /** Spends a login link: true once, for a link issued and not expired. */
  boolean spendLink(String token) {
    Instant expires = links.remove(hash(token));
    return expires != null && !clock.instant().isAfter(expires);
  }

  private void prune(Instant now) {
    sessions.values().removeIf(s -> now.isAfter(s.lastSeen().plus(idle))
        || now.isAfter(s.created.plus(max)));
    links.values().removeIf(now::isAfter);
  }
}
