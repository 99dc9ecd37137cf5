package dev.mcpgate.core.internal.gates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.SourceRegistry;
import dev.mcpgate.core.internal.RegisteredTool;
import dev.mcpgate.core.internal.SchemaCompiler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The listing path of each gate ({@link Gate#lists}, no verdict built) answers exactly as its
 * full check without arguments: discovery can never disagree with execution.
 */
class ListingAgreesWithCheckTest {

  private final SourceRegistry sources = McpGateway.builder().build().sources();
  private final SchemaCompiler compiler = new SchemaCompiler();

  private RegisteredTool tool(String name, String source, String operation) {
    ToolDefinition.Builder builder = ToolDefinition.builder(name).operationId(operation);
    if (source != null) {
      builder.source(source);
    }
    return RegisteredTool.prepare(builder.build(), call -> null, compiler);
  }

  @Test
  void everyGateListsExactlyWhatItsCheckPasses() {
    sources.put(Source.approved("open"));
    sources.put(Source.pending("pending"));
    sources.put(Source.approved("some").selecting(Set.of("kept")));
    List<RegisteredTool> tools = new ArrayList<>();
    for (String source : new String[] {null, "open", "pending", "some", "unknown"}) {
      for (String operation : new String[] {"kept", "other"}) {
        tools.add(tool("t" + tools.size(), source, operation));
      }
    }
    List<Gate> gates = List.of(
        SourceGate.approved(sources), SourceGate.operationSelected(sources),
        new PolicyGate(request -> request.tool().name().hashCode() % 2 == 0
            ? PolicyDecision.allow("even") : PolicyDecision.deny("odd")),
        new InputSchemaGate());
    CallerContext caller = CallerContext.anonymous();
    int hidden = 0;
    Random random = new Random(7);
    for (Gate gate : gates) {
      // One filter per listing walks the tools in the catalog's order and in shuffled ones, so
      // that a gate remembering the previous tool's source is asked across every change.
      for (int walk = 0; walk < 20; walk++) {
        List<RegisteredTool> order = new ArrayList<>(tools);
        if (walk > 0) {
          Collections.shuffle(order, random);
        }
        Predicate<RegisteredTool> listing = gate.listing(caller);
        for (RegisteredTool tool : order) {
          boolean passed = gate.check(caller, tool, null).passed();
          assertThat(listing.test(tool)).as(gate.id() + " " + tool.definition())
              .isEqualTo(passed);
          hidden += passed || walk > 0 ? 0 : 1;
        }
      }
    }
    assertThat(hidden).as("the cases include hidden tools").isGreaterThan(5);
  }
}
