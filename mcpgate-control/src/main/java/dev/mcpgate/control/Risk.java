package dev.mcpgate.control;

import dev.mcpgate.api.ToolAnnotations;
import java.util.Locale;

/** How much an operation can change, derived from its HTTP method and its annotations. */
public enum Risk {
  /** Reads only: GET, HEAD, OPTIONS, or annotated read-only. */
  READ,
  /** Writes: POST, PUT, PATCH and other methods. */
  WRITE,
  /** Deletes or is annotated destructive. */
  DESTRUCTIVE;

  /**
   * The risk of an operation.
   *
   * @param method the HTTP method
   * @param annotations the tool's annotations; a read-only or destructive hint wins over the
   *     method
   * @return the risk
   */
  public static Risk of(String method, ToolAnnotations annotations) {
    if (Boolean.TRUE.equals(annotations.destructive())) {
      return DESTRUCTIVE;
    }
    if (Boolean.TRUE.equals(annotations.readOnly())) {
      return READ;
    }
    switch (method.toUpperCase(Locale.ROOT)) {
      case "GET", "HEAD", "OPTIONS", "TRACE":
        return READ;
      case "DELETE":
        return DESTRUCTIVE;
      default:
        return WRITE;
    }
  }
}
