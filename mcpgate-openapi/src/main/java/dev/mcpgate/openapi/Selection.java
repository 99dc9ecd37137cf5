package dev.mcpgate.openapi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which operations of a description become tools. An operation is selected when it passes every
 * include list that is not empty and matches no exclude list; deprecated operations are left out
 * unless {@link Builder#includeDeprecated(boolean)} says otherwise.
 *
 * <p>Path globs match the path template: {@code *} matches within one segment, {@code **} across
 * segments ({@code /repos/**}, {@code /users/*}/keys}). Tags, methods and operation ids match
 * exactly (methods case-insensitively). Immutable and thread-safe.
 */
public final class Selection {

  private static final Selection ALL = builder().build();

  private final Set<String> includeTags;
  private final Set<String> excludeTags;
  private final List<Pattern> includePaths;
  private final List<Pattern> excludePaths;
  private final Set<String> methods;
  private final Set<String> includeOperationIds;
  private final Set<String> excludeOperationIds;
  private final boolean includeDeprecated;

  private Selection(Builder builder) {
    this.includeTags = Set.copyOf(builder.includeTags);
    this.excludeTags = Set.copyOf(builder.excludeTags);
    this.includePaths = builder.includePaths.stream().map(Selection::glob).toList();
    this.excludePaths = builder.excludePaths.stream().map(Selection::glob).toList();
    this.methods = Set.copyOf(builder.methods);
    this.includeOperationIds = Set.copyOf(builder.includeOperationIds);
    this.excludeOperationIds = Set.copyOf(builder.excludeOperationIds);
    this.includeDeprecated = builder.includeDeprecated;
  }

  /**
   * Every operation that is not deprecated.
   *
   * @return the default selection
   */
  public static Selection all() {
    return ALL;
  }

  /**
   * A builder that selects every non-deprecated operation until narrowed.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether an operation is selected.
   *
   * @param method the HTTP method
   * @param path the path template
   * @param operationId the operation id, or null
   * @param tags the operation's tags (Postman: its folder names)
   * @param deprecated whether the operation is deprecated
   * @return true if it becomes a tool
   */
  public boolean selects(
      String method, String path, @Nullable String operationId, List<String> tags,
      boolean deprecated) {
    if (deprecated && !includeDeprecated) {
      return false;
    }
    if (!methods.isEmpty() && !methods.contains(method.toUpperCase(Locale.ROOT))) {
      return false;
    }
    if (!includeTags.isEmpty() && tags.stream().noneMatch(includeTags::contains)) {
      return false;
    }
    if (tags.stream().anyMatch(excludeTags::contains)) {
      return false;
    }
    if (!includePaths.isEmpty() && includePaths.stream().noneMatch(p -> p.matcher(path).matches())) {
      return false;
    }
    if (excludePaths.stream().anyMatch(p -> p.matcher(path).matches())) {
      return false;
    }
    if (!includeOperationIds.isEmpty()
        && (operationId == null || !includeOperationIds.contains(operationId))) {
      return false;
    }
    return operationId == null || !excludeOperationIds.contains(operationId);
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  /** Builds a {@link Selection}. Not thread-safe. */
  public static final class Builder {
    private final Set<String> includeTags = new LinkedHashSet<>();
    private final Set<String> excludeTags = new LinkedHashSet<>();
    private final List<String> includePaths = new ArrayList<>();
    private final List<String> excludePaths = new ArrayList<>();
    private final Set<String> methods = new LinkedHashSet<>();
    private final Set<String> includeOperationIds = new LinkedHashSet<>();
    private final Set<String> excludeOperationIds = new LinkedHashSet<>();
    private boolean includeDeprecated;

    private Builder() {}

    /**
     * Selects only operations with at least one of these tags.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder includeTags(List<String> tags) {
      includeTags.addAll(tags);
      return this;
    }

    /**
     * Leaves out operations with any of these tags.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder excludeTags(List<String> tags) {
      excludeTags.addAll(tags);
      return this;
    }

    /**
     * Selects only operations whose path matches one of these globs.
     *
     * @param globs the path globs
     * @return this builder
     */
    public Builder includePaths(List<String> globs) {
      includePaths.addAll(globs);
      return this;
    }

    /**
     * Leaves out operations whose path matches any of these globs.
     *
     * @param globs the path globs
     * @return this builder
     */
    public Builder excludePaths(List<String> globs) {
      excludePaths.addAll(globs);
      return this;
    }

    /**
     * Selects only operations with one of these HTTP methods.
     *
     * @param methods the methods, any case
     * @return this builder
     */
    public Builder methods(List<String> methods) {
      methods.forEach(method -> this.methods.add(method.toUpperCase(Locale.ROOT)));
      return this;
    }

    /**
     * Selects only operations with one of these operation ids.
     *
     * @param operationIds the ids
     * @return this builder
     */
    public Builder includeOperationIds(List<String> operationIds) {
      includeOperationIds.addAll(operationIds);
      return this;
    }

    /**
     * Leaves out operations with any of these operation ids.
     *
     * @param operationIds the ids
     * @return this builder
     */
    public Builder excludeOperationIds(List<String> operationIds) {
      excludeOperationIds.addAll(operationIds);
      return this;
    }

    /**
     * Whether deprecated operations are selected; default false.
     *
     * @param include true to include them
     * @return this builder
     */
    public Builder includeDeprecated(boolean include) {
      this.includeDeprecated = include;
      return this;
    }

    /**
     * Builds the selection.
     *
     * @return the selection
     * @throws IllegalArgumentException if a path glob does not start with {@code /}
     */
    public Selection build() {
      for (String glob : includePaths) {
        requireSlash(glob);
      }
      for (String glob : excludePaths) {
        requireSlash(glob);
      }
      return new Selection(this);
    }

    private static void requireSlash(String glob) {
      if (!glob.startsWith("/")) {
        throw new IllegalArgumentException("a path glob starts with '/': " + glob);
      }
    }
  }
}
