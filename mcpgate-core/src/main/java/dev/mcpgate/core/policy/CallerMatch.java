package dev.mcpgate.core.policy;

import dev.mcpgate.api.CallerContext;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The caller side of a {@link PolicyRule}: which {@link CallerContext}s the rule applies to.
 *
 * <p>Every set that is not empty is a condition, and a rule applies to a caller only when every
 * condition holds; an empty set places no condition. A single-valued field (tenant, environment,
 * client id, ...) holds when the caller's value is one of the listed values, compared exactly; a
 * caller without that value (null) never satisfies a condition on it. Scopes are a set on both
 * sides: {@link #anyScopes()} holds when the caller has at least one of them, {@link
 * #allScopes()} when it has all of them. {@link #attributes()} holds when, for each named
 * attribute, the caller's value is one of the listed values.
 *
 * <p>Immutable and thread-safe. Sets keep the order they were given in, for readable
 * explanations.
 *
 * @param subjects end users ({@link CallerContext#subject()})
 * @param agents AI agents ({@link CallerContext#agent()})
 * @param workloads workloads ({@link CallerContext#workload()})
 * @param clientIds client ids ({@link CallerContext#clientId()})
 * @param surfaces surfaces such as {@code mcp} or {@code rest} ({@link CallerContext#surface()})
 * @param tenants tenants ({@link CallerContext#tenant()})
 * @param environments environments or profiles ({@link CallerContext#environment()})
 * @param authMethods how the caller authenticated ({@link CallerContext#authMethod()})
 * @param anyScopes scopes or roles of which the caller must hold at least one
 * @param allScopes scopes or roles the caller must hold all of
 * @param attributes attribute names mapped to the values the caller's attribute may have
 */
public record CallerMatch(
    Set<String> subjects,
    Set<String> agents,
    Set<String> workloads,
    Set<String> clientIds,
    Set<String> surfaces,
    Set<String> tenants,
    Set<String> environments,
    Set<String> authMethods,
    Set<String> anyScopes,
    Set<String> allScopes,
    Map<String, Set<String>> attributes) {

  private static final CallerMatch ANY =
      new CallerMatch(
          Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
          Set.of(), Map.of());

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a value is blank, or an attribute lists no values
   */
  public CallerMatch {
    subjects = copy("subjects", subjects);
    agents = copy("agents", agents);
    workloads = copy("workloads", workloads);
    clientIds = copy("clientIds", clientIds);
    surfaces = copy("surfaces", surfaces);
    tenants = copy("tenants", tenants);
    environments = copy("environments", environments);
    authMethods = copy("authMethods", authMethods);
    anyScopes = copy("anyScopes", anyScopes);
    allScopes = copy("allScopes", allScopes);
    Objects.requireNonNull(attributes, "attributes");
    Map<String, Set<String>> copied = new LinkedHashMap<>();
    attributes.forEach(
        (name, values) -> {
          requireValue("attributes", name);
          Set<String> set = copy("attributes." + name, values);
          if (set.isEmpty()) {
            throw new IllegalArgumentException(
                "attribute '" + name + "' lists no values: it could never match");
          }
          copied.put(name, set);
        });
    attributes = Collections.unmodifiableMap(copied);
  }

  /**
   * Matches every caller.
   *
   * @return the match without conditions
   */
  public static CallerMatch any() {
    return ANY;
  }

  /**
   * Whether this match places no condition.
   *
   * @return true if every caller matches
   */
  public boolean isAny() {
    return subjects.isEmpty()
        && agents.isEmpty()
        && workloads.isEmpty()
        && clientIds.isEmpty()
        && surfaces.isEmpty()
        && tenants.isEmpty()
        && environments.isEmpty()
        && authMethods.isEmpty()
        && anyScopes.isEmpty()
        && allScopes.isEmpty()
        && attributes.isEmpty();
  }

  static Set<String> copy(String field, Collection<String> values) {
    Objects.requireNonNull(values, field);
    Set<String> copy = new LinkedHashSet<>();
    for (String value : values) {
      requireValue(field, value);
      copy.add(value);
    }
    return copy.isEmpty() ? Set.of() : Collections.unmodifiableSet(copy);
  }

  private static void requireValue(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not contain a blank value");
    }
  }
}
