package dev.mcpgate.cli.internal;

import dev.mcpgate.core.McpGateway;
import java.util.List;

/** Applies the {@code limits} section to a gateway builder. */
final class Limits {

  private Limits() {}

  /**
   * Applies size and rate limits.
   *
   * @param limits the section
   * @param builder the gateway builder
   * @param warnings where to say what is not enforced
   */
  static void apply(ServeConfig.Limits limits, McpGateway.Builder builder, List<String> warnings) {
    if (limits.size().configured() || limits.rate().configured()) {
      warnings.add("limits: parsed but not enforced by this build (the limits API has not landed)");
    }
  }
}
