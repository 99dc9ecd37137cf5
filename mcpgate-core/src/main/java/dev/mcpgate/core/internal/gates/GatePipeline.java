package dev.mcpgate.core.internal.gates;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.core.internal.RegisteredTool;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The engine's runtime gates, 1 to 6 of {@link GateOrder}, in that order. A listing runs the
 * gates that need no arguments (source approved, operation selected, policy) so that discovery
 * and execution never disagree; a call runs them all and stops at the first that fails. Gate 7
 * is the upstream adapter's. Thread-safe.
 */
public final class GatePipeline {

  private final List<Gate> listing;
  private final List<Gate> call;

  /**
   * A pipeline.
   *
   * @param listing the gates a listing runs: {@link GateOrder#LISTING}, in that order
   * @param call the gates a call runs: {@link GateOrder#PIPELINE}, in that order, starting with
   *     the listing's own instances
   * @throws IllegalArgumentException if a list is not in {@link GateOrder}'s order
   */
  public GatePipeline(List<Gate> listing, List<Gate> call) {
    this.listing = List.copyOf(listing);
    this.call = List.copyOf(call);
    if (!ids(this.listing).equals(GateOrder.LISTING) || !ids(this.call).equals(GateOrder.PIPELINE)
        || !this.call.subList(0, this.listing.size()).equals(this.listing)) {
      throw new IllegalArgumentException("a pipeline runs gates " + GateOrder.PIPELINE
          + " for a call and the first of them, " + GateOrder.LISTING + ", for a listing");
    }
  }

  /**
   * Which tools are listed for a caller, for one listing: a tool is listed when every listing
   * gate passes it. Made per listing, used by one thread.
   *
   * @param caller who is asking
   * @return whether a tool is listed
   */
  public Predicate<RegisteredTool> listing(CallerContext caller) {
    List<Predicate<RegisteredTool>> filters = new ArrayList<>(listing.size());
    for (Gate gate : listing) {
      filters.add(gate.listing(caller));
    }
    return tool -> {
      for (int i = 0; i < filters.size(); i++) {
        if (!filters.get(i).test(tool)) {
          return false;
        }
      }
      return true;
    };
  }

  /**
   * Runs the call gates, recording each outcome in the audit event.
   *
   * @param caller who is calling
   * @param tool the tool
   * @param arguments the arguments
   * @param event the call's audit event
   * @return the verdict of the gate that stopped the call, or null when every gate passed
   * @throws RuntimeException when a gate's dependency (a policy engine, a rate-limit store) is
   *     broken; the failing gate is recorded first
   */
  public @Nullable Verdict check(
      CallerContext caller, RegisteredTool tool, ObjectNode arguments, AuditEvent.Builder event) {
    for (Gate gate : call) {
      Verdict verdict;
      try {
        verdict = gate.check(caller, tool, arguments);
      } catch (RuntimeException broken) {
        event.gate(new GateOutcome(gate.id(), false, "the " + gate.id().jsonName() + " gate failed"));
        throw broken;
      }
      event.gate(new GateOutcome(gate.id(), verdict.passed(), verdict.reason()));
      if (!verdict.passed()) {
        return verdict;
      }
    }
    return null;
  }

  private static List<GateId> ids(List<Gate> gates) {
    List<GateId> ids = new ArrayList<>(gates.size());
    gates.forEach(gate -> ids.add(gate.id()));
    return ids;
  }
}
