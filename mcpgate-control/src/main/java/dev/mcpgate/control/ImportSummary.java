package dev.mcpgate.control;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What importing a revision's description gave: the format, what the document says about
 * itself, and how many tools and warnings came out. Immutable and thread-safe.
 *
 * @param format {@code openapi}, {@code swagger} or {@code postman}
 * @param formatVersion the format's version as declared
 * @param title the API's title, or null
 * @param apiVersion the API's own version, or null
 * @param servers the base URLs declared
 * @param tools how many tools the import produced
 * @param warnings how many warnings it gave
 */
public record ImportSummary(
    String format,
    String formatVersion,
    @Nullable String title,
    @Nullable String apiVersion,
    List<String> servers,
    int tools,
    int warnings) {

  /** Validates and copies the fields. */
  public ImportSummary {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(formatVersion, "formatVersion");
    servers = List.copyOf(servers);
    if (tools < 0 || warnings < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}
