package dev.mcpgate.core.internal.gates;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.core.internal.RegisteredTool;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * One runtime gate: a check that can stop a call before anything reaches the upstream or the
 * secret store. Implementations are thread-safe and do not block.
 */
public interface Gate {

  /**
   * The gate's name in the audit trail, such as {@code policy}.
   *
   * @return the name
   */
  String name();

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
   * Whether a tool is listed for a caller: {@link #check} without arguments, for a {@code
   * tools/list} that asks once per tool of the catalog. Gates override it to skip building a
   * verdict that nobody records.
   *
   * @param caller who is asking
   * @param tool the tool
   * @return true if the listing passes this gate
   */
  default boolean lists(CallerContext caller, RegisteredTool tool) {
    return check(caller, tool, null).passed();
  }
}
