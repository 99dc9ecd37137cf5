package dev.mcpgate.core.internal.gates;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.GateId;
import dev.mcpgate.core.internal.RegisteredTool;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * One runtime gate: a check that can stop a call before anything reaches the upstream or the
 * secret store. Implementations are thread-safe and do not block.
 */
public interface Gate {

  /**
   * The gate in the audit trail, such as {@link GateId#POLICY}.
   *
   * @return the gate's id
   */
  GateId id();

  /**
   * Checks a call, or a listing when {@code arguments} is null.
   *
   * @param caller who is calling
   * @param tool the tool
   * @param arguments the call's arguments, or null when deciding whether the tool is listed
   * @return the verdict
   */
  Verdict check(CallerContext caller, RegisteredTool tool, @Nullable ObjectNode arguments);

  /**
   * Whether tools are listed for a caller: {@link #check} without arguments, for one {@code
   * tools/list} that asks once per tool of the catalog. The filter is made for one listing and
   * used by one thread, so a gate can prepare what depends only on the caller once, and skip
   * building a verdict that nobody records. It must answer exactly as {@code check(caller, tool,
   * null).passed()} would.
   *
   * @param caller who is asking
   * @return whether the listing of a tool passes this gate
   */
  default Predicate<RegisteredTool> listing(CallerContext caller) {
    return tool -> check(caller, tool, null).passed();
  }
}
