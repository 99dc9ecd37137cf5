package dev.mcpgate.core.internal.gates;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.GateId;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.SourceRegistry;
import dev.mcpgate.core.internal.RegisteredTool;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gates 1 and 2: the tool's source is known and approved, and its operation is among those the
 * operator selected. A tool implemented in Java has no source and passes both. An unknown source
 * fails both: sources fail closed.
 */
public final class SourceGate implements Gate {

  private static final Verdict NOT_IMPORTED = Verdict.pass("not imported");

  private final GateId id;
  private final SourceRegistry sources;
  private final Verdict unknownSource;
  private final Check check;

  /** What the gate asks of a known source. */
  @FunctionalInterface
  private interface Check {
    Verdict of(Source source, RegisteredTool tool);
  }

  private SourceGate(GateId id, SourceRegistry sources, Verdict unknownSource, Check check) {
    this.id = id;
    this.sources = sources;
    this.unknownSource = unknownSource;
    this.check = check;
  }

  /**
   * Gate 1, {@code sourceApproved}.
   *
   * @param sources the registry
   * @return the gate
   */
  public static SourceGate approved(SourceRegistry sources) {
    Verdict approved = Verdict.pass("approved");
    Verdict pending = new Verdict.Hide("source not approved");
    return new SourceGate(GateId.SOURCE_APPROVED, sources,
        new Verdict.Hide("unknown source"),
        (source, tool) -> source.approved() ? approved : pending);
  }

  /**
   * Gate 2, {@code operationSelected}.
   *
   * @param sources the registry
   * @return the gate
   */
  public static SourceGate operationSelected(SourceRegistry sources) {
    Verdict selected = Verdict.pass("selected");
    Verdict unselected = new Verdict.Hide("operation not selected");
    return new SourceGate(GateId.OPERATION_SELECTED, sources, unselected,
        (source, tool) -> source.selects(tool.definition().operationId()) ? selected : unselected);
  }

  @Override
  public GateId id() {
    return id;
  }

  /**
   * A listing walks the catalog in name order, where the tools of one source mostly follow each
   * other: the filter looks a source up again only when the id changes from the previous tool's.
   */
  @Override
  public Predicate<RegisteredTool> listing(CallerContext caller) {
    return new Predicate<>() {
      private @Nullable String lastId;
      private @Nullable Source lastSource;

      @Override
      public boolean test(RegisteredTool tool) {
        String id = tool.definition().source();
        if (id == null) {
          return NOT_IMPORTED.passed();
        }
        if (!id.equals(lastId)) {
          lastSource = sources.find(id).orElse(null);
          lastId = id;
        }
        return verdict(lastSource, tool).passed();
      }
    };
  }

  @Override
  public Verdict check(CallerContext caller, RegisteredTool tool, @Nullable ObjectNode arguments) {
    String id = tool.definition().source();
    return id == null ? NOT_IMPORTED : verdict(sources.find(id).orElse(null), tool);
  }

  /** The verdict on an imported tool whose source was looked up, null if it is unknown. */
  private Verdict verdict(@Nullable Source source, RegisteredTool tool) {
    return source == null ? unknownSource : check.of(source, tool);
  }
}
