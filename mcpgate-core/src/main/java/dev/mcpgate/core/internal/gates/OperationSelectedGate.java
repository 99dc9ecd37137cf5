package dev.mcpgate.core.internal.gates;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.SourceRegistry;
import dev.mcpgate.core.internal.RegisteredTool;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/** Gate 2: the tool's operation is among those the operator selected from its source. */
public final class OperationSelectedGate implements Gate {

  private static final Verdict NOT_IMPORTED = Verdict.pass("not imported");
  private static final Verdict SELECTED = Verdict.pass("selected");

  private final SourceRegistry sources;

  /**
   * A gate reading a registry.
   *
   * @param sources the registry
   */
  public OperationSelectedGate(SourceRegistry sources) {
    this.sources = sources;
  }

  @Override
  public String name() {
    return "operationSelected";
  }

  @Override
  public Verdict check(CallerContext caller, RegisteredTool tool, @Nullable ObjectNode arguments) {
    String id = tool.definition().source();
    if (id == null) {
      return NOT_IMPORTED;
    }
    Source source = sources.find(id).orElse(null);
    if (source == null || !source.selects(tool.definition().operationId())) {
      return Verdict.stop(Verdict.Stop.HIDE, "operation not selected", "");
    }
    return SELECTED;
  }
}
