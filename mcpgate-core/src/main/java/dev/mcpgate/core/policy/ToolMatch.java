package dev.mcpgate.core.policy;

import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.internal.policy.Glob;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The tool side of a {@link PolicyRule}: which {@link ToolDefinition}s the rule applies to.
 *
 * <p>Every set that is not empty and every hint that is not null is a condition, and a rule
 * applies to a tool only when every condition holds:
 *
 * <ul>
 *   <li>{@link #names()}: the tool's name equals one of them, or matches one that is a glob
 *       ({@code *} any run of characters, {@code ?} exactly one character, everything else
 *       literal; {@code get_*} matches {@code get_order});
 *   <li>{@link #tags()}: the tool has at least one of these tags;
 *   <li>{@link #sources()}: the tool comes from one of these sources (a tool implemented in Java
 *       has no source and never matches);
 *   <li>{@link #httpMethods()}: the tool is called upstream with one of these methods (compared
 *       upper case; a tool implemented in Java has none and never matches);
 *   <li>{@link #readOnly()}, {@link #destructive()}, {@link #idempotent()}, {@link
 *       #openWorld()}: the tool's hint has this value, where a hint the tool leaves unset takes
 *       MCP's default ({@code readOnlyHint} false, {@code destructiveHint} true, {@code
 *       idempotentHint} false, {@code openWorldHint} true). So {@code readOnly = true} matches
 *       only tools that declare themselves read-only, and {@code destructive = true} also
 *       matches tools that say nothing.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param names tool names or name globs
 * @param tags tags, any of which the tool must have
 * @param sources source ids
 * @param httpMethods upstream HTTP methods
 * @param readOnly the required read-only hint, or null for no condition
 * @param destructive the required destructive hint, or null for no condition
 * @param idempotent the required idempotent hint, or null for no condition
 * @param openWorld the required open-world hint, or null for no condition
 */
public record ToolMatch(
    Set<String> names,
    Set<String> tags,
    Set<String> sources,
    Set<String> httpMethods,
    @Nullable Boolean readOnly,
    @Nullable Boolean destructive,
    @Nullable Boolean idempotent,
    @Nullable Boolean openWorld) {

  private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9_.*?-]{1,256}");
  private static final Pattern METHOD = Pattern.compile("[A-Z]+");
  private static final ToolMatch ANY =
      new ToolMatch(Set.of(), Set.of(), Set.of(), Set.of(), null, null, null, null);

  /**
   * Validates, normalizes and copies the fields.
   *
   * @throws IllegalArgumentException if a name is not a tool name or glob (1 to 256 of {@code
   *     [A-Za-z0-9_.-]} plus {@code *} and {@code ?}), a method is not an HTTP method, or a value
   *     is blank
   */
  public ToolMatch {
    names = CallerMatch.copy("names", names);
    for (String name : names) {
      if (!NAME_PATTERN.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "tool name or glob '" + name + "' must be 1 to 256 of A-Z a-z 0-9 _ . - * ?");
      }
    }
    tags = CallerMatch.copy("tags", tags);
    sources = CallerMatch.copy("sources", sources);
    Set<String> methods = new LinkedHashSet<>();
    for (String method : CallerMatch.copy("httpMethods", httpMethods)) {
      String upper = method.toUpperCase(Locale.ROOT);
      if (!METHOD.matcher(upper).matches()) {
        throw new IllegalArgumentException("not an HTTP method: '" + method + "'");
      }
      methods.add(upper);
    }
    httpMethods = CallerMatch.copy("httpMethods", methods);
  }

  /**
   * Matches every tool.
   *
   * @return the match without conditions
   */
  public static ToolMatch any() {
    return ANY;
  }

  /**
   * Whether one entry of {@link #names()} is a glob: it holds {@code *} or {@code ?}.
   *
   * @param name a tool name or name glob
   * @return true for a glob, false for a name compared exactly
   */
  public static boolean isNameGlob(String name) {
    return Glob.isGlob(name);
  }

  /**
   * Whether one entry of {@link #names()} matches a tool's name, exactly as a rule decides it:
   * equal, or matched as a glob. For tools that check a configuration, such as a warning for a
   * glob that matches no tool.
   *
   * @param name a tool name or name glob
   * @param toolName the tool's name
   * @return whether the entry matches the tool
   */
  public static boolean nameMatches(String name, String toolName) {
    return Glob.isGlob(name) ? Glob.compile(name).matches(toolName) : name.equals(toolName);
  }

  /**
   * Whether this match places no condition.
   *
   * @return true if every tool matches
   */
  public boolean isAny() {
    return names.isEmpty()
        && tags.isEmpty()
        && sources.isEmpty()
        && httpMethods.isEmpty()
        && readOnly == null
        && destructive == null
        && idempotent == null
        && openWorld == null;
  }
}
