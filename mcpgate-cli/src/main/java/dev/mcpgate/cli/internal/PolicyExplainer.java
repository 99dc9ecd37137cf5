package dev.mcpgate.cli.internal;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.identity.ApiKeyIdentityResolver;
import dev.mcpgate.core.policy.PolicyExplanation;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.core.policy.RulePolicyEngine;
import dev.mcpgate.core.policy.ToolExplanation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code mcpgate policy explain}: which tools one caller of a configuration sees, and why each
 * other tool is hidden, worked out by the same checks {@code tools/list} runs (source approval,
 * then the policy engine's own explanation). The caller is built as an API key of the client
 * would make it: the client's tenant, scopes and attributes, the profile as its environment.
 * Stateless.
 */
public final class PolicyExplainer {

  private PolicyExplainer() {}

  /**
   * Explains what a client sees.
   *
   * @param config the configuration
   * @param sources its sources, imported
   * @param clientId the client's id
   * @param profile the profile (the caller's environment), or null for the client's only one
   * @param label how problems name the configuration file
   * @return the lines to print
   * @throws ConfigException if the client or the profile is not in the configuration (a client
   *     not declared is accepted when {@code identity.jwt} is set: its tokens carry the id)
   */
  public static List<String> explain(
      ServeConfig config, List<SourceImports.Imported> sources, String clientId,
      @Nullable String profile, String label) {
    ServeConfig.ClientEntry client = config.clients().stream()
        .filter(c -> c.id().equals(clientId)).findFirst().orElse(null);
    List<String> out = new ArrayList<>();
    CallerContext.Builder caller = CallerContext.builder().clientId(clientId);
    String environment = profile;
    if (client == null) {
      if (config.identity().jwt() == null) {
        throw new ConfigException(label, List.of("--client: no client '" + clientId + "'; clients"
            + " are " + String.join(", ", config.clients().stream().map(c -> c.id()).toList())));
      }
      caller.authMethod("bearer");
      out.add("note: " + clientId + " is not a client of the file; explained with its client id"
          + (profile == null ? "" : " and profile") + " only (a token's other claims, such as"
          + " scopes, are not known here)");
    } else {
      List<String> profiles = client.profiles().stream().map(p -> p.name()).toList();
      if (environment == null && profiles.size() == 1) {
        environment = profiles.get(0);
      } else if (environment == null && profiles.size() > 1) {
        throw new ConfigException(label, List.of("--profile: client " + clientId + " has the"
            + " profiles " + String.join(", ", profiles) + "; name one"));
      } else if (environment != null && !profiles.isEmpty() && !profiles.contains(environment)) {
        throw new ConfigException(label, List.of("--profile: client " + clientId + " has no"
            + " profile '" + environment + "'; its profiles are " + String.join(", ", profiles)));
      }
      caller.tenant(client.tenant()).scopes(client.scopes())
          .authMethod(ApiKeyIdentityResolver.AUTH_METHOD);
      client.attributes().forEach(caller::attribute);
      String chosen = environment;
      boolean profileRevoked = client.profiles().stream()
          .anyMatch(p -> p.name().equals(chosen) && p.revoked());
      if (client.revoked() || profileRevoked) {
        out.add("caller: client " + clientId + (environment == null ? "" : ", profile "
            + environment));
        out.add((client.revoked() ? "client " + clientId : "profile " + environment)
            + " is revoked: every request is refused with 401, and no tool is visible");
        return out;
      }
    }
    caller.environment(environment);
    CallerContext context = caller.build();
    out.add("caller: " + describe(context));

    RulePolicyEngine engine = StandaloneGateway.policy(config.policy());
    Map<ToolDefinition, String> sourceOf = new LinkedHashMap<>();
    List<ToolDefinition> approved = new ArrayList<>();
    List<String[]> hidden = new ArrayList<>();
    for (SourceImports.Imported source : sources) {
      for (ToolDefinition tool : source.tools()) {
        sourceOf.put(tool, source.entry().id());
        if (source.entry().approved()) {
          approved.add(tool);
        } else {
          hidden.add(new String[] {tool.name(), "source " + source.entry().id()
              + " is not approved"});
        }
      }
    }
    PolicyExplanation explanation = engine.explain(context, approved);
    List<String[]> visible = new ArrayList<>();
    List<String[]> denied = new ArrayList<>();
    for (ToolExplanation tool : explanation.tools()) {
      if (tool.visible()) {
        visible.add(new String[] {tool.tool(), tool.decision().reason()});
      } else {
        denied.add(new String[] {tool.tool(), tool.decision().reason()
            + because(tool, config.policy())});
      }
    }
    denied.addAll(hidden);
    int total = sourceOf.size();
    int width = 0;
    for (String[] row : visible) {
      width = Math.max(width, Math.min(48, row[0].length()));
    }
    for (String[] row : denied) {
      width = Math.max(width, Math.min(48, row[0].length()));
    }
    out.add("visible: " + visible.size() + " of " + total + " tools");
    out.addAll(rows(visible, width));
    out.add("hidden: " + denied.size() + " of " + total + " tools");
    out.addAll(rows(denied, width));
    if (config.policy().dryRun()) {
      out.add("note: policy.dryRun is true: nothing is denied; 'dry-run: would deny' marks what"
          + " enforcement would hide");
    }
    return out;
  }

  private static String describe(CallerContext caller) {
    StringBuilder text = new StringBuilder("client ").append(caller.clientId());
    text.append(", profile ").append(caller.environment() == null ? "(none)"
        : caller.environment());
    text.append(", auth ").append(caller.authMethod());
    if (caller.tenant() != null) {
      text.append(", tenant ").append(caller.tenant());
    }
    if (!caller.scopes().isEmpty()) {
      text.append(", scopes ").append(String.join(" ", caller.scopes()));
    }
    return text.toString();
  }

  /**
   * For a tool no rule allows: each allow rule that targets it, and the caller conditions that
   * kept it from matching; for a tool a rule denies, the rule's reason, if it gives one.
   */
  private static String because(ToolExplanation tool, ServeConfig.PolicyConfig policy) {
    List<String> parts = new ArrayList<>();
    if (!tool.decidingRules().isEmpty()) {
      String rule = tool.decidingRules().get(0);
      Optional<String> reason = policy.rules().stream()
          .map(ServeConfig.Rule::rule)
          .filter(r -> r.id().equals(rule))
          .map(PolicyRule::description)
          .filter(d -> d != null)
          .findFirst();
      reason.ifPresent(r -> parts.add("the rule's reason: " + r));
    } else {
      for (ToolExplanation.RuleTrace trace : tool.rules()) {
        if (trace.effect() != PolicyRule.Effect.ALLOW || trace.matched()) {
          continue;
        }
        List<String> failed = new ArrayList<>();
        for (ToolExplanation.ConditionTrace condition : trace.conditions()) {
          if (condition.outcome() == ToolExplanation.Outcome.FAILED) {
            failed.add(condition.condition() + ", was " + condition.actual());
          }
        }
        if (!failed.isEmpty()) {
          parts.add(trace.ruleId() + " (allow) needs " + String.join("; ", failed));
        }
      }
    }
    return parts.isEmpty() ? "" : "; " + String.join("; ", parts);
  }

  private static List<String> rows(List<String[]> rows, int width) {
    List<String> out = new ArrayList<>();
    for (String[] row : rows) {
      out.add("  " + row[0] + " ".repeat(Math.max(2, width - row[0].length() + 2)) + row[1]);
    }
    return out;
  }
}
