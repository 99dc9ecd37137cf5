package dev.mcpgate.cli.internal;

import dev.mcpgate.api.BucketStore;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.Consumption;
import dev.mcpgate.api.Quota;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.control.LimitDefinition;
import dev.mcpgate.core.limits.RateLimitDecision;
import dev.mcpgate.core.limits.RateLimiter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The store's rate limits as the data plane applies them, on top of the file's {@code
 * limits.rate}: a {@code client} limit counts the client's calls over all its profiles, a
 * {@code profile} limit ({@code CLIENT/PROFILE}) the calls made with that profile's keys (the
 * caller's {@linkplain CallerContext#environment() environment}), and a {@code tool} limit the
 * calls of one tool by all callers together. A call takes a token from every bucket that applies,
 * the store's first, then the file's limiter; when one refuses, the tokens already taken are
 * {@linkplain BucketStore#refund given back}, so a refused call costs nothing.
 *
 * <p>A bucket's key names the limit and its quota, so a limit whose capacity or period changed
 * starts full and a removed limit's buckets are never asked again. The buckets live in the
 * store handed in, shared by the successive instances one per snapshot. Immutable and
 * thread-safe.
 */
final class StoreLimits {

  /** One limit: its bucket's key, its quota and how a refusal names it. */
  private record Bucket(String key, Quota quota, String name) {}

  private final List<LimitDefinition> definitions;
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
      Map<String, List<Bucket>> index = switch (limit.scope()) {
        case CLIENT -> byClient;
        case PROFILE -> byProfile;
        case TOOL -> byTool;
      };
      index.computeIfAbsent(limit.target(), k -> new ArrayList<>()).add(bucket);
    }
  }

  /** The definitions these limits were built from. */
  List<LimitDefinition> definitions() {
    return definitions;
  }

  /**
   * Takes a call from every store limit that applies, then from {@code file}.
   *
   * @param caller who calls
   * @param tool what is called
   * @param file the file's limiter, asked last
   * @return the first refusal, or the call allowed with the least remaining
   */
  RateLimitDecision acquire(CallerContext caller, ToolDefinition tool, RateLimiter file) {
    if (definitions.isEmpty()) {
      return file.acquire(caller, tool);
    }
    List<Bucket> applying = new ArrayList<>(2);
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
        refund(taken);
        return new RateLimitDecision.Limited(consumption.retryAfter(), bucket.name());
      }
      taken.add(bucket);
      remaining = Math.min(remaining, consumption.remaining());
    }
    RateLimitDecision decision = file.acquire(caller, tool);
    if (decision instanceof RateLimitDecision.Allowed allowed) {
      return new RateLimitDecision.Allowed(Math.min(remaining, allowed.remaining()));
    }
    refund(taken);
    return decision;
  }

  private static void add(List<Bucket> applying, @Nullable List<Bucket> buckets) {
    if (buckets != null) {
      applying.addAll(buckets);
    }
  }

  private void refund(List<Bucket> taken) {
    taken.forEach(bucket -> store.refund(bucket.key(), bucket.quota()));
  }
}
