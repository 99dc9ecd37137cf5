package dev.mcpgate.control;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One imported version of a source's description; never changes once created. Its bytes are
 * kept in the store under their SHA-256 ({@link ControlPlane#description}). Immutable and
 * thread-safe.
 *
 * @param meta id {@code SOURCE@NUMBER}, revision 1, owner, history
 * @param sourceId the source it belongs to
 * @param number 1 for the first import, one more for each
 * @param sha256 the lowercase hex SHA-256 of the description's bytes
 * @param size the description's size in bytes
 * @param location where the description was read from (a path, a URL, or a label for bytes)
 * @param summary what the import produced
 * @param settings how the description was imported (its base URL, tool prefix, operations,
 *     parameter settings, output schemas, binding): frozen with the bytes, since they change the
 *     tools as much as the bytes do (see {@link ImportSettings}); a revision stored before
 *     settings existed reads as {@link ImportSettings#defaults()}
 */
public record SourceRevision(
    ObjectMeta meta,
    String sourceId,
    int number,
    String sha256,
    long size,
    String location,
    ImportSummary summary,
    ImportSettings settings) implements ControlObject {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** Validates the fields. */
  public SourceRevision {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(summary, "summary");
    settings = settings == null ? ImportSettings.defaults() : settings;
    if (number < 1) {
      throw new IllegalArgumentException("a revision number starts at 1");
    }
    if (!meta.id().equals(idOf(sourceId, number))) {
      throw new IllegalArgumentException("a revision's id is SOURCE@NUMBER: " + meta.id());
    }
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative");
    }
  }

  /**
   * A revision imported with the default settings.
   *
   * @param meta id {@code SOURCE@NUMBER}, revision 1, owner, history
   * @param sourceId the source it belongs to
   * @param number 1 for the first import, one more for each
   * @param sha256 the lowercase hex SHA-256 of the description's bytes
   * @param size the description's size in bytes
   * @param location where the description was read from
   * @param summary what the import produced
   */
  public SourceRevision(ObjectMeta meta, String sourceId, int number, String sha256, long size,
      String location, ImportSummary summary) {
    this(meta, sourceId, number, sha256, size, location, summary, ImportSettings.defaults());
  }

  /**
   * The id of a source's revision (and of its review).
   *
   * @param sourceId the source
   * @param number the revision number
   * @return {@code SOURCE@NUMBER}
   */
  public static String idOf(String sourceId, int number) {
    return sourceId + "@" + number;
  }
}
