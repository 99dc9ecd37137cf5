package dev.mcpgate.admin;

import dev.mcpgate.control.Actor;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single-use, short-lived tokens that let a surface running in the same process (the Management
 * MCP endpoint) call the admin API in-process as an operator it has already authenticated, with
 * the actor's own surface ({@code mcp}) recorded in the change log.
 *
 * <p>A grant is a random 256-bit token ({@value #PREFIX}...) bound to one {@link Actor}. The admin
 * API accepts it only on an in-process dispatch ({@code DispatcherType.FORWARD}), never on a
 * request from the network, redeems it once and forgets it; one not redeemed expires after
 * {@link #TTL}. Each {@link AdminApiConfig} has its own grants, so the Management MCP endpoint and
 * the admin API servlet must be built from the same configuration. Thread-safe.
 */
public final class OperatorGrants {

  /** How a grant token begins. */
  public static final String PREFIX = "mgd_";

  /** How long an unredeemed grant stays valid. */
  public static final Duration TTL = Duration.ofSeconds(60);

  private static final int MAX_OUTSTANDING = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Grant(Actor actor, Instant expires) {}

  private final Clock clock;
  private final ConcurrentHashMap<String, Grant> grants = new ConcurrentHashMap<>();

  OperatorGrants(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Issues a grant for one in-process call.
   *
   * @param actor the operator the call acts as, with the surface it came through
   * @return the token, to send as {@code Authorization: Bearer} on the in-process request
   * @throws IllegalStateException if too many grants are outstanding (a bug in the caller)
   */
  public String issue(Actor actor) {
    Objects.requireNonNull(actor, "actor");
    Instant now = clock.instant();
    if (grants.size() >= MAX_OUTSTANDING) {
      grants.values().removeIf(grant -> !grant.expires().isAfter(now));
      if (grants.size() >= MAX_OUTSTANDING) {
        throw new IllegalStateException("too many in-process operator grants outstanding");
      }
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    grants.put(token, new Grant(actor, now.plus(TTL)));
    return token;
  }

  /**
   * Redeems a grant: the actor it was issued for, once.
   *
   * @param token the token as presented
   * @return the actor, or empty when the token is unknown, already redeemed or expired
   */
  public Optional<Actor> redeem(String token) {
    Grant grant = grants.remove(Objects.requireNonNull(token, "token"));
    if (grant == null || !grant.expires().isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(grant.actor());
  }
}
