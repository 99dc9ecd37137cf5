package dev.mcpgate.core.internal.gates;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.GateId;
import dev.mcpgate.core.internal.RegisteredTool;
import dev.mcpgate.core.internal.SchemaCompiler;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/** Gate 4: the arguments are valid against the tool's input schema (JSON Schema 2020-12). */
public final class InputSchemaGate implements Gate {

  private static final Verdict VALID = Verdict.pass("valid");

  @Override
  public GateId id() {
    return GateId.INPUT_SCHEMA;
  }

  @Override
  public Verdict check(CallerContext caller, RegisteredTool tool, @Nullable ObjectNode arguments) {
    if (arguments == null) {
      return VALID;
    }
    List<String> errors = SchemaCompiler.validate(tool.inputSchema(), arguments);
    if (errors.isEmpty()) {
      return VALID;
    }
    return new Verdict.Invalid(errors.size() + " error(s)",
        "Invalid arguments for tool " + tool.name() + ": " + String.join("; ", errors));
  }
}
