package dev.mcpgate.core.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One rule of a {@link RulePolicyEngine}: an effect (allow or deny) for the requests it matches.
 * A rule matches a request when its {@link CallerMatch} matches the caller, its {@link ToolMatch}
 * matches the tool and, for a call, every {@link ArgumentCondition} holds.
 *
 * <p>A plain record, so a configuration file can be read into rules; {@link #allow(String)} and
 * {@link #deny(String)} start a builder for code. Immutable and thread-safe.
 *
 * @param id the rule's id, unique within a policy; it goes into every decision the rule takes
 *     and so into the audit trail
 * @param effect allow or deny
 * @param description why the rule exists, for people and explanations, or null
 * @param caller which callers the rule applies to
 * @param tool which tools the rule applies to
 * @param arguments conditions on a call's arguments; all must hold
 */
public record PolicyRule(
    String id,
    Effect effect,
    @Nullable String description,
    CallerMatch caller,
    ToolMatch tool,
    List<ArgumentCondition> arguments) {

  /** What a matching rule does. */
  public enum Effect {
    /** The request is allowed, unless a matching rule denies it. */
    ALLOW,
    /** The request is denied, whatever else matches. */
    DENY
  }

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if the id is blank, longer than 200 characters or holds a
   *     control character
   */
  public PolicyRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(tool, "tool");
    if (id.isBlank() || id.length() > 200 || id.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "a rule id must be 1 to 200 characters without control characters: '" + id + "'");
    }
    arguments = List.copyOf(arguments);
  }

  /**
   * Starts an allowing rule.
   *
   * @param id the rule's id
   * @return a builder
   */
  public static Builder allow(String id) {
    return new Builder(id, Effect.ALLOW);
  }

  /**
   * Starts a denying rule.
   *
   * @param id the rule's id
   * @return a builder
   */
  public static Builder deny(String id) {
    return new Builder(id, Effect.DENY);
  }

  /**
   * Whether the rule has conditions on arguments, so that it is fully decided only for calls.
   *
   * @return true if {@link #arguments()} is not empty
   */
  public boolean hasArgumentConditions() {
    return !arguments.isEmpty();
  }

  /**
   * Builds a {@link PolicyRule}. Each method adds to a condition; a condition left empty places
   * none. Not thread-safe.
   */
  public static final class Builder {
    private final String id;
    private final Effect effect;
    private @Nullable String description;
    private final Set<String> subjects = new LinkedHashSet<>();
    private final Set<String> agents = new LinkedHashSet<>();
    private final Set<String> workloads = new LinkedHashSet<>();
    private final Set<String> clientIds = new LinkedHashSet<>();
    private final Set<String> surfaces = new LinkedHashSet<>();
    private final Set<String> tenants = new LinkedHashSet<>();
    private final Set<String> environments = new LinkedHashSet<>();
    private final Set<String> authMethods = new LinkedHashSet<>();
    private final Set<String> anyScopes = new LinkedHashSet<>();
    private final Set<String> allScopes = new LinkedHashSet<>();
    private final Map<String, Set<String>> attributes = new LinkedHashMap<>();
    private final Set<String> names = new LinkedHashSet<>();
    private final Set<String> tags = new LinkedHashSet<>();
    private final Set<String> sources = new LinkedHashSet<>();
    private final Set<String> httpMethods = new LinkedHashSet<>();
    private @Nullable Boolean readOnly;
    private @Nullable Boolean destructive;
    private @Nullable Boolean idempotent;
    private @Nullable Boolean openWorld;
    private final List<ArgumentCondition> arguments = new ArrayList<>();

    private Builder(String id, Effect effect) {
      this.id = id;
      this.effect = effect;
    }

    /**
     * Says why the rule exists.
     *
     * @param description the text, or null
     * @return this builder
     */
    public Builder description(@Nullable String description) {
      this.description = description;
      return this;
    }

    /**
     * Adds end users the rule applies to.
     *
     * @param values subjects
     * @return this builder
     */
    public Builder subjects(String... values) {
      subjects.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds agents the rule applies to.
     *
     * @param values agents
     * @return this builder
     */
    public Builder agents(String... values) {
      agents.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds workloads the rule applies to.
     *
     * @param values workloads
     * @return this builder
     */
    public Builder workloads(String... values) {
      workloads.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds client ids the rule applies to.
     *
     * @param values client ids
     * @return this builder
     */
    public Builder clientIds(String... values) {
      clientIds.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds surfaces the rule applies to.
     *
     * @param values surfaces such as {@code mcp}
     * @return this builder
     */
    public Builder surfaces(String... values) {
      surfaces.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds tenants the rule applies to.
     *
     * @param values tenants
     * @return this builder
     */
    public Builder tenants(String... values) {
      tenants.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds environments or profiles the rule applies to.
     *
     * @param values environments such as {@code production}
     * @return this builder
     */
    public Builder environments(String... values) {
      environments.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds auth methods the rule applies to.
     *
     * @param values auth methods such as {@code jwt}
     * @return this builder
     */
    public Builder authMethods(String... values) {
      authMethods.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds scopes or roles of which the caller must hold at least one.
     *
     * @param values scopes
     * @return this builder
     */
    public Builder anyScope(String... values) {
      anyScopes.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds scopes or roles the caller must hold all of.
     *
     * @param values scopes
     * @return this builder
     */
    public Builder allScopes(String... values) {
      allScopes.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds values a caller attribute may have.
     *
     * @param name the attribute's name
     * @param values the values
     * @return this builder
     */
    public Builder attribute(String name, String... values) {
      attributes.computeIfAbsent(name, n -> new LinkedHashSet<>()).addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds tool names or name globs the rule applies to.
     *
     * @param values names, or globs with {@code *} and {@code ?}
     * @return this builder
     */
    public Builder tools(String... values) {
      names.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds tags, any of which a tool must have.
     *
     * @param values tags
     * @return this builder
     */
    public Builder tags(String... values) {
      tags.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds source ids the rule applies to.
     *
     * @param values source ids
     * @return this builder
     */
    public Builder sources(String... values) {
      sources.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds upstream HTTP methods the rule applies to.
     *
     * @param values methods such as {@code GET}
     * @return this builder
     */
    public Builder httpMethods(String... values) {
      httpMethods.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Requires a read-only hint (unset counts as false).
     *
     * @param value the required hint
     * @return this builder
     */
    public Builder readOnly(boolean value) {
      readOnly = value;
      return this;
    }

    /**
     * Requires a destructive hint (unset counts as true).
     *
     * @param value the required hint
     * @return this builder
     */
    public Builder destructive(boolean value) {
      destructive = value;
      return this;
    }

    /**
     * Requires an idempotent hint (unset counts as false).
     *
     * @param value the required hint
     * @return this builder
     */
    public Builder idempotent(boolean value) {
      idempotent = value;
      return this;
    }

    /**
     * Requires an open-world hint (unset counts as true).
     *
     * @param value the required hint
     * @return this builder
     */
    public Builder openWorld(boolean value) {
      openWorld = value;
      return this;
    }

    /**
     * Adds a condition on a call's arguments.
     *
     * @param condition the condition
     * @return this builder
     */
    public Builder argument(ArgumentCondition condition) {
      arguments.add(Objects.requireNonNull(condition, "condition"));
      return this;
    }

    /**
     * Builds the rule.
     *
     * @return the rule
     * @throws IllegalArgumentException if a value is invalid (see {@link PolicyRule}, {@link
     *     CallerMatch}, {@link ToolMatch})
     */
    public PolicyRule build() {
      return new PolicyRule(
          id,
          effect,
          description,
          new CallerMatch(
              subjects, agents, workloads, clientIds, surfaces, tenants, environments,
              authMethods, anyScopes, allScopes, attributes),
          new ToolMatch(
              names, tags, sources, httpMethods, readOnly, destructive, idempotent, openWorld),
          arguments);
    }
  }
}
