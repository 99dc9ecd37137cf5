package dev.mcpgate.admin.mcp.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plan tokens: what a change tool hands back and {@code apply} takes. A token is the plan itself
 * (its id, the operator, the tool, the exact arguments, the base revision, whether a human must
 * confirm, when it expires), base64url-encoded and signed with HMAC-SHA256, so that none of it
 * can be changed; {@link #check} reads it for the operator it names, before it expires, and
 * {@link #spend} accepts it once. The two are apart because {@code apply} may ask a human in
 * between, and on 2026-07-28 a question ends the run: the token is spent by the run that gets the
 * answer, not by the one that asks.
 * The token is not a bearer credential: it is worth nothing to anyone but its operator. Redeemed
 * ids are remembered until they expire, in this process; a token replayed on another replica
 * sharing the store fails there on its base revision, which the first apply moved. Thread-safe.
 */
final class Plans {

  static final String PREFIX = "mgp_";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One plan.
   *
   * @param id its id
   * @param operator the operator who made it
   * @param tool the change tool
   * @param arguments the exact arguments, without the plan's own
   * @param base the control plane's revision it was made at
   * @param confirm whether a human must confirm it
   * @param summary what would change, for people
   * @param expires when it stops being valid
   */
  record Plan(String id, String operator, String tool, ObjectNode arguments, long base,
      boolean confirm, String summary, Instant expires) {
    Plan {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(tool, "tool");
      arguments = arguments.deepCopy();
      Objects.requireNonNull(summary, "summary");
      Objects.requireNonNull(expires, "expires");
    }

    @Override
    public ObjectNode arguments() {
      return arguments.deepCopy();
    }
  }

  /** What {@link #check} found. */
  sealed interface Redemption {}

  /** A plan the caller may apply, not spent yet. */
  record Valid(Plan plan) implements Redemption {}

  /** A token that does not apply, and why (for the agent). */
  record Refused(String reason) implements Redemption {}

  /** The refusal of a spent plan. */
  static final Refused ALREADY_APPLIED = new Refused(
      "this plan was already applied (a plan token is valid once); plan again");

  private final SecretKeySpec key;
  private final Clock clock;
  private final Duration ttl;
  private final ConcurrentHashMap<String, Instant> spent = new ConcurrentHashMap<>();

  Plans(byte[] key, Clock clock, Duration ttl) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.clock = clock;
    this.ttl = ttl;
  }

  /** A new plan, valid from now for the time to live. */
  Plan plan(String operator, String tool, ObjectNode arguments, long base, boolean confirm,
      String summary) {
    byte[] id = new byte[12];
    RANDOM.nextBytes(id);
    return new Plan("plan-" + B64.encodeToString(id), operator, tool, arguments, base, confirm,
        summary, clock.instant().plus(ttl));
  }

  /** The signed token of a plan. */
  String token(Plan plan) {
    ObjectNode payload = ManagementCatalog.JSON.createObjectNode();
    payload.put("v", 1);
    payload.put("id", plan.id());
    payload.put("op", plan.operator());
    payload.put("tool", plan.tool());
    payload.set("args", plan.arguments());
    payload.put("base", plan.base());
    payload.put("confirm", plan.confirm());
    payload.put("summary", plan.summary());
    payload.put("exp", plan.expires().getEpochSecond());
    String body = B64.encodeToString(ManagementCatalog.JSON.writeValueAsBytes(payload));
    return PREFIX + body + "." + B64.encodeToString(mac(body));
  }

  /**
   * Checks a token for an operator without spending it.
   *
   * @param token the token as the agent passed it
   * @param operator the operator calling {@code apply}
   * @return the plan, or why it does not apply
   */
  Redemption check(String token, String operator) {
    if (!token.startsWith(PREFIX) || token.indexOf('.') < 0) {
      return new Refused("not a plan token: pass the planToken a change tool returned");
    }
    String rest = token.substring(PREFIX.length());
    int dot = rest.lastIndexOf('.');
    String body = rest.substring(0, dot);
    byte[] presented;
    try {
      presented = B64D.decode(rest.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return new Refused("not a valid plan token");
    }
    if (!MessageDigest.isEqual(mac(body), presented)) {
      // Any change to the plan (its arguments, operator, base revision) lands here.
      return new Refused("not a valid plan token: it was changed or not issued by this server; "
          + "plan again");
    }
    Plan plan;
    try {
      JsonNode payload = ManagementCatalog.JSON.readTree(B64D.decode(body));
      plan = new Plan(payload.path("id").asString(), payload.path("op").asString(),
          payload.path("tool").asString(), (ObjectNode) payload.get("args"),
          payload.path("base").asLong(), payload.path("confirm").asBoolean(),
          payload.path("summary").asString(),
          Instant.ofEpochSecond(payload.path("exp").asLong()));
    } catch (JacksonException | IllegalArgumentException | ClassCastException
        | NullPointerException e) {
      return new Refused("not a valid plan token");
    }
    if (!plan.operator().equals(operator)) {
      return new Refused("this plan was made by another operator; only they can apply it");
    }
    Instant now = clock.instant();
    if (!plan.expires().isAfter(now)) {
      return new Refused("this plan expired at " + plan.expires() + "; plan again");
    }
    spent.values().removeIf(expires -> !expires.isAfter(now));
    if (spent.containsKey(plan.id())) {
      return ALREADY_APPLIED;
    }
    return new Valid(plan);
  }

  /**
   * Whether a plan has expired by now, such as while a human was being asked.
   *
   * @param plan a plan
   * @return true once its expiry has passed
   */
  boolean expired(Plan plan) {
    return !plan.expires().isAfter(clock.instant());
  }

  /**
   * Spends a checked plan: true the first time only, whoever calls.
   *
   * @param plan a plan {@link #check} found valid
   * @return whether this call spent it
   */
  boolean spend(Plan plan) {
    return spent.putIfAbsent(plan.id(), plan.expires()) == null;
  }

  private byte[] mac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(("mcpgate-plan." + body).getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
