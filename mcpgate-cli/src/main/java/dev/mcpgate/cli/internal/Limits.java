package dev.mcpgate.cli.internal;

import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.limits.RateLimiter;
import dev.mcpgate.core.limits.RateLimits;
import dev.mcpgate.core.limits.SizeLimits;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Applies the {@code limits} section to a gateway builder; with a store, the rate limits are the
 * store's, where the file baseline mirrors {@code limits.rate}.
 */
final class Limits {

  private Limits() {}

  /**
   * Applies size and rate limits; keys left out keep the library's defaults.
   *
   * @param limits the section
   * @param builder the gateway builder
   * @param problems where a value the limits refuse is reported, with its path
   * @param live the store's live part, whose rate limits (the file's {@code limits.rate} among
   *     them, mirrored) replace the file's; or null
   */
  static void apply(ServeConfig.Limits limits, McpGateway.Builder builder, List<String> problems,
      @Nullable LiveState live) {
    ServeConfig.Size size = limits.size();
    if (size.configured()) {
      SizeLimits.Builder sizes = SizeLimits.builder();
      if (size.maxArgumentBytes() != null) {
        sizes.maxArgumentBytes(size.maxArgumentBytes());
      }
      if (size.maxStringLength() != null) {
        sizes.maxStringLength(Math.toIntExact(size.maxStringLength()));
      }
      if (size.maxArrayItems() != null) {
        sizes.maxArrayItems(Math.toIntExact(size.maxArrayItems()));
      }
      if (size.maxDepth() != null) {
        sizes.maxDepth(Math.toIntExact(size.maxDepth()));
      }
      if (size.maxProperties() != null) {
        sizes.maxProperties(Math.toIntExact(size.maxProperties()));
      }
      try {
        builder.sizeLimits(sizes.build());
      } catch (IllegalArgumentException e) {
        problems.add("limits.size: " + e.getMessage());
      }
    }
    ServeConfig.Rate rate = limits.rate();
    RateLimiter file = null;
    if (rate.configured()) {
      RateLimits.Builder rates = RateLimits.builder();
      ServeConfig.Quota perClient = rate.perClient();
      if (perClient != null) {
        rates.perClient(perClient.capacity(), perClient.period());
      }
      rate.perTool().forEach((tool, quota) ->
          rates.perTool(tool, quota.capacity(), quota.period()));
      try {
        file = rates.build();
      } catch (IllegalArgumentException e) {
        problems.add("limits.rate: " + e.getMessage());
      }
    }
    if (live != null) {
      // The file's limits were checked above (a bad one stops serve) and mirrored into the store
      // by the file baseline: the store's limits, the file's among them, are the only ones asked.
      builder.rateLimiter(live.rateLimiter());
    } else if (file != null) {
      builder.rateLimiter(file);
    }
  }
}
