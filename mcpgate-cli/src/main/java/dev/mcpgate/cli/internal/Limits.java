package dev.mcpgate.cli.internal;

import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.limits.RateLimits;
import dev.mcpgate.core.limits.SizeLimits;
import java.util.List;

/** Applies the {@code limits} section to a gateway builder. */
final class Limits {

  private Limits() {}

  /**
   * Applies size and rate limits; keys left out keep the library's defaults.
   *
   * @param limits the section
   * @param builder the gateway builder
   * @param problems where a value the limits refuse is reported, with its path
   */
  static void apply(ServeConfig.Limits limits, McpGateway.Builder builder, List<String> problems) {
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
    if (rate.configured()) {
      RateLimits.Builder rates = RateLimits.builder();
      ServeConfig.Quota perClient = rate.perClient();
      if (perClient != null) {
        rates.perClient(perClient.capacity(), perClient.period());
      }
      rate.perTool().forEach((tool, quota) ->
          rates.perTool(tool, quota.capacity(), quota.period()));
      try {
        builder.rateLimiter(rates.build());
      } catch (IllegalArgumentException e) {
        problems.add("limits.rate: " + e.getMessage());
      }
    }
  }
}
