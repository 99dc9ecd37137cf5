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
import java.util.List;
import java.util.Set;
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
    for (Gate gate : gates) {
      for (RegisteredTool tool : tools) {
        boolean passed = gate.check(caller, tool, null).passed();
        assertThat(gate.lists(caller, tool)).as(gate.name() + " " + tool.definition())
            .isEqualTo(passed);
        hidden += passed ? 0 : 1;
      }
    }
    assertThat(hidden).as("the cases include hidden tools").isGreaterThan(5);
  }
}
