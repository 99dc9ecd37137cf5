package dev.mcpgate.control;

import dev.mcpgate.core.policy.ArgumentCondition;
import dev.mcpgate.core.policy.CallerMatch;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.core.policy.ToolMatch;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A policy rule as an operator writes it: allow or deny, which callers, which tools, which
 * arguments. It holds everything a core {@link PolicyRule} can match, so that {@link
 * #from(PolicyRule, int)} and {@link #toPolicyRule()} carry a rule to the store and back without
 * changing what it matches. An empty list (or map, or a null hint) places no condition; the
 * meaning of each condition is {@link CallerMatch}'s, {@link ToolMatch}'s and {@link
 * ArgumentCondition}'s. As in {@link dev.mcpgate.core.policy.RulePolicyEngine}, a matching deny
 * wins over any allow and nothing is allowed without a matching allow; {@code order} sorts the
 * rules for people and in the snapshot.
 *
 * <p>To write one in code, build the core rule ({@code PolicyRule.deny("big-orders").agents(...)
 * .argument(ArgumentCondition.greaterThan("amount", 1000)).build()}) and take {@link
 * #from(PolicyRule, int)}: the core builder is this record's builder.
 *
 * <p>In JSON (the store's rows, the admin API) each component is a property of its name; {@code
 * arguments} are objects {@code {"argument": "amount", "operator": "AT_MOST", "value": 1000}}
 * with the operator's constant name. A row stored before a component existed reads it as empty
 * (or null for a hint): a null list or map passed to the constructor is taken as empty.
 * Immutable and thread-safe.
 *
 * @param id the rule's id
 * @param order where it is listed among the rules
 * @param effect allow or deny
 * @param description why the rule exists, or null
 * @param subjects caller subjects (end users) matched
 * @param agents caller agents matched
 * @param workloads caller workloads matched
 * @param clientIds client ids matched
 * @param surfaces caller surfaces (such as {@code mcp}) matched
 * @param tenants caller tenants matched
 * @param environments caller environments (profiles) matched
 * @param authMethods how the caller authenticated (such as {@code jwt}, {@code apiKey}) matched
 * @param scopes scopes or roles of which the caller must hold at least one
 * @param allScopes scopes or roles the caller must hold all of
 * @param attributes caller attribute names, each with the values the attribute may have
 * @param tools tool names (glob {@code *} and {@code ?} allowed) matched
 * @param tags tool tags matched (the tool needs one of them)
 * @param sources tool sources matched
 * @param httpMethods upstream HTTP methods matched
 * @param readOnly matches tools whose read-only hint is this (unset counts as false); null for
 *     no condition
 * @param destructive matches tools whose destructive hint is this (unset counts as true); null
 *     for no condition
 * @param idempotent matches tools whose idempotent hint is this (unset counts as false); null
 *     for no condition
 * @param openWorld matches tools whose open-world hint is this (unset counts as true); null for
 *     no condition
 * @param arguments conditions on a call's top-level arguments, all of which must hold; numbers
 *     are kept as JSON reads them back (int, long, big integer or double), so a rule compares
 *     equal to itself after a trip through the store
 */
public record RuleDefinition(
    String id,
    int order,
    PolicyRule.Effect effect,
    @Nullable String description,
    List<String> subjects,
    List<String> agents,
    List<String> workloads,
    List<String> clientIds,
    List<String> surfaces,
    List<String> tenants,
    List<String> environments,
    List<String> authMethods,
    List<String> scopes,
    List<String> allScopes,
    Map<String, List<String>> attributes,
    List<String> tools,
    List<String> tags,
    List<String> sources,
    List<String> httpMethods,
    @Nullable Boolean readOnly,
    @Nullable Boolean destructive,
    @Nullable Boolean idempotent,
    @Nullable Boolean openWorld,
    List<ArgumentCondition> arguments) {

  /**
   * Validates and copies the fields; building the core rule checks the values.
   *
   * @throws IllegalArgumentException if the id is not a store id (1 to 64 of {@code
   *     [A-Za-z0-9_.-]}, starting with a letter or digit), or a value is one the core rule refuses
   *     (a blank value, an attribute without values, a tool name that is no name or glob, a method
   *     that is no HTTP method, an argument condition whose value does not fit its operator)
   */
  public RuleDefinition {
    Ids.name("rule id", id);
    Objects.requireNonNull(effect, "effect");
    subjects = copy(subjects);
    agents = copy(agents);
    workloads = copy(workloads);
    clientIds = copy(clientIds);
    surfaces = copy(surfaces);
    tenants = copy(tenants);
    environments = copy(environments);
    authMethods = copy(authMethods);
    scopes = copy(scopes);
    allScopes = copy(allScopes);
    attributes = copy(attributes);
    tools = copy(tools);
    tags = copy(tags);
    sources = copy(sources);
    httpMethods = copy(httpMethods);
    arguments = normalized(arguments);
    build(id, effect, description, subjects, agents, workloads, clientIds, surfaces, tenants,
        environments, authMethods, scopes, allScopes, attributes, tools, tags, sources,
        httpMethods, readOnly, destructive, idempotent, openWorld, arguments);
  }

  /**
   * A rule that matches only on subjects, clients, environments and the tool side without
   * annotations other than read-only, nor arguments: the components this record had before it
   * held everything a core rule can match. The others are empty.
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
   * @throws IllegalArgumentException as the canonical constructor
   */
  public RuleDefinition(String id, int order, PolicyRule.Effect effect,
      @Nullable String description, List<String> subjects, List<String> clientIds,
      List<String> environments, List<String> tools, List<String> tags, List<String> sources,
      List<String> httpMethods, @Nullable Boolean readOnly) {
    this(id, order, effect, description, subjects, List.of(), List.of(), clientIds, List.of(),
        List.of(), environments, List.of(), List.of(), List.of(), Map.of(), tools, tags, sources,
        httpMethods, readOnly, null, null, null, List.of());
  }

  /**
   * The store's form of a core rule: every condition it places, in the order it lists them.
   *
   * @param rule the core rule; its id must be a store id
   * @param order where it is listed among the rules
   * @return the definition, whose {@link #toPolicyRule()} matches exactly as {@code rule} does
   * @throws IllegalArgumentException if the rule's id is not a store id
   */
  public static RuleDefinition from(PolicyRule rule, int order) {
    CallerMatch caller = rule.caller();
    ToolMatch tool = rule.tool();
    Map<String, List<String>> attributes = new LinkedHashMap<>();
    caller.attributes().forEach((name, values) -> attributes.put(name, List.copyOf(values)));
    return new RuleDefinition(rule.id(), order, rule.effect(), rule.description(),
        List.copyOf(caller.subjects()), List.copyOf(caller.agents()),
        List.copyOf(caller.workloads()), List.copyOf(caller.clientIds()),
        List.copyOf(caller.surfaces()), List.copyOf(caller.tenants()),
        List.copyOf(caller.environments()), List.copyOf(caller.authMethods()),
        List.copyOf(caller.anyScopes()), List.copyOf(caller.allScopes()), attributes,
        List.copyOf(tool.names()), List.copyOf(tool.tags()), List.copyOf(tool.sources()),
        List.copyOf(tool.httpMethods()), tool.readOnly(), tool.destructive(), tool.idempotent(),
        tool.openWorld(), rule.arguments());
  }

  /**
   * Reads a rule from its JSON form decoded into maps, lists, strings, numbers and booleans (as
   * a JSON library decodes an object into a {@code Map}): the fields of this record by their
   * names, each optional but {@code effect}; {@code effect} is {@code allow} or {@code deny} in
   * any case; an argument condition's {@code operator} is its symbol ({@code <=}, {@code not in})
   * or its constant name ({@code AT_MOST}). What this record's JSON form writes, it reads back.
   * Unknown fields are ignored. The admin API, the CLI and the Management MCP endpoint read rules
   * with it.
   *
   * @param id the rule's id
   * @param json the fields
   * @return the rule
   * @throws IllegalArgumentException naming the first field that is missing or wrong (a compared
   *     value is never quoted)
   */
  public static RuleDefinition fromJson(String id, Map<String, ?> json) {
    return dev.mcpgate.control.internal.RuleFields.read(id, Objects.requireNonNull(json, "json"));
  }

  /**
   * The rule as the data plane's policy engine takes it.
   *
   * @return the core rule
   */
  public PolicyRule toPolicyRule() {
    return build(id, effect, description, subjects, agents, workloads, clientIds, surfaces,
        tenants, environments, authMethods, scopes, allScopes, attributes, tools, tags, sources,
        httpMethods, readOnly, destructive, idempotent, openWorld, arguments);
  }

  private static PolicyRule build(String id, PolicyRule.Effect effect,
      @Nullable String description, List<String> subjects, List<String> agents,
      List<String> workloads, List<String> clientIds, List<String> surfaces,
      List<String> tenants, List<String> environments, List<String> authMethods,
      List<String> scopes, List<String> allScopes, Map<String, List<String>> attributes,
      List<String> tools, List<String> tags, List<String> sources, List<String> httpMethods,
      @Nullable Boolean readOnly, @Nullable Boolean destructive, @Nullable Boolean idempotent,
      @Nullable Boolean openWorld, List<ArgumentCondition> arguments) {
    Map<String, Set<String>> attributeSets = new LinkedHashMap<>();
    attributes.forEach((name, values) -> attributeSets.put(name, new LinkedHashSet<>(values)));
    return new PolicyRule(id, effect, description,
        new CallerMatch(set(subjects), set(agents), set(workloads), set(clientIds),
            set(surfaces), set(tenants), set(environments), set(authMethods), set(scopes),
            set(allScopes), attributeSets),
        new ToolMatch(set(tools), set(tags), set(sources), set(httpMethods), readOnly,
            destructive, idempotent, openWorld),
        arguments);
  }

  private static Set<String> set(List<String> values) {
    return new LinkedHashSet<>(values);
  }

  private static List<String> copy(@Nullable List<String> values) {
    return values == null ? List.of() : List.copyOf(values);
  }

  private static Map<String, List<String>> copy(@Nullable Map<String, List<String>> values) {
    if (values == null || values.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> copied = new LinkedHashMap<>();
    values.forEach((name, list) -> copied.put(Objects.requireNonNull(name, "attribute name"),
        copy(list)));
    return Collections.unmodifiableMap(copied);
  }

  /** Conditions whose numbers are of the types a JSON reader gives back. */
  private static List<ArgumentCondition> normalized(@Nullable List<ArgumentCondition> conditions) {
    if (conditions == null) {
      return List.of();
    }
    List<ArgumentCondition> out = new ArrayList<>(conditions.size());
    for (ArgumentCondition condition : conditions) {
      Objects.requireNonNull(condition, "argument condition");
      Object value = condition.value();
      Object normal;
      if (value instanceof Collection<?> values) {
        List<Object> items = new ArrayList<>(values.size());
        values.forEach(item -> items.add(number(item)));
        normal = Collections.unmodifiableList(items);
      } else {
        normal = number(value);
      }
      out.add(normal.equals(value) && normal.getClass() == value.getClass() ? condition
          : new ArgumentCondition(condition.argument(), condition.operator(), normal));
    }
    return List.copyOf(out);
  }

  /** An integer as the narrowest of int, long and big integer; any other number as a double. */
  private static Object number(Object value) {
    if (!(value instanceof Number number)) {
      return value;
    }
    BigInteger integral = null;
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      integral = BigInteger.valueOf(number.longValue());
    } else if (value instanceof BigInteger big) {
      integral = big;
    } else if (value instanceof BigDecimal decimal) {
      return decimal.doubleValue();
    }
    if (integral == null) {
      return number.doubleValue();
    }
    if (integral.bitLength() < 32) {
      return integral.intValue();
    }
    return integral.bitLength() < 64 ? (Object) integral.longValue() : integral;
  }
}
