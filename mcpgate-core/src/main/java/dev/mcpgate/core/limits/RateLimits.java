package dev.mcpgate.core.limits;

import dev.mcpgate.api.BucketStore;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.Consumption;
import dev.mcpgate.api.Quota;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Token-bucket rate limits per client and, optionally, per tool, kept in a {@link BucketStore}.
 *
 * <p>A caller is its client id, else its subject, else {@code anonymous}, together with its
 * environment: {@code partner-a} in {@code sandbox} and {@code partner-a} in {@code production}
 * have separate buckets. {@link Builder#perClient(long, Duration)} gives every caller one bucket
 * for all its calls; {@link Builder#perTool(String, long, Duration)} adds, for one tool, a bucket
 * per caller and that tool. A call must get a token from every bucket that applies. The client
 * bucket is asked first; when the tool bucket then refuses, the client's token is {@link
 * BucketStore#refund(String, Quota) given back}, so a refused call costs no caller anything. In
 * between, a concurrent call of the same caller may see the client bucket one token short: limits
 * err on the side of refusing, never of exceeding.
 *
 * <p>Immutable and thread-safe, given a thread-safe store.
 */
public final class RateLimits implements RateLimiter {

  private static final String HEX = "0123456789ABCDEF";

  private final @Nullable Quota perClient;
  private final Map<String, Quota> perTool;
  private final BucketStore store;

  private RateLimits(@Nullable Quota perClient, Map<String, Quota> perTool, BucketStore store) {
    this.perClient = perClient;
    this.perTool = Map.copyOf(perTool);
    this.store = store;
  }

  /**
   * A builder with no limits and a {@link BucketStores#inMemory() bounded in-memory store}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The limit of every caller over all tools.
   *
   * @return the quota, if one is set
   */
  public Optional<Quota> perClient() {
    return Optional.ofNullable(perClient);
  }

  /**
   * The limits of single tools, per caller.
   *
   * @return the quota by tool name; unmodifiable
   */
  public Map<String, Quota> perTool() {
    return perTool;
  }

  /**
   * Where the buckets live; pass it to the builder of the limits that replace these.
   *
   * @return the store
   */
  public BucketStore store() {
    return store;
  }

  @Override
  public RateLimitDecision acquire(CallerContext caller, ToolDefinition tool) {
    Quota toolQuota = perTool.get(tool.name());
    if (perClient == null && toolQuota == null) {
      return Unlimited.INSTANCE.acquire(caller, tool);
    }
    String callerKey = callerKey(caller);
    long remaining = Long.MAX_VALUE;
    if (perClient != null) {
      Consumption client = store.tryConsume(callerKey, perClient);
      if (!client.consumed()) {
        return new RateLimitDecision.Limited(client.retryAfter(), callerKey + ": " + perClient);
      }
      remaining = client.remaining();
    }
    if (toolQuota != null) {
      String toolKey = callerKey + " tool " + tool.name();
      Consumption call = store.tryConsume(toolKey, toolQuota);
      if (!call.consumed()) {
        if (perClient != null) {
          store.refund(callerKey, perClient);
        }
        return new RateLimitDecision.Limited(call.retryAfter(), toolKey + ": " + toolQuota);
      }
      remaining = Math.min(remaining, call.remaining());
    }
    return new RateLimitDecision.Allowed(remaining);
  }

  /**
   * The caller's part of a bucket key, readable in a {@link RateLimitDecision.Limited#limit()}:
   * {@code client ID}, {@code subject ID} or {@code anonymous}, then {@code /ENVIRONMENT} if there
   * is one. Ids and environments are escaped so that keys of different callers never collide.
   * Public so that other limiters that count per caller (the control plane's per-caller limits)
   * count exactly the same callers apart.
   *
   * @param caller the caller
   * @return the key, the same for every call of one caller
   */
  public static String callerKey(CallerContext caller) {
    String clientId = caller.clientId();
    String subject = caller.subject();
    String key;
    if (clientId != null && !clientId.isEmpty()) {
      key = "client " + escape(clientId);
    } else if (subject != null && !subject.isEmpty()) {
      key = "subject " + escape(subject);
    } else {
      key = "anonymous";
    }
    String environment = caller.environment();
    return environment == null || environment.isEmpty() ? key : key + "/" + escape(environment);
  }

  /** Percent-encodes the characters that structure a key, and control characters. */
  private static String escape(String part) {
    int i = 0;
    while (i < part.length() && !special(part.charAt(i))) {
      i++;
    }
    if (i == part.length()) {
      return part;
    }
    StringBuilder escaped = new StringBuilder(part.length() + 8).append(part, 0, i);
    for (; i < part.length(); i++) {
      char c = part.charAt(i);
      if (special(c)) {
        escaped.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static boolean special(char c) {
    return c == '%' || c == '/' || c == ' ' || c < 0x20 || c == 0x7f;
  }

  /** Names the limits and the store. */
  @Override
  public String toString() {
    return "RateLimits[perClient=" + perClient + ", perTool=" + perTool + ", store=" + store + "]";
  }

  /** Builds {@link RateLimits}. Not thread-safe. */
  public static final class Builder {
    private long clientCapacity;
    private @Nullable Duration clientPeriod;
    private final List<ToolLimit> toolLimits = new ArrayList<>();
    private @Nullable BucketStore store;
    private Ticker ticker = Ticker.system();

    private Builder() {}

    /**
     * Limits every caller (client and environment) to {@code capacity} calls per {@code period}
     * over all tools, with bursts up to {@code capacity}. Replaces an earlier per-client limit.
     *
     * @param capacity the most calls in a burst, at least 1
     * @param period how long a full refill takes; positive, at most {@link Quota#MAX_PERIOD}
     * @return this builder
     */
    public Builder perClient(long capacity, Duration period) {
      this.clientCapacity = capacity;
      this.clientPeriod = Objects.requireNonNull(period, "period");
      return this;
    }

    /**
     * Limits every caller to {@code capacity} calls of one tool per {@code period}, in addition
     * to the per-client limit.
     *
     * @param toolName the tool's name
     * @param capacity the most calls in a burst, at least 1
     * @param period how long a full refill takes; positive, at most {@link Quota#MAX_PERIOD}
     * @return this builder
     */
    public Builder perTool(String toolName, long capacity, Duration period) {
      toolLimits.add(
          new ToolLimit(
              Objects.requireNonNull(toolName, "toolName"),
              capacity,
              Objects.requireNonNull(period, "period")));
      return this;
    }

    /**
     * Sets where buckets live; defaults to a new {@link BucketStores#inMemory()} per limiter.
     * When the limits are rebuilt after a configuration change, pass the old limiter's store so
     * that callers keep their buckets rather than starting full.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(BucketStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets the ticker that times refills in the default in-memory store; defaults to {@link
     * Ticker#system()}. For tests, which step time instead of sleeping. A store set with {@link
     * #store} keeps its own time.
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Builds the limits. With no limit set, every call is allowed.
     *
     * @return the limits
     * @throws IllegalArgumentException if a capacity is below 1 or above one per nanosecond of
     *     its period, a period is not positive or longer than {@link Quota#MAX_PERIOD}, a tool
     *     name is blank, or a tool is limited twice
     */
    public RateLimits build() {
      Quota client = clientPeriod == null ? null : quota("perClient", clientCapacity, clientPeriod);
      Map<String, Quota> tools = new HashMap<>();
      for (ToolLimit limit : toolLimits) {
        if (limit.toolName.isBlank()) {
          throw new IllegalArgumentException("perTool needs a tool name, was blank");
        }
        String what = "perTool(" + limit.toolName + ")";
        if (tools.put(limit.toolName, quota(what, limit.capacity, limit.period)) != null) {
          throw new IllegalArgumentException(what + " is given twice; give each tool one limit");
        }
      }
      return new RateLimits(client, tools, store == null
          ? BucketStores.inMemory(BucketStores.DEFAULT_MAXIMUM_SIZE, ticker) : store);
    }

    private static Quota quota(String what, long capacity, Duration period) {
      if (capacity < 1) {
        throw new IllegalArgumentException(
            what + ": capacity must be at least 1 call, was " + capacity);
      }
      if (period.isNegative() || period.isZero() || period.compareTo(Quota.MAX_PERIOD) > 0) {
        throw new IllegalArgumentException(
            what + ": period must be positive and at most 366 days, was " + period);
      }
      try {
        return new Quota(capacity, period);
      } catch (IllegalArgumentException tooFast) {
        throw new IllegalArgumentException(what + ": " + tooFast.getMessage(), tooFast);
      }
    }

    private record ToolLimit(String toolName, long capacity, Duration period) {}
  }
}
