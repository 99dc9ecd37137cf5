package dev.mcpgate.core.internal.gates;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.SourceRegistry;
import dev.mcpgate.core.internal.RegisteredTool;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/** Gate 1: the tool's source is known and approved. A tool implemented in Java has no source. */
public final class SourceApprovedGate implements Gate {

  private static final Verdict NOT_IMPORTED = Verdict.pass("not imported");
  private static final Verdict APPROVED = Verdict.pass("approved");

  private final SourceRegistry sources;

  /**
   * A gate reading a registry.
   *
   * @param sources the registry
   */
  public SourceApprovedGate(SourceRegistry sources) {
    this.sources = sources;
  }

  @Override
  public String name() {
    return "sourceApproved";
  }

  @Override
  public Verdict check(CallerContext caller, RegisteredTool tool, @Nullable ObjectNode arguments) {
    String id = tool.definition().source();
    if (id == null) {
      return NOT_IMPORTED;
    }
    Source source = sources.find(id).orElse(null);
    if (source == null) {
      return Verdict.stop(Verdict.Stop.HIDE, "unknown source", "");
    }
    return source.approved() ? APPROVED : Verdict.stop(Verdict.Stop.HIDE, "source not approved", "");
  }
}
