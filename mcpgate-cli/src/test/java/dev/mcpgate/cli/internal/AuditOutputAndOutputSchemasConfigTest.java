package dev.mcpgate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpgate.core.OutputSchemaMode;
import dev.mcpgate.core.audit.RotatingFileAuditSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit.output} and {@code sources[].outputSchemas} in a serve configuration. */
class AuditOutputAndOutputSchemasConfigTest {

  @TempDir Path dir;

  @BeforeEach
  void files() throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), "openapi: 3.0.3\n");
  }

  private ServeConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, dir.resolve("mcpgate.yaml"), "mcpgate.yaml");
  }

  private List<String> problems(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
    assertThat(e).as("expected the configuration to be refused").isNotNull();
    return e.problems();
  }

  private static String withAudit(String audit) {
    return """
        sources:
          - id: pets
            description: pets.yaml
        audit:
        """ + audit.indent(2);
  }

  @Test
  void auditEventsGoToStandardOutputUnlessSaidOtherwise() {
    assertThat(parse(withAudit("arguments: none")).audit().output())
        .isEqualTo(new ServeConfig.AuditOutput.Stdout());
    assertThat(parse(withAudit("output: stdout")).audit().output())
        .isEqualTo(new ServeConfig.AuditOutput.Stdout());
    assertThat(parse(withAudit("output: log")).audit().output())
        .isEqualTo(new ServeConfig.AuditOutput.Log());
  }

  @Test
  void aFileOutputResolvesAgainstTheConfigurationsDirectoryWithTheLibrarysDefaults() {
    ServeConfig config = parse(withAudit("""
        arguments: {redact: [password]}
        output: {file: logs/audit.jsonl}"""));

    assertThat(config.audit().output()).isEqualTo(new ServeConfig.AuditOutput.File(
        dir.resolve("logs/audit.jsonl"), RotatingFileAuditSink.DEFAULT_MAX_FILE_BYTES,
        RotatingFileAuditSink.DEFAULT_KEEP));
    assertThat(config.audit().recordArguments()).isTrue();

    assertThat(parse(withAudit("""
        output:
          file: /var/log/mcpgate/audit.jsonl
          maxFileBytes: 1048576
          keep: 20""")).audit().output()).isEqualTo(new ServeConfig.AuditOutput.File(
        Path.of("/var/log/mcpgate/audit.jsonl"), 1048576, 20));
  }

  @Test
  void aBadOutputIsNamedWithoutQuotingWhatWasWritten() {
    assertThat(problems(withAudit("output: sk_live_not_a_destination"))).containsExactly(
        "audit.output: must be stdout, log or {file: PATH, maxFileBytes: N, keep: N}, was a"
            + " string");
    assertThat(problems(withAudit("output: {maxFileBytes: 10, keep: 0, rotate: daily}")))
        .anySatisfy(problem -> assertThat(problem).startsWith("audit.output.file:"))
        .anySatisfy(problem -> assertThat(problem).startsWith("audit.output.maxFileBytes:"))
        .anySatisfy(problem -> assertThat(problem).startsWith("audit.output.keep:"))
        .anySatisfy(problem -> assertThat(problem).startsWith("audit.output.rotate:"))
        .noneSatisfy(problem -> assertThat(problem).contains("daily"));
    assertThat(problems(withAudit("output: {file: .}")))
        .containsExactly("audit.output.file: is a directory; name the file the lines go to");
  }

  @Test
  void anAuditFileThatCannotBeOpenedIsAConfigurationProblem() throws IOException {
    Files.writeString(dir.resolve("not-a-directory"), "x");
    Files.writeString(dir.resolve("pets.yaml"), """
        openapi: 3.0.3
        info: {title: Pets, version: "1"}
        servers: [{url: "https://pets.example.com"}]
        paths:
          /pets:
            get: {operationId: listPets, responses: {"200": {description: ok}}}
        """);
    ServeConfig config = parse(withAudit("output: {file: not-a-directory/audit.jsonl}"));

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> StandaloneGateway.assemble(config, name -> null, "mcpgate.yaml").close());

    assertThat(e).isNotNull();
    assertThat(e.problems()).singleElement().satisfies(problem ->
        assertThat(problem).startsWith("audit.output.file: cannot be opened for writing"));
  }

  @Test
  void aSourcesOutputSchemaModeIsLenientUnlessSet() {
    ServeConfig config = parse("""
        sources:
          - {id: a, description: pets.yaml}
          - {id: b, description: pets.yaml, outputSchemas: strict}
          - {id: c, description: pets.yaml, outputSchemas: NONE}
        """);

    assertThat(config.sources()).extracting(ServeConfig.SourceEntry::outputSchemas)
        .containsExactly(OutputSchemaMode.LENIENT, OutputSchemaMode.STRICT, OutputSchemaMode.NONE);
    assertThat(problems("""
        sources:
          - {id: a, description: pets.yaml, outputSchemas: loose}
        """)).containsExactly("sources[0].outputSchemas: must be strict, lenient or none");
  }
}
