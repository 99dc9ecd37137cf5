package dev.mcpgate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.control.Baseline;
import dev.mcpgate.control.ImportSettings;
import dev.mcpgate.control.RuleDefinition;
import dev.mcpgate.core.OutputSchemaMode;
import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.testkit.FakeUpstream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link FileBaseline#declare} reads from a configuration file: a URL source's bytes
 * (recorded without the URL's query), its import settings, a key given by reference as
 * its id and hash only, the rules the store can hold; and what it cannot mirror, said so.
 */
class FileBaselineDeclareTest {

  private static final String PETS = """
      openapi: 3.0.3
      info: {title: Pets, version: "1"}
      servers: [{url: "https://pets.invalid/v1"}]
      paths:
        /pets:
          get: {operationId: listPets, summary: List pets, responses: {"200": {description: ok}}}
          post: {operationId: addPet, summary: Add a pet, responses: {"201": {description: ok}}}
      """;

  @TempDir Path dir;
  private final FakeUpstream upstream = FakeUpstream.start()
      .otherwise(FakeUpstream.Answer.text(200, PETS));

  @AfterEach
  void stop() {
    upstream.close();
  }

  private ServeConfig load(String yaml) throws IOException {
    Path file = dir.resolve("mcpgate.yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(file);
  }

  @Test
  void aUrlSourceIsReadWithItsSelectionAndRecordedWithoutItsQuery() throws IOException {
    String url = upstream.url("/pets.yaml?token=canary-query-token").toString();
    ServeConfig config = load("""
        sources:
          - {id: pets, description: "%s", approved: true, operations: [addPet], toolPrefix: zoo,
             baseUrl: "https://pets.internal/v2", outputSchemas: strict,
             credentialParameters: ["query:key"]}
        store: {}
        """.formatted(url));
    List<String> problems = new ArrayList<>();

    FileBaseline.Declared declared = FileBaseline.declare(config, name -> null, problems);

    assertThat(problems).isEmpty();
    assertThat(declared.baseline().sources()).singleElement().satisfies(source -> {
      assertThat(new String(source.description(), StandardCharsets.UTF_8)).isEqualTo(PETS);
      assertThat(source.location()).doesNotContain("canary-query-token").endsWith("?...");
      assertThat(source.approved()).isTrue();
      // The operations are imported by id, with the entry's other settings, as the file does.
      assertThat(source.selection()).isNull();
      assertThat(source.settings()).isEqualTo(ImportSettings.builder().operations(
              List.of("addPet")).toolPrefix("zoo").baseUrl("https://pets.internal/v2")
          .outputSchemas(OutputSchemaMode.STRICT).credentialParameters(List.of("query:key"))
          .build());
    });
  }

  @Test
  void aKeyGivenByReferenceBecomesItsIdAndHashOnly() throws IOException {
    String key = ClientRegistry.generateKey();
    ServeConfig config = load("""
        sources: []
        clients:
          - id: reader
            profiles:
              production:
                keys:
                  - {ref: "env:READER_KEY"}
        store: {}
        """);
    List<String> problems = new ArrayList<>();

    FileBaseline.Declared declared =
        FileBaseline.declare(config, Map.of("READER_KEY", key)::get, problems);

    assertThat(problems).isEmpty();
    Baseline.KeySpec spec = declared.baseline().clients().get(0).profiles().get(0).keys().get(0);
    assertThat(spec.keyId()).isEqualTo(ClientRegistry.keyIdOf(key));
    assertThat(spec.sha256()).isEqualTo(ClientRegistry.hashKey(key));
    assertThat(declared.baseline().toString()).doesNotContain(key);
  }

  @Test
  void aKeyThatCannotBeReadIsAProblemThatNeverQuotesIt() throws IOException {
    ServeConfig config = load("""
        sources: []
        clients:
          - id: reader
            profiles:
              production:
                keys:
                  - {ref: "env:READER_KEY"}
        store: {}
        """);
    List<String> problems = new ArrayList<>();

    FileBaseline.declare(config, Map.of("READER_KEY", "not-a-key-canary")::get, problems);

    assertThat(problems).singleElement().asString()
        .startsWith("clients[0].profiles.production.keys[0]").doesNotContain("canary");
  }

  @Test
  void rulesTheStoreCanHoldAreMirroredAndTheOthersNamed() throws IOException {
    ServeConfig config = load("""
        sources: []
        clients:
          - id: reader
        policy:
          rules:
            - {id: readers, effect: allow, clients: [reader], tools: ["list*"],
               annotations: {readOnly: true}}
            - {id: agents-only, effect: allow, agents: [claude]}
            - {effect: deny, tools: [addPet]}
        limits:
          rate:
            perClient: {capacity: 10, period: PT1S}
        store: {}
        """);
    List<String> problems = new ArrayList<>();

    FileBaseline.Declared declared = FileBaseline.declare(config, name -> null, problems);

    assertThat(declared.baseline().rules()).extracting(RuleDefinition::id)
        .containsExactly("readers");
    assertThat(declared.baseline().rules().get(0).readOnly()).isTrue();
    assertThat(declared.mirroredRules()).containsExactly("readers");
    assertThat(declared.notes()).containsExactly(
        "policy.rules[1] (agents-only): served from the file, not mirrored: the store's rules"
            + " cannot match on agents",
        "policy.rules[2]: served from the file, not mirrored: its id is not a store id (1 to 64"
            + " of A-Z a-z 0-9 _ . -): give it an id",
        "limits.rate: served from the file, not mirrored (the store's limits count per client,"
            + " profile or tool for all callers; the file's count per caller)");
  }
}
