package dev.mcpgate.core.internal;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * What a tool with an output schema promises, in the two forms the engine may advertise and
 * enforce: as declared, and relaxed ({@link RelaxedSchema}); plus the tool's listing without
 * any output schema.
 *
 * <p>Each form is built the first time it is needed and kept: a catalog of thousands of tools
 * pays only for the forms its sources use. Thread-safe: two threads that need a form at once may
 * both build it, and either result is kept (they are equal).
 *
 * <p>Validation asserts {@code format}, as the official TypeScript client's validator (Ajv with
 * ajv-formats) does, the OpenAPI formats {@code int32}, {@code int64} and {@code byte} included
 * ({@link ClientFormats}): an answer this class accepts is one that client accepts. An answer
 * that a schema made only of shape keywords (every relaxed schema without pattern properties or
 * tuples) surely accepts is accepted by a quick walk ({@link ShapeCheck}) without the full
 * validator, which sees only the rest: the answer is the same, at a fraction of the cost.
 */
public final class OutputContract {

  private static final SchemaRegistry OUTPUTS =
      SchemaRegistry.withDefaultDialect(
          ClientFormats.dialect(),
          builder -> builder
              .schemaLoader(loader -> loader.fetchRemoteResources(false))
              .schemaRegistryConfig(
                  SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

  private final String declared;
  private final RawValue listing;
  private volatile @Nullable Checker declaredChecker;
  private volatile @Nullable Checker relaxedChecker;
  private volatile @Nullable RawValue relaxedListing;
  private volatile @Nullable RawValue bareListing;

  /**
   * A contract.
   *
   * @param declared the output schema as the definition declares it, JSON text
   * @param listing the tool's listing with the declared schema
   */
  OutputContract(String declared, RawValue listing) {
    this.declared = declared;
    this.listing = listing;
  }

  /**
   * The tool's listing with the relaxed output schema.
   *
   * @return the serialized listing
   */
  public RawValue relaxedListing() {
    RawValue value = relaxedListing;
    if (value == null) {
      ObjectNode tool = parsedListing();
      tool.set("outputSchema", RelaxedSchema.of(tool.get("outputSchema")));
      value = serialized(tool);
      relaxedListing = value;
    }
    return value;
  }

  /**
   * The tool's listing without an output schema.
   *
   * @return the serialized listing
   */
  public RawValue bareListing() {
    RawValue value = bareListing;
    if (value == null) {
      ObjectNode tool = parsedListing();
      tool.remove("outputSchema");
      value = serialized(tool);
      bareListing = value;
    }
    return value;
  }

  /**
   * Checks structured content against the declared schema.
   *
   * @param structured the structured content
   * @return the errors, each as {@code location: message}; empty when it conforms
   */
  public List<String> checkDeclared(JsonNode structured) {
    Checker checker = declaredChecker;
    if (checker == null) {
      checker = Checker.of(Json.MAPPER.readTree(declared));
      declaredChecker = checker;
    }
    return checker.check(structured);
  }

  /**
   * Checks structured content against the relaxed schema.
   *
   * @param structured the structured content
   * @return the errors, each as {@code location: message}; empty when it conforms
   */
  public List<String> checkRelaxed(JsonNode structured) {
    Checker checker = relaxedChecker;
    if (checker == null) {
      checker = Checker.of(RelaxedSchema.of(Json.MAPPER.readTree(declared)));
      relaxedChecker = checker;
    }
    return checker.check(structured);
  }

  /**
   * One form's validator, and its fast check when the schema is a plain shape: an answer the
   * fast check accepts conforms, so it needs no full validation (the common case, measured in
   * {@code docs/benchmarks.md}); any other goes to the validator, which says what is wrong.
   */
  private record Checker(Schema schema, @Nullable ShapeCheck shape) {
    static Checker of(JsonNode schema) {
      Schema compiled = OUTPUTS.getSchema(schema);
      compiled.initializeValidators();
      return new Checker(compiled, ShapeCheck.of(schema));
    }

    List<String> check(JsonNode structured) {
      if (shape != null && shape.accepts(structured)) {
        return List.of();
      }
      return SchemaCompiler.validate(schema, structured);
    }
  }

  private ObjectNode parsedListing() {
    return (ObjectNode) Json.MAPPER.readTree(((SerializedString) listing.rawValue()).getValue());
  }

  private static RawValue serialized(ObjectNode tool) {
    SerializedString text = new SerializedString(Json.MAPPER.writeValueAsString(tool));
    text.asUnquotedUTF8();
    return new RawValue(text);
  }
}
