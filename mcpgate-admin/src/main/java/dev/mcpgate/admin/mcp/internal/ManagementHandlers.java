package dev.mcpgate.admin.mcp.internal;

import dev.mcpgate.admin.mcp.ConfirmationRequest;
import dev.mcpgate.admin.mcp.ConfirmationResult;
import dev.mcpgate.admin.mcp.HumanConfirmation;
import dev.mcpgate.admin.mcp.internal.ManagementTool.Destructive;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.OperationEvidence;
import dev.mcpgate.control.Review;
import dev.mcpgate.control.RevisionDiff;
import dev.mcpgate.core.ToolCall;
import dev.mcpgate.core.ToolHandler;
import dev.mcpgate.core.ToolResult;
import dev.mcpgate.core.policy.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The three kinds of management tool handler: a read calls the admin API in-process and answers
 * with its data; a change calls it with {@code dryRun=true} and answers with a signed plan;
 * {@code apply} checks a plan (signature, operator, expiry, single use, base revision), asks a
 * human when the change is destructive, spends the plan, checks the base revision again and
 * makes the change with the plan's exact arguments.
 * Every refusal is an {@code isError} result saying why. Thread-safe.
 */
final class ManagementHandlers {

  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final ManagementCatalog catalog;
  private final ToolHandler upstream;
  private final ControlPlane control;
  private final Plans plans;
  private final HumanConfirmation confirmation;

  ManagementHandlers(ManagementCatalog catalog, ToolHandler upstream, ControlPlane control,
      Plans plans, HumanConfirmation confirmation) {
    this.catalog = catalog;
    this.upstream = upstream;
    this.control = control;
    this.plans = plans;
    this.confirmation = confirmation;
  }

  ToolHandler read(ManagementTool tool) {
    return call -> {
      ToolResult result = upstream.call(new Rebound(call, tool.imported(), call.arguments()));
      AdminAnswer answer = AdminAnswer.of(result);
      if (answer.status() == 0) {
        return result;
      }
      ObjectNode fields = ManagementCatalog.JSON.createObjectNode();
      fields.put("tool", tool.name());
      fields.put("status", answer.status());
      String said = answer.ok()
          ? tool.name() + " answered."
          : "The admin API refused " + tool.name() + " with HTTP " + answer.status()
              + "; its problem report is in the data.";
      return UntrustedData.result(said, fields, answer.body(), !answer.ok());
    };
  }

  ToolHandler plan(ManagementTool tool) {
    return call -> {
      Optional<Actor> actor = OperatorIdentity.actor(call.caller());
      if (actor.isEmpty()) {
        return ToolResult.error("Only an operator can plan a change.");
      }
      long base = control.sequence();
      ObjectNode arguments = call.arguments().deepCopy();
      String ifMatch = arguments.path(ManagementCatalog.IF_MATCH).asString("");
      if (ifMatch.matches("[1-9][0-9]{0,17}")) {
        arguments.put(ManagementCatalog.IF_MATCH, "\"" + ifMatch + "\"");
      }
      ObjectNode dryRun = arguments.deepCopy();
      dryRun.put("dryRun", true);
      ToolResult result = upstream.call(new Rebound(call, tool.imported(), dryRun));
      AdminAnswer answer = AdminAnswer.of(result);
      if (answer.status() == 0) {
        return result;
      }
      ObjectNode fields = ManagementCatalog.JSON.createObjectNode();
      fields.put("tool", tool.name());
      if (!answer.ok()) {
        fields.put("planned", false);
        fields.put("status", answer.status());
        return UntrustedData.result("No plan: the admin API refused " + tool.name()
            + " with HTTP " + answer.status() + " in its dry run; nothing changed. Its problem "
            + "report is in the data.", fields, answer.body(), true);
      }
      JsonNode changes = answer.body().path("changes");
      List<String> summaries = new ArrayList<>();
      changes.forEach(change -> summaries.add(change.path("summary").asString()));
      boolean confirm = needsConfirmation(tool, arguments);
      Plans.Plan plan = plans.plan(actor.get().id(), tool.name(), arguments, base,
          confirm, String.join("; ", summaries));
      String token = plans.token(plan);
      fields.put("planned", true);
      fields.put("planId", plan.id());
      fields.put("baseRevision", base);
      fields.put("expiresAt", plan.expires().toString());
      fields.put("needsConfirmation", confirm);
      fields.put("planToken", token);
      String said = "Plan " + plan.id() + ": " + tool.name() + " would make " + summaries.size()
          + " change(s) to the control plane at base revision " + base + " (listed in the data). "
          + "Nothing has changed. To make the change, call apply with this planToken before "
          + plan.expires() + "; it is valid once, for operator " + actor.get().id() + " only, "
          + "while the control plane stays at revision " + base + ":\n" + token
          + (confirm ? "\nThis change is destructive: apply asks a human to confirm it through "
              + "the client." : "");
      return UntrustedData.result(said, fields, changes, false);
    };
  }

