package dev.mcpgate.cli.internal;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolDefinition;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The policy of a {@code mcpgate serve} configuration: ordered rules, the first that matches
 * decides, else the default. A rule matches when each of its lists is empty or contains the
 * caller's client id, the caller's environment, a glob matching the tool's name, the tool's source
 * id. A caller without an environment never matches a rule that lists environments.
 *
 * <p>The decision ignores arguments, so {@code tools/list} and {@code tools/call} always agree.
 * Immutable and thread-safe.
 */
public final class RulePolicy implements PolicyEngine {

  private final boolean defaultAllow;
  private final List<CompiledRule> rules;

  /**
   * A policy for a configuration's {@code policy} section.
   *
   * @param config the section
   */
  public RulePolicy(ServeConfig.PolicyConfig config) {
    this.defaultAllow = config.defaultAllow();
    this.rules = config.rules().stream().map(CompiledRule::new).toList();
  }

  @Override
  public PolicyDecision decide(PolicyRequest request) {
    CallerContext caller = request.caller();
    ToolDefinition tool = request.tool();
    for (CompiledRule rule : rules) {
      if (rule.matches(caller, tool)) {
        return rule.allow ? PolicyDecision.allow(rule.reason) : PolicyDecision.deny(rule.reason);
      }
    }
    return defaultAllow
        ? PolicyDecision.allow("policy.default: allow")
        : PolicyDecision.deny("policy.default: deny");
  }

  @Override
  public String toString() {
    return "RulePolicy[" + rules.size() + " rules, default " + (defaultAllow ? "allow" : "deny")
        + "]";
  }

  /**
   * A tool-name glob as a pattern: {@code *} is any run of characters, {@code ?} one character,
   * everything else literal.
   *
   * @param glob the glob
   * @return the pattern
   */
  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private static final class CompiledRule {
    final boolean allow;
    final String reason;
    final List<String> clients;
    final List<String> environments;
    final List<Pattern> tools;
    final List<String> sources;

    CompiledRule(ServeConfig.Rule rule) {
      this.allow = rule.allow();
      this.reason = Objects.requireNonNullElse(rule.reason(), rule.path());
      this.clients = rule.clients();
      this.environments = rule.environments();
      this.tools = rule.tools().stream().map(RulePolicy::glob).toList();
      this.sources = rule.sources();
    }

    boolean matches(CallerContext caller, ToolDefinition tool) {
      // List.copyOf lists throw on contains(null): an absent value matches only an empty list.
      return listed(clients, caller.clientId())
          && listed(environments, caller.environment())
          && (tools.isEmpty() || tools.stream().anyMatch(p -> p.matcher(tool.name()).matches()))
          && listed(sources, tool.source());
    }

    private static boolean listed(List<String> values, @Nullable String value) {
      return values.isEmpty() || (value != null && values.contains(value));
    }
  }
}
