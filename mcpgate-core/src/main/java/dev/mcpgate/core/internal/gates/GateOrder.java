package dev.mcpgate.core.internal.gates;

import dev.mcpgate.api.GateId;
import java.util.List;

/**
 * The seven gates of a {@code tools/call}, in the order DESIGN.md gives them and a call meets
 * them: the one place that lists them. Gates 1 to 6 are {@link GatePipeline}'s, run by the engine
 * before any handler; gate 7 is the upstream adapter's target step ({@code TargetStep}), run once
 * the request is built and before the credential is resolved, and again for each redirect.
 *
 * <p>Not gates of this list, though the audit trail records them beside it: {@link
 * GateId#IDENTITY} (the transport's), {@link GateId#CATALOG} (the tool exists and is visible) and
 * {@link GateId#REQUEST} (the adapter could place the arguments in a request; recorded only when
 * it could not).
 */
public final class GateOrder {

  /** Gate 7: the upstream target (and each redirect's) is allowed and not private. */
  public static final GateId TARGET_HOST = GateId.TARGET_HOST;

  /** The seven gates, gate 1 first. */
  public static final List<GateId> CALL = List.of(
      GateId.SOURCE_APPROVED,     // 1
      GateId.OPERATION_SELECTED,  // 2
      GateId.POLICY,              // 3
      GateId.INPUT_SCHEMA,        // 4
      GateId.SIZE_LIMITS,         // 5
      GateId.RATE_LIMIT,          // 6
      TARGET_HOST);               // 7

  /** The gates the engine's pipeline runs for a call: 1 to 6. */
  public static final List<GateId> PIPELINE = CALL.subList(0, 6);

  /** The gates a listing runs, without arguments: 1 to 3. */
  public static final List<GateId> LISTING = CALL.subList(0, 3);

  private GateOrder() {}

  /**
   * A gate's number in DESIGN.md.
   *
   * @param gate the gate
   * @return 1 to 7, or 0 for an audit entry that is none of the seven
   */
  public static int number(GateId gate) {
    return CALL.indexOf(gate) + 1;
  }
}
