package dev.mcpgate.control;

import dev.mcpgate.core.policy.PolicyRule;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A policy rule as an operator writes it: allow or deny, which callers, which tools. An empty
 * list matches everything. As in {@link dev.mcpgate.core.policy.RulePolicyEngine}, a matching
 * deny wins over any allow and nothing is allowed without a matching allow; {@code order} sorts
 * the rules for people and in the snapshot. Immutable and thread-safe.
 *
 * @param id the rule's id
 * @param order where it is listed among the rules
 * @param effect allow or deny
 * @param description why the rule exists, or null
 * @param subjects caller subjects matched
 * @param clientIds client ids matched
 * @param environments caller environments (profiles) matched
 * @param tools tool names (glob {@code *} allowed) matched
 * @param tags tool tags matched
 * @param sources tool sources matched
 * @param httpMethods HTTP methods matched
 * @param readOnly matches read-only tools (true) or the others (false); null for both
 */
public record RuleDefinition(
    String id,
    int order,
    PolicyRule.Effect effect,
    @Nullable String description,
    List<String> subjects,
    List<String> clientIds,
    List<String> environments,
    List<String> tools,
    List<String> tags,
    List<String> sources,
    List<String> httpMethods,
    @Nullable Boolean readOnly) {

  /** Validates and copies the fields; building the core rule checks the values. */
  public RuleDefinition {
    Ids.name("rule id", id);
    Objects.requireNonNull(effect, "effect");
    subjects = List.copyOf(subjects);
    clientIds = List.copyOf(clientIds);
    environments = List.copyOf(environments);
    tools = List.copyOf(tools);
    tags = List.copyOf(tags);
    sources = List.copyOf(sources);
    httpMethods = List.copyOf(httpMethods);
    toPolicyRule(id, effect, description, subjects, clientIds, environments, tools, tags,
        sources, httpMethods, readOnly);
  }

  /**
   * The rule as the data plane's policy engine takes it.
   *
   * @return the core rule
   */
  public PolicyRule toPolicyRule() {
    return toPolicyRule(id, effect, description, subjects, clientIds, environments, tools, tags,
        sources, httpMethods, readOnly);
  }

  private static PolicyRule toPolicyRule(String id, PolicyRule.Effect effect,
      @Nullable String description, List<String> subjects, List<String> clientIds,
      List<String> environments, List<String> tools, List<String> tags, List<String> sources,
      List<String> httpMethods, @Nullable Boolean readOnly) {
    PolicyRule.Builder builder = effect == PolicyRule.Effect.ALLOW
        ? PolicyRule.allow(id) : PolicyRule.deny(id);
    builder.description(description)
        .subjects(subjects.toArray(String[]::new))
        .clientIds(clientIds.toArray(String[]::new))
        .environments(environments.toArray(String[]::new))
        .tools(tools.toArray(String[]::new))
        .tags(tags.toArray(String[]::new))
        .sources(sources.toArray(String[]::new))
        .httpMethods(httpMethods.toArray(String[]::new));
    if (readOnly != null) {
      builder.readOnly(readOnly);
    }
    return builder.build();
  }
}