  ToolHandler apply() {
    return call -> {
      Optional<Actor> actor = OperatorIdentity.actor(call.caller());
      if (actor.isEmpty()) {
        return ToolResult.error("Only an operator can apply a plan.");
      }
      Plans.Redemption redemption =
          plans.check(call.arguments().path("planToken").asString(""), actor.get().id());
      if (redemption instanceof Plans.Refused refused) {
        return ToolResult.error("Not applied: " + refused.reason() + ".");
      }
      Plans.Plan plan = ((Plans.Valid) redemption).plan();
      Optional<ManagementTool> tool = catalog.tool(plan.tool());
      Optional<String> refusal = refusal(plan, tool, actor.get());
      if (refusal.isPresent()) {
        plans.spend(plan);
        return ToolResult.error(refusal.get());
      }
      String how = null;
      if (plan.confirm()) {
        // May end this run with an input-required result (2026-07-28): the plan is not spent
        // until a run has the human's answer, and that run spends it whatever the answer.
        ConfirmationResult confirmed = confirmation.confirm(new ConfirmationRequest(
            actor.get().id(), plan.id(), plan.tool(),
            ManagementCatalog.JSON.writeValueAsString(plan.arguments()), plan.base(),
            plan.summary(), call));
        if (!plans.spend(plan)) {
          return ToolResult.error("Not applied: " + Plans.ALREADY_APPLIED.reason() + ".");
        }
        if (confirmed instanceof ConfirmationResult.Declined declined) {
          return ToolResult.error("Not applied: the human declined (" + declined.reason()
              + ").");
        }
        if (confirmed instanceof ConfirmationResult.Unavailable unavailable) {
          return ToolResult.error("Not applied: " + unavailable.reason() + ".");
        }
        how = ((ConfirmationResult.Confirmed) confirmed).how();
        // The human may have taken minutes: the plan holds only until it expires, and only at
        // its base revision.
        if (plans.expired(plan)) {
          return ToolResult.error("Not applied: this plan expired at " + plan.expires()
              + " while the human was asked; plan again.");
        }
        refusal = refusal(plan, tool, actor.get());
        if (refusal.isPresent()) {
          return ToolResult.error(refusal.get());
        }
      } else if (!plans.spend(plan)) {
        return ToolResult.error("Not applied: " + Plans.ALREADY_APPLIED.reason() + ".");
      }
      ToolResult result = upstream.call(
          new Rebound(call, tool.get().imported(), plan.arguments()));
      AdminAnswer answer = AdminAnswer.of(result);
      if (answer.status() == 0) {
        return result;
      }
      ObjectNode fields = ManagementCatalog.JSON.createObjectNode();
      fields.put("applied", answer.ok());
      fields.put("planId", plan.id());
      fields.put("tool", plan.tool());
      fields.put("baseRevision", plan.base());
      fields.put("status", answer.status());
      if (how != null) {
        fields.put("confirmed", how);
      }
      String said = answer.ok()
          ? "Applied plan " + plan.id() + " (" + plan.tool() + "). The change log records it "
              + "with surface mcp and operator " + actor.get().id() + "."
          : "Not applied: the admin API refused plan " + plan.id() + " (" + plan.tool()
              + ") with HTTP " + answer.status() + "; its problem report is in the data.";
      return UntrustedData.result(said, fields, answer.body(), !answer.ok());
    };
  }

  /** Why a checked plan cannot be applied by this operator now, if it cannot. */
  private Optional<String> refusal(Plans.Plan plan, Optional<ManagementTool> tool, Actor actor) {
    if (tool.isEmpty() || tool.get().kind() != ManagementTool.Kind.CHANGE) {
      return Optional.of("Not applied: the plan names no change tool of this server.");
    }
    if (!actor.role().includes(tool.get().role())) {
      return Optional.of("Not applied: " + plan.tool() + " needs role "
          + tool.get().role().name().toLowerCase(Locale.ROOT) + ".");
    }
    long now = control.sequence();
    if (now != plan.base()) {
      return Optional.of("Not applied: the control plane changed since the plan was made "
          + "(base revision " + plan.base() + ", now " + now + "). Plan again to see the "
          + "change against the current state.");
    }
    return Optional.empty();
  }

  /** Whether applying this change needs a human, decided from the arguments and the store. */
  private boolean needsConfirmation(ManagementTool tool, ObjectNode arguments) {
    Destructive destructive = tool.destructive();
    return switch (destructive) {
      case NO -> false;
      case ALWAYS -> true;
      case WHEN_WRITES_CHANGE -> addsWrites(arguments);
      case WHEN_POLICY_ALLOWS_MORE -> allowsMore(arguments);
    };
  }

  private boolean addsWrites(ObjectNode arguments) {
    Optional<Review> review = control.review(arguments.path("source").asString(""),
        arguments.path("number").asInt(0));
    if (review.isEmpty()) {
      return true;
    }
    RevisionDiff diff = review.get().evidence().diff();
    if (diff.base() > 0) {
      return diff.writesChanged();
    }
    // A first revision adds every operation it has.
    for (OperationEvidence operation : review.get().evidence().operations()) {
      if (!READ_METHODS.contains(operation.method().toUpperCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private boolean allowsMore(ObjectNode arguments) {
    String effect = arguments.path("body").path("effect").asString("");
    if (!effect.equalsIgnoreCase("deny")) {
      return true;
    }
    // A new deny rule only narrows; replacing a deny rule may narrow what it denies.
    String id = arguments.path("rule").asString("");
    return control.rules().stream().anyMatch(rule -> rule.meta().id().equals(id)
        && rule.definition().effect() == PolicyRule.Effect.DENY);
  }
}
