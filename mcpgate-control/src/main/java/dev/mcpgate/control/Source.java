package dev.mcpgate.control;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An API description under governance. Its content lives in immutable {@link SourceRevision}s;
 * the source says which approved revision is active in which environment. Immutable and
 * thread-safe.
 *
 * @param meta id, revision, owner, history
 * @param title a display title, or null
 * @param sandboxFirst whether a revision must be active in {@code sandbox} before it may be
 *     published to {@code production}
 * @param latestRevision the number of the newest revision, 0 before the first import
 * @param published the active revision number by environment name
 */
public record Source(
    ObjectMeta meta,
    @Nullable String title,
    boolean sandboxFirst,
    int latestRevision,
    Map<String, Integer> published) implements ControlObject {

  /** The environment a sandbox-first source must pass through before production. */
  public static final String SANDBOX = "sandbox";

  /** The environment that sandbox-first guards. */
  public static final String PRODUCTION = "production";

  /** Validates and copies the fields; {@code published} keeps its names sorted. */
  public Source {
    Objects.requireNonNull(meta, "meta");
    Ids.name("source id", meta.id());
    if (latestRevision < 0) {
      throw new IllegalArgumentException("latestRevision must not be negative");
    }
    published.forEach((environment, revision) -> {
      Ids.name("environment", environment);
      if (revision < 1 || revision > latestRevision) {
        throw new IllegalArgumentException("environment " + environment
            + " names revision " + revision + ", which source " + meta.id() + " does not have");
      }
    });
    // Map.copyOf would lose the order: the environments stay sorted, as documented.
    published = Collections.unmodifiableMap(new TreeMap<>(published));
  }
}
