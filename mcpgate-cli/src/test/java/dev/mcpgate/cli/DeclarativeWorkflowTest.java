package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.core.identity.ClientRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcpgate diff}, {@code apply} and {@code export}: the file is compared with the store by
 * the one plan serve reconciles with, applied only to what the file owns, and the store's state
 * exported as a file that, applied to an empty store, shows no drift there. On SQLite here; the
 * PostgreSQL variant overrides {@link #storeSection}.
 */
class DeclarativeWorkflowTest {

  static final String KEY = ClientRegistry.generateKey();
  static final String KEY_LINE = "{id: \"%s\", hash: \"%s\"}".formatted(
      ClientRegistry.keyIdOf(KEY), HexFormat.of().formatHex(ClientRegistry.hashKey(KEY)));

  @TempDir Path dir;
  Path file;

  record Run(int code, String out, String err) {}

  /** The store section of a configuration in {@code directory}. */
  String storeSection(String name) {
    return "store:\n  url: jdbc:sqlite:" + name + ".db\n";
  }

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = McpgateCommand.execute(args, new PrintWriter(out, true),
        new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  String config(String scopes, String extraRule) {
    return """
        sources:
          - id: pets
            description: pets.yaml
            approved: true
            operations: [listPets]
            binding: petsKey
        bindings:
          - {id: petsKey, kind: bearer, secretRef: "env:PETS_KEY"}
        clients:
          - id: reader
            scopes: [%s]
            profiles:
              production:
                keys:
                  - %s
        policy:
          rules:
            - {id: read-pets, effect: allow, tools: [listPets], clients: [reader]}
        %s
        %s""".formatted(scopes, KEY_LINE, extraRule, storeSection("control"));
  }

  @BeforeEach
  void files() throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), StoreCommandsTest.PETS_V2);
    file = dir.resolve("mcpgate.yaml");
    Files.writeString(file, config("read", ""));
  }

  @Test
  void diffShowsDriftApplyRemovesItAndDiffThenShowsNone() {
    Run before = cli("diff", "-f", file.toString());

    assertThat(before.code()).as(before.err()).isEqualTo(DiffCommand.DRIFT);
    assertThat(before.out()).contains(
        "+ binding petsKey: created (bearer, references only)",
        "+ client reader: created",
        "+ profile reader/production: created",
        "+ key " + ClientRegistry.keyIdOf(KEY) + ": registered for reader/production by its hash",
        "+ source pets: import ",
        "; operations listPets, binding petsKey)",
        "approve, publish to production",
        "+ rule read-pets: created (allow, order 0)",
        "6 changes to bring");
    assertThat(before.out()).doesNotContain("selection pets");

    Run applied = cli("apply", "-f", file.toString(), "--auto-approve");

    assertThat(applied.code()).as(applied.err()).isZero();
    assertThat(applied.out()).contains("applied 8 changes");
    Run after = cli("diff", "-f", file.toString());
    assertThat(after.code()).isZero();
    assertThat(after.out()).contains("no drift");
    assertThat(cli("changes", "--config", file.toString()).out()).contains(" file  local ");
  }

  @Test
  void aChangedFileIsPlannedAsChangesAndRemovals() throws IOException {
    cli("apply", "-f", file.toString(), "--auto-approve");
    Files.writeString(file, config("read, write", "").replace(
        "    - {id: read-pets, effect: allow, tools: [listPets], clients: [reader]}\n", ""));

    Run diff = cli("diff", "-f", file.toString());

    assertThat(diff.code()).isEqualTo(DiffCommand.DRIFT);
    assertThat(diff.out()).contains("~ client reader: display name, tenant or scopes changed",
        "- rule read-pets: deleted: no longer in the file");
  }

  @Test
  void applyShowsThePlanAndChangesNothingOnADryRunOrWithoutATerminal() {
    Run dry = cli("apply", "-f", file.toString(), "--dry-run");
    assertThat(dry.code()).isZero();
    assertThat(dry.out()).contains("+ client reader: created", "dry run: 6 changes, none applied");

    Run unasked = cli("apply", "-f", file.toString());
    assertThat(unasked.code()).isEqualTo(2);
    assertThat(unasked.out()).contains("+ client reader: created");
    assertThat(unasked.err()).contains("not a terminal").contains("--auto-approve");

    assertThat(cli("diff", "-f", file.toString()).code()).isEqualTo(DiffCommand.DRIFT);
  }

  @Test
  void applyTouchesOnlyWhatTheFileOwns() {
    Run created = cli("clients", "create", "ops-bot", "--config", file.toString());
    assertThat(created.code()).as(created.err()).isZero();

    Run applied = cli("apply", "-f", file.toString(), "--auto-approve");

    assertThat(applied.code()).isZero();
    assertThat(cli("clients", "list", "--config", file.toString()).out())
        .containsPattern("ops-bot +active");
    Run refused = cli("clients", "revoke", "reader", "--config", file.toString());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("FILE_OWNED").contains("change it there");
  }

  @Test
  void exportAppliedToAnEmptyStoreShowsNoDrift() throws IOException {
    cli("apply", "-f", file.toString(), "--auto-approve");
    cli("clients", "create", "ops-bot", "--config", file.toString());
    cli("clients", "add-profile", "ops-bot", "sandbox", "--config", file.toString());
    Run issued = cli("clients", "issue-key", "ops-bot", "sandbox", "--config", file.toString());
    assertThat(issued.code()).as(issued.err()).isZero();
    // A source imported through the CLI with import settings: exported as the entry's keys.
    Run zoo = cli("sources", "import", "zoo", dir.resolve("pets.yaml").toString(), "--base-url",
        "https://zoo.example.com/api", "--tool-prefix", "zoo", "--output-schemas", "none",
        "--credential-parameter", "query:key", "--config", file.toString());
    assertThat(zoo.code()).as(zoo.err()).isZero();
    cli("sources", "approve", "zoo", "--config", file.toString());
    cli("sources", "publish", "zoo", "--env", "production", "--config", file.toString());
    Path exportDir = Files.createDirectories(dir.resolve("export"));
    Path exported = exportDir.resolve("exported.yaml");

    Run export = cli("export", "--config", file.toString(), "-o", exported.toString());

    assertThat(export.code()).as(export.err()).isZero();
    String text = Files.readString(exported);
    assertThat(text).contains("secretRef: env:PETS_KEY", "ops-bot", "sandbox",
        "operations:\n  - listPets", "binding: petsKey").doesNotContain(KEY);
    assertThat(text).contains("- id: zoo\n  description: sources/zoo.yaml\n  approved: true\n"
        + "  baseUrl: https://zoo.example.com/api\n  toolPrefix: zoo\n  outputSchemas: none\n"
        + "  credentialParameters:\n  - query:key\n");
    assertThat(exportDir.resolve("sources/pets.yaml")).exists();
    Path empty = dir.resolve("empty.yaml");
    Files.writeString(empty, storeSection("other"));
    assertThat(cli("diff", "-f", exported.toString(), "--config", empty.toString()).code())
        .isEqualTo(DiffCommand.DRIFT);

    Run applied = cli("apply", "-f", exported.toString(), "--config", empty.toString(),
        "--auto-approve");

    assertThat(applied.code()).as(applied.out() + applied.err()).isZero();
    Run diff = cli("diff", "-f", exported.toString(), "--config", empty.toString());
    assertThat(diff.code()).as(diff.out()).isZero();
    assertThat(diff.out()).contains("no drift");
    assertThat(cli("clients", "list", "--config", empty.toString()).out())
        .contains("ops-bot", "reader");
    assertThat(cli("sources", "revision", "zoo", "--config", empty.toString()).out())
        .contains("; baseUrl https://zoo.example.com/api, toolPrefix zoo, outputSchemas none,"
            + " credentialParameters query:key");
  }

  @Test
  void everyConditionOfARuleAndTheRateLimitsSurviveDiffExportAndApply() throws IOException {
    String rate = """
        limits:
          rate:
            perClient: {capacity: 10, period: PT1S}
            perTool:
              listPets: {capacity: 2, period: PT1M}
        """;
    String everything = "    - {effect: deny, agents: [buyer-bot], workloads: [w1], surfaces: [mcp],"
        + " tenants: [shop], authMethods: [jwt], scopes: [a, b], allScopes: [a],"
        + " attributes: {department: [sales, ops]}, tools: [listPets], destructive: null,"
        + " annotations: {destructive: false, idempotent: true, openWorld: false},"
        + " arguments: [{argument: limit, operator: '>', value: 100},"
        + " {argument: kind, operator: not in, value: [cat, dog]}]}\n";
    Files.writeString(file, config("read", rate).replace(
        "    - {id: read-pets, effect: allow, tools: [listPets], clients: [reader]}\n",
        "    - {id: read-pets, effect: allow, tools: [listPets], clients: [reader]}\n"
            + everything.replace(" destructive: null,", "")));

    Run plan = cli("diff", "-f", file.toString());

    assertThat(plan.out()).contains("+ rule policy.rules.1: created (deny, order 1)",
        "+ limit limits.rate.perClient: created (10 per PT1S, each_caller *)",
        "+ limit limits.rate.perTool.listPets: created (2 per PT1M, each_caller_tool listPets)",
        "policy.rules[1]: stored as rule policy.rules.1")
        .doesNotContain("served from the file");
    assertThat(cli("apply", "-f", file.toString(), "--auto-approve").code()).isZero();
    assertThat(cli("diff", "-f", file.toString()).out()).contains("no drift");
    assertThat(cli("limits", "put", "shared", "--scope", "tool", "--target", "listPets",
        "--capacity", "100", "--period", "PT1M", "--config", file.toString()).code()).isZero();

    Path exportDir = Files.createDirectories(dir.resolve("export"));
    Path exported = exportDir.resolve("exported.yaml");
    Run export = cli("export", "--config", file.toString(), "-o", exported.toString());

    assertThat(export.code()).as(export.err()).isZero();
    String text = Files.readString(exported);
    assertThat(text).contains("agents:", "attributes:", "department:", "openWorld: false",
        "operator: not in", "perClient:", "perTool:",
        "# not exported: limit shared (tool listPets): the file's limits.rate counts each caller"
            + " on its own");
    Path empty = dir.resolve("empty.yaml");
    Files.writeString(empty, storeSection("other"));
    assertThat(cli("apply", "-f", exported.toString(), "--config", empty.toString(),
        "--auto-approve").code()).isZero();
    assertThat(cli("diff", "-f", exported.toString(), "--config", empty.toString()).out())
        .contains("no drift");
    Run rules = cli("policy", "show", "policy.rules.1", "--config", empty.toString(),
        "--output", "json");
    Run original = cli("policy", "show", "policy.rules.1", "--config", file.toString(),
        "--output", "json");
    tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper
        .builder().build();
    assertThat(rules.code()).as(rules.err()).isZero();
    tools.jackson.databind.JsonNode definition = json.readTree(rules.out())
        .at("/definition");
    assertThat(definition).isEqualTo(json.readTree(original.out()).at("/definition"));
    assertThat(definition.at("/arguments/1/value/1").asString()).isEqualTo("dog");

    Files.writeString(file, Files.readString(file).replace("value: 100", "value: 200")
        .replace("capacity: 10,", "capacity: 20,"));
    assertThat(cli("diff", "-f", file.toString()).out()).contains(
        "~ rule policy.rules.1: ", "~ limit limits.rate.perClient: ");
  }
}
