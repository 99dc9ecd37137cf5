package dev.mcpgate.cli.internal;

import dev.mcpgate.api.BucketStore;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.Consumption;
import dev.mcpgate.api.Quota;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.control.LimitDefinition;
import dev.mcpgate.core.limits.RateLimitDecision;
import dev.mcpgate.core.limits.RateLimiter;
import dev.mcpgate.core.limits.RateLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The store's rate limits as the data plane applies them, the file's {@code limits.rate}
 * included (mirrored as per-caller limits). A per-caller limit counts as core's {@link
 * RateLimits} does: an {@code each_caller} limit gives every caller ({@link
 * RateLimits#callerKey(CallerContext)}: client id, else subject, else anonymous, with its
 * environment) one bucket for all its calls, an {@code each_caller_tool} limit a bucket per
 * caller for one tool. A shared limit has one bucket: a {@code client} limit counts the client's
 * calls over all its profiles, a {@code profile} limit ({@code CLIENT/PROFILE}) the calls made
 * with that profile's keys (the caller's {@linkplain CallerContext#environment() environment}),
 * and a {@code tool} limit the calls of one tool by all callers together.
 *
 * <p>A call takes a token from every bucket that applies, in this order: each caller's, each
 * caller's for the tool (as core asks its per-client bucket before its per-tool one), then the
 * shared client, profile and tool buckets; when one refuses, the tokens already taken are
 * {@linkplain BucketStore#refund given back}, so a refused call costs nothing.
 *
 * <p>A bucket's key names the limit and its quota, so a limit whose capacity or period changed
 * starts full and a removed limit's buckets are never asked again. The buckets live in the
 * store handed in, shared by the successive instances one per snapshot. Immutable and
 * thread-safe.
 */
final class StoreLimits implements RateLimiter {

  /** One limit: its bucket's key (a per-caller one's, without the caller), quota and name. */
  private record Bucket(String key, Quota quota, String name) {}

  private final List<LimitDefinition> definitions;
  private final List<Bucket> eachCaller = new ArrayList<>();
  private final Map<String, List<Bucket>> eachCallerByTool = new HashMap<>();
  private final Map<String, List<Bucket>> byClient = new HashMap<>();
  private final Map<String, List<Bucket>> byProfile = new HashMap<>();
  private final Map<String, List<Bucket>> byTool = new HashMap<>();
  private final BucketStore store;

  StoreLimits(List<LimitDefinition> definitions, BucketStore store) {
    this.definitions = List.copyOf(definitions);
    this.store = store;
    for (LimitDefinition limit : this.definitions) {
      Quota quota = limit.quota();
      Bucket bucket = new Bucket("store-limit " + limit.id() + " " + quota.capacity() + "/"
          + quota.period(), quota, "limit " + limit.id() + ": "
          + limit.scope().name().toLowerCase(Locale.ROOT) + " " + limit.target() + ", " + quota);
      if (limit.scope() == LimitDefinition.Scope.EACH_CALLER) {
        eachCaller.add(bucket);
        continue;
      }
      Map<String, List<Bucket>> index = switch (limit.scope()) {
        case CLIENT -> byClient;
        case PROFILE -> byProfile;
        case TOOL -> byTool;
        case EACH_CALLER_TOOL -> eachCallerByTool;
        case EACH_CALLER -> throw new AssertionError("listed above");
      };
      index.computeIfAbsent(limit.target(), k -> new ArrayList<>()).add(bucket);
    }
  }

  /** The definitions these limits were built from. */
  List<LimitDefinition> definitions() {
    return definitions;
  }

  /**
   * Takes a call from every limit that applies.
   *
   * @param caller who calls
   * @param tool what is called
   * @return the first refusal, or the call allowed with the least remaining
   */
  @Override
  public RateLimitDecision acquire(CallerContext caller, ToolDefinition tool) {
    if (definitions.isEmpty()) {
      return new RateLimitDecision.Allowed(Long.MAX_VALUE);
    }
    List<Bucket> applying = new ArrayList<>(2);
    List<Bucket> perTool = eachCallerByTool.get(tool.name());
    if (!eachCaller.isEmpty() || perTool != null) {
      String callerKey = RateLimits.callerKey(caller);
      for (Bucket bucket : eachCaller) {
        applying.add(new Bucket(bucket.key() + " " + callerKey, bucket.quota(),
            bucket.name() + " (" + callerKey + ")"));
      }
      if (perTool != null) {
        for (Bucket bucket : perTool) {
          applying.add(new Bucket(bucket.key() + " " + callerKey, bucket.quota(),
              bucket.name() + " (" + callerKey + ")"));
        }
      }
    }
    String clientId = caller.clientId();
    if (clientId != null) {
      add(applying, byClient.get(clientId));
      if (caller.environment() != null) {
        add(applying, byProfile.get(clientId + "/" + caller.environment()));
      }
    }
    add(applying, byTool.get(tool.name()));
    long remaining = Long.MAX_VALUE;
    List<Bucket> taken = new ArrayList<>(applying.size());
    for (Bucket bucket : applying) {
      Consumption consumption = store.tryConsume(bucket.key(), bucket.quota());
      if (!consumption.consumed()) {
        taken.forEach(given -> store.refund(given.key(), given.quota()));
        return new RateLimitDecision.Limited(consumption.retryAfter(), bucket.name());
      }
      taken.add(bucket);
      remaining = Math.min(remaining, consumption.remaining());
    }
    return new RateLimitDecision.Allowed(remaining);
  }

  private static void add(List<Bucket> applying, @Nullable List<Bucket> buckets) {
    if (buckets != null) {
      applying.addAll(buckets);
    }
  }
}
