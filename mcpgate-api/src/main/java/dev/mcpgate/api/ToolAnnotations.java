package dev.mcpgate.api;

import org.jspecify.annotations.Nullable;

/**
 * Hints about a tool's behaviour, as MCP's {@code ToolAnnotations}. They are hints for
 * clients, never a security control: policy decides what a caller may do.
 *
 * @param readOnly the tool does not change its environment
 * @param destructive the tool may destroy or overwrite data
 * @param idempotent calling it again with the same arguments has no further effect
 * @param openWorld the tool reaches entities outside a closed domain
 */
public record ToolAnnotations(
    @Nullable Boolean readOnly,
    @Nullable Boolean destructive,
    @Nullable Boolean idempotent,
    @Nullable Boolean openWorld) {

  private static final ToolAnnotations NONE = new ToolAnnotations(null, null, null, null);

  /**
   * Annotations that say nothing.
   *
   * @return annotations with every hint unset
   */
  public static ToolAnnotations none() {
    return NONE;
  }

  /**
   * Whether every hint is unset.
   *
   * @return true if nothing would be advertised
   */
  public boolean isEmpty() {
    return readOnly == null && destructive == null && idempotent == null && openWorld == null;
  }
}
