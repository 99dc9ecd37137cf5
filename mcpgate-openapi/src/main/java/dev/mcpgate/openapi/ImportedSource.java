package dev.mcpgate.openapi;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What was imported: where the description came from and what it says about itself.
 *
 * @param location the file path or URL read
 * @param format {@code openapi} (3.x), {@code swagger} (2.0) or {@code postman}
 * @param formatVersion the format's version as declared, such as {@code 3.0.3} or {@code 2.1.0}
 * @param title the API's title, or null
 * @param version the API's own version, or null
 * @param servers the base URLs declared, server variables resolved to their defaults
 */
public record ImportedSource(
    String location,
    String format,
    String formatVersion,
    @Nullable String title,
    @Nullable String version,
    List<String> servers) {

  /** Validates and copies the fields. */
  public ImportedSource {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(formatVersion, "formatVersion");
    servers = List.copyOf(servers);
  }
}
