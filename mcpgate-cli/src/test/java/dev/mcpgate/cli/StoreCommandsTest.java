package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The control-plane commands on a real SQLite file: each command works on the store named by
 * the configuration, records its change as the local administrator through the {@code cli}
 * surface, prints a key or token once, and answers with exit code 0, 1 (refused) or 2 (usage or
 * an invalid value).
 */
class StoreCommandsTest {

  static final String PETS_V1 = """
      openapi: 3.0.3
      info: {title: Pets, version: "1"}
      servers: [{url: "https://pets.invalid/v1"}]
      paths:
        /pets:
          get: {operationId: listPets, summary: List pets, responses: {"200": {description: ok}}}
      """;

  static final String PETS_V2 = """
      openapi: 3.0.3
      info: {title: Pets, version: "2"}
      servers: [{url: "https://pets.invalid/v1"}]
      paths:
        /pets:
          get: {operationId: listPets, summary: List pets, responses: {"200": {description: ok}}}
          post: {operationId: addPet, summary: Add a pet, responses: {"201": {description: ok}}}
      """;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;
  Path config;

  record Run(int code, String out, String err) {
    JsonNode json() {
      return JSON.readTree(out);
    }
  }

  @BeforeEach
  void writeConfig() throws IOException {
    config = dir.resolve("mcpgate.yaml");
    Files.writeString(config, configText());
    Files.writeString(dir.resolve("pets-v1.yaml"), PETS_V1);
    Files.writeString(dir.resolve("pets-v2.yaml"), PETS_V2);
  }

  /** A configuration naming the store; a subclass names another database. */
  String configText() {
    return """
        sources: []
        store:
          url: jdbc:sqlite:control.db
        """;
  }

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--config";
    full[args.length + 1] = config.toString();
    int code = McpgateCommand.execute(full, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void anOperatorIsCreatedWithItsTokenPrintedOnceListedAndRevoked() {
    Run created = run("operators", "create", "olga", "--role", "approver");
    assertThat(created.code()).isZero();
    assertThat(created.out()).contains("olga").contains("approver").contains("token (shown once");
    String token = created.out().replaceAll("(?s).*(mgo_\\S+).*", "$1");

    Run listed = run("operators", "list");
    assertThat(listed.out()).contains("olga").contains("active").doesNotContain(token);

    assertThat(run("operators", "revoke", "olga").code()).isZero();
    assertThat(run("operators", "list").out()).contains("revoked");
    assertThat(run("changes").out()).doesNotContain(token).contains("cli").contains("local");
  }

  @Test
  void aRevisionIsImportedReviewedApprovedPublishedAndNarrowed() {
    Run imported = run("sources", "import", "pets", dir.resolve("pets-v1.yaml").toString());
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("revision pets@1").contains("pending")
        .contains("listPets").contains("pets.invalid");

    assertThat(run("sources", "approve", "pets", "--note", "read-only").code()).isZero();
    assertThat(run("sources", "publish", "pets", "--env", "production").code()).isZero();

    Run second = run("sources", "import", "pets", dir.resolve("pets-v2.yaml").toString());
    assertThat(second.out()).contains("diff against revision 1")
        .contains("operations added: POST /pets").contains("write operations changed: yes");
    Run review = run("sources", "review", "pets", "--output", "json");
    assertThat(review.json().at("/evidence/diff/added/0").asString()).isEqualTo("POST /pets");
    assertThat(review.json().at("/status").asString()).isEqualTo("PENDING");

    assertThat(run("sources", "reject", "pets", "--revision", "2").code()).isZero();
    Run again = run("sources", "approve", "pets", "--revision", "2");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("refused (CONFLICT)");

    assertThat(run("sources", "select", "pets", "listPets").out())
        .contains("serves 1 tools: listPets");
    Run sources = run("sources", "list", "--output", "json");
    assertThat(sources.json().at("/0/published/production").asInt()).isEqualTo(1);
  }

  @Test
  void aClientGetsAProfileAndAKeyPrintedOnceAndEachCanBeRevoked() {
    assertThat(run("clients", "create", "agent", "--name", "Agent", "--scope", "pets:read")
        .code()).isZero();
    assertThat(run("clients", "add-profile", "agent", "production").code()).isZero();
    Run issued = run("clients", "issue-key", "agent", "production", "--output", "json");
    assertThat(issued.code()).isZero();
    String key = issued.json().at("/result/secret").asString();
    String keyId = issued.json().at("/result/key/meta/id").asString();
    assertThat(key).startsWith("mgk_" + keyId + "_");
    assertThat(issued.json().at("/change/surface").asString()).isEqualTo("CLI");

    Run keys = run("clients", "keys", "agent");
    assertThat(keys.out()).contains(keyId).contains("active").doesNotContain(key);

    assertThat(run("clients", "revoke-key", keyId).out()).contains("revoked");
    assertThat(run("clients", "revoke-profile", "agent", "production").code()).isZero();
    assertThat(run("clients", "revoke", "agent").code()).isZero();
    assertThat(run("clients", "list").out()).contains("agent").contains("revoked");

    Run changes = run("changes", "--kind", "key", "--output", "json");
    assertThat(changes.json().size()).isEqualTo(2);
    assertThat(changes.out()).doesNotContain(key);
    assertThat(run("changes").out()).doesNotContain(key);
  }

  @Test
  void aBindingIsCreatedAndRotatedByReferenceOnly() {
    assertThat(run("bindings", "put", "github", "--kind", "bearer", "--secret-ref",
        "env:GITHUB_TOKEN").code()).isZero();
    Run rotated = run("bindings", "put", "github", "--kind", "bearer", "--secret-ref",
        "env:GITHUB_TOKEN_2");
    assertThat(rotated.out()).contains("env:GITHUB_TOKEN_2").contains("revision 2");

    Run pasted = run("bindings", "put", "github", "--kind", "bearer", "--secret-ref",
        "ghp_notAReference123");
    assertThat(pasted.code()).isEqualTo(2);
    assertThat(pasted.err()).doesNotContain("ghp_notAReference123");
    assertThat(run("bindings", "delete", "github").code()).isZero();
    assertThat(run("bindings", "list").out()).contains("no bindings");
  }

  @Test
  void refusalsAndUsageErrorsHaveTheirExitCodes() {
    Run missing = run("clients", "revoke", "nobody");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("refused (NOT_FOUND)");

    Run json = run("clients", "revoke", "nobody", "--output", "json");
    assertThat(json.code()).isEqualTo(1);
    assertThat(json.json().at("/refused").asString()).isEqualTo("NOT_FOUND");

    assertThat(run("operators", "create", "x", "--role", "emperor").code()).isEqualTo(2);
    assertThat(run("clients", "create").code()).isEqualTo(2);
    Run unreadable = run("sources", "import", "pets", dir.resolve("nope.yaml").toString());
    assertThat(unreadable.code()).isEqualTo(2);
    assertThat(unreadable.err()).contains("cannot read");
  }
}
