package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.cli.AdminCli.Run;
import dev.mcpgate.core.identity.ClientRegistry;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * One command tree, two back ends: against a real {@code mcpgate serve} over loopback, every
 * read prints the same thing through the admin API ({@code --admin-url}) as on the store
 * ({@code --config}); the same change made with curl-style HTTP, the CLI over the API and the
 * CLI on the store records equivalent change events (surface {@code api} or {@code cli}); of two
 * concurrent updates from the same revision one wins and the other is refused as stale; and a
 * dry run changes nothing.
 */
class CliParityTest {

  @TempDir java.nio.file.Path dir;
  AdminCli cli;

  @BeforeEach
  void start() throws Exception {
    cli = new AdminCli(dir);
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  static void ok(Run run) {
    assertThat(run.code()).as(run.args() + "\n" + run.err() + run.out()).isZero();
  }

  /** A control plane with one of everything, built on the store. */
  String seed() {
    ok(cli.store("sources", "import", "pets", dir.resolve("pets-v1.yaml").toString()));
    ok(cli.store("sources", "approve", "pets", "--note", "read-only"));
    ok(cli.store("sources", "publish", "pets", "--env", "production"));
    ok(cli.store("sources", "import", "pets", dir.resolve("pets-v2.yaml").toString(),
        "--base-url", "https://pets.internal/v2", "--tool-prefix", "zoo"));
    ok(cli.store("sources", "update", "pets", "--title", "Pets", "--sandbox-first", "false"));
    ok(cli.store("sources", "select", "pets", "listPets"));
    ok(cli.store("bindings", "put", "gh", "--kind", "bearer", "--secret-ref", "env:GH_TOKEN",
        "--profile-ref", "sandbox=env:GH_SANDBOX"));
    ok(cli.store("clients", "create", "agent", "--name", "Agent", "--scope", "pets:read"));
    ok(cli.store("clients", "add-profile", "agent", "production"));
    String keyId = cli.store("clients", "issue-key", "agent", "production", "--output", "json")
        .json().at("/result/key/meta/id").asString();
    ok(cli.store("policy", "put", "r1", "--effect", "allow", "--client", "agent", "--tool",
        "listPets", "--description", "agents list pets"));
    ok(cli.store("limits", "put", "l1", "--scope", "client", "--target", "agent", "--capacity",
        "5", "--period", "PT1M"));
    ok(cli.store("policy", "put", "r-all", "--effect", "deny", "--order", "2", "--agent",
        "buyer-bot", "--workload", "spiffe://shop/checkout", "--surface", "mcp", "--tenant",
        "shop", "--auth-method", "jwt", "--scope", "pets:write", "--all-scope", "pets:read",
        "--attribute", "department=sales", "--attribute", "department=ops", "--destructive",
        "true", "--idempotent", "false", "--open-world", "true", "--argument",
        "amount > 1000", "--argument", "currency not in EUR,USD", "--argument",
        "express == true"));
    ok(cli.store("limits", "put", "l-each", "--scope", "each_caller", "--capacity", "10",
        "--period", "PT1S"));
    return keyId;
  }

  @Test
  void aRuleWithEveryConditionIsPutAndShownAlikeOnBothBackEnds() {
    seed();

    Run shown = cli.api("policy", "show", "r-all");
    JsonNode definition = cli.store("policy", "show", "r-all", "--output", "json").json()
        .get("definition");

    ok(shown);
    assertThat(shown.out()).contains("agents=buyer-bot", "attribute department=sales,ops",
        "destructive=true", "argument 'amount > 1000'", "argument 'currency not in"
            + " [\"EUR\",\"USD\"]'", "argument 'express == true'");
    assertThat(definition.at("/arguments/0/operator").asString()).isEqualTo("GREATER_THAN");
    assertThat(definition.at("/arguments/2/value").isBoolean()).isTrue();
    assertThat(definition.at("/allScopes/0").asString()).isEqualTo("pets:read");
    assertThat(cli.api("limits", "show", "l-each").out()).contains("each_caller", " * ");
    // The evaluation asks as the caller says it came: a rule on agents and auth methods holds.
    ok(cli.store("policy", "put", "no-bots", "--effect", "deny", "--agent", "buyer-bot",
        "--auth-method", "jwt", "--tool", "listPets"));
    for (boolean api : List.of(true, false)) {
      String[] asBot = {"policy", "evaluate", "--env", "production", "--client", "agent",
          "--agent", "buyer-bot", "--auth-method", "jwt"};
      String[] asAgent = {"policy", "evaluate", "--env", "production", "--client", "agent"};
      assertThat((api ? cli.api(asBot) : cli.store(asBot)).out())
          .contains("listPets: denied by rule no-bots");
      assertThat((api ? cli.api(asAgent) : cli.store(asAgent)).out())
          .contains("visible (1): listPets");
    }
  }

  @Test
  void aBadConditionIsRefusedAlikeOnBothBackEndsAndAMalformedOneIsAUsageError() {
    for (boolean api : List.of(true, false)) {
      String[] bad = {"policy", "put", "bad", "--effect", "allow", "--argument", "amount < ten"};
      Run run = api ? cli.api(bad) : cli.store(bad);
      String[] malformed = {"policy", "put", "bad", "--effect", "allow", "--argument",
          "amount"};
      Run usage = api ? cli.api(malformed) : cli.store(malformed);

      assertThat(run.code()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).contains("arguments[0].value must be a finite number")
          .doesNotContain("ten\"");
      assertThat(usage.code()).isEqualTo(2);
      assertThat(usage.err()).contains("--argument must be NAME OPERATOR VALUE");
    }
  }

  @Test
  void everyReadPrintsTheSameThroughTheApiAsOnTheStore() {
    String keyId = seed();
    List<List<String>> reads = List.of(
        List.of("sources", "list"), List.of("sources", "show", "pets"),
        List.of("sources", "revisions", "pets"), List.of("sources", "revision", "pets"),
        List.of("sources", "review", "pets", "--revision", "1"),
        List.of("sources", "review", "pets"), List.of("sources", "diff", "pets"),
        List.of("sources", "selection", "pets"), List.of("catalog", "--env", "production"),
        List.of("bindings", "list"), List.of("bindings", "show", "gh"),
        List.of("clients", "list"), List.of("clients", "show", "agent"),
        List.of("clients", "profiles", "agent"), List.of("clients", "keys", "agent"),
        List.of("clients", "key", keyId), List.of("policy", "list"),
        List.of("policy", "show", "r1"), List.of("policy", "show", "r-all"),
        List.of("limits", "show", "l-each"),
        List.of("policy", "evaluate", "--env", "production", "--client", "agent", "--tool",
            "listPets"),
        List.of("policy", "evaluate", "--env", "production", "--client", "other"),
        List.of("policy", "evaluate", "--env", "production", "--client", "agent", "--agent",
            "buyer-bot", "--surface", "mcp", "--auth-method", "jwt", "--tool", "listPets"),
        List.of("limits", "list"), List.of("limits", "show", "l1"),
        List.of("operators", "list"), List.of("operators", "show", "ada"),
        List.of("operators", "roles"), List.of("changes", "--limit", "5"),
        List.of("audit"), List.of("health"), List.of("health", "--ready"), List.of("openapi"));

    for (List<String> read : reads) {
      for (String output : List.of("table", "json")) {
        List<String> args = new ArrayList<>(read);
        args.addAll(List.of("--output", output));
        Run api = cli.api(args.toArray(String[]::new));
        Run store = cli.store(args.toArray(String[]::new));
        ok(api);
        ok(store);
        if (output.equals("json")) {
          assertThat(api.json()).as(String.join(" ", args)).isEqualTo(store.json());
        } else {
          assertThat(api.out()).as(String.join(" ", args)).isEqualTo(store.out());
        }
      }
    }
  }

  @Test
  void importSettingsAreGivenAndRefusedAlikeThroughTheApiAndOnTheStore() {
    for (boolean overApi : List.of(true, false)) {
      String source = overApi ? "over-api" : "on-store";
      String[] args = {"sources", "import", source, dir.resolve("pets-v1.yaml").toString(),
          "--base-url", "https://pets.internal/v2", "--tool-prefix", "zoo", "--operation",
          "listPets", "--output-schemas", "strict", "--credential-parameter", "query:key"};
      Run run = overApi ? cli.api(args) : cli.store(args);
      ok(run);
      assertThat(run.out()).startsWith("revision " + source + "@1: openapi 3.0.3, 1 tools")
          .contains("from upload:pets-v1.yaml; baseUrl https://pets.internal/v2, toolPrefix zoo,"
              + " operations listPets, outputSchemas strict, credentialParameters query:key")
          .contains("zoo_listPets").contains("hosts: https://pets.internal");

      String[] bad = {"sources", "import", source, dir.resolve("pets-v1.yaml").toString(),
          "--tool-prefix", "no spaces"};
      Run refused = overApi ? cli.api(bad) : cli.store(bad);
      // 2: the CLI's exit code for an invalid request (a 422), as for every command.
      assertThat(refused.code()).as(refused.err()).isEqualTo(2);
      assertThat(refused.err()).contains("toolPrefix must be 1 to 16 of A-Z a-z 0-9 _ -")
          .doesNotContain("no spaces").doesNotContain("Exception");
    }
    assertThat(cli.api("sources", "show", "over-api").out().replace("over-api", "X"))
        .isEqualTo(cli.store("sources", "show", "on-store").out().replace("on-store", "X"));
    assertThat(cli.api("sources", "revision", "on-store", "--output", "json").json()
        .path("settings")).isEqualTo(cli.store("sources", "revision", "over-api", "--output",
        "json").json().path("settings"));
  }

  @Test
  void theSameChangeThroughCurlTheCliOverTheApiAndTheCliOnTheStoreRecordsEquivalentEvents()
      throws Exception {
    AdminCli.Exchange curl = cli.http("POST", "/clients",
        "{\"id\":\"c-curl\",\"displayName\":\"C\",\"scopes\":[\"a\"]}");
    assertThat(curl.status()).isEqualTo(201);
    Run overApi = cli.api("clients", "create", "c-api", "--name", "C", "--scope", "a",
        "--output", "json");
    Run onStore = cli.store("clients", "create", "c-store", "--name", "C", "--scope", "a",
        "--output", "json");
    ok(overApi);
    ok(onStore);

    JsonNode changes = cli.http("GET", "/changes?kind=client", null).json().path("items");
    JsonNode byCurl = find(changes, "c-curl");
    JsonNode byApi = find(changes, "c-api");
    JsonNode byStore = find(changes, "c-store");
    assertThat(byCurl.path("surface").asString()).isEqualTo("API");
    assertThat(byApi.path("surface").asString()).isEqualTo("API");
    assertThat(byStore.path("surface").asString()).isEqualTo("CLI");
    assertThat(byCurl.path("actor").asString()).isEqualTo("ada");
    assertThat(byApi.path("actor").asString()).isEqualTo("ada");
    assertThat(byStore.path("actor").asString()).isEqualTo("local");
    for (JsonNode event : List.of(byApi, byStore)) {
      assertThat(event.path("kind")).isEqualTo(byCurl.path("kind"));
      assertThat(event.path("revisionBefore")).isEqualTo(byCurl.path("revisionBefore"));
      assertThat(event.path("revisionAfter")).isEqualTo(byCurl.path("revisionAfter"));
      assertThat(event.path("summary").asString().replace(event.path("objectId").asString(), "X"))
          .isEqualTo(byCurl.path("summary").asString().replace("c-curl", "X"));
    }
    // Each CLI run printed the change it recorded, as the change log holds it.
    assertThat(overApi.json().path("change")).isEqualTo(byApi);
    assertThat(onStore.json().path("change")).isEqualTo(byStore);
    assertThat(overApi.json().path("result").path("scopes"))
        .isEqualTo(onStore.json().path("result").path("scopes"));
  }

  private static JsonNode find(JsonNode changes, String objectId) {
    for (JsonNode change : changes) {
      if (change.path("objectId").asString().equals(objectId)) {
        return change;
      }
    }
    throw new AssertionError("no change of " + objectId + " in " + changes);
  }

  @Test
  void ofTwoConcurrentUpdatesFromTheSameRevisionOneWinsAndTheOtherIsRefusedAsStale()
      throws Exception {
    ok(cli.store("bindings", "put", "gh", "--kind", "bearer", "--secret-ref", "env:GH_1"));
    int rounds = 3;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < rounds; round++) {
        long revision = cli.api("bindings", "show", "gh", "--output", "json").json()
            .at("/meta/revision").asLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Run>> racers = List.of(
            () -> {
              go.await();
              return cli.api("bindings", "rotate", "gh", "--secret-ref", "env:GH_API",
                  "--if-match", Long.toString(revision));
            },
            () -> {
              go.await();
              return cli.store("bindings", "rotate", "gh", "--secret-ref", "env:GH_STORE",
                  "--if-match", Long.toString(revision));
            });
        List<Future<Run>> futures = new ArrayList<>();
        for (Callable<Run> racer : racers) {
          futures.add(pool.submit(racer));
        }
        go.countDown();
        List<Run> runs = new ArrayList<>();
        for (Future<Run> future : futures) {
          runs.add(future.get());
        }
        assertThat(runs).extracting(Run::code).containsExactlyInAnyOrder(0, 1);
        Run loser = runs.stream().filter(r -> r.code() == 1).findFirst().orElseThrow();
        assertThat(loser.err()).startsWith("mcpgate: refused (STALE_REVISION): ");
        assertThat(cli.api("bindings", "show", "gh", "--output", "json").json()
            .at("/meta/revision").asLong()).isEqualTo(revision + 1);
      }
    } finally {
      pool.shutdownNow();
    }

    // The API refuses a CLI's stale revision with 412, and the CLI an API's.
    long now = cli.api("bindings", "show", "gh", "--output", "json").json()
        .at("/meta/revision").asLong();
    ok(cli.api("bindings", "rotate", "gh", "--secret-ref", "env:GH_3"));
    AdminCli.Exchange stale = cli.http("POST", "/bindings/gh/rotate",
        "{\"secretRef\":\"env:GH_4\"}", "If-Match", "\"" + now + "\"");
    assertThat(stale.status()).isEqualTo(412);
    assertThat(cli.http("POST", "/bindings/gh/rotate", "{\"secretRef\":\"env:GH_5\"}",
        "If-Match", "\"" + (now + 1) + "\"").status()).isEqualTo(200);
    AdminCli.Exchange alsoStale = cli.http("POST", "/bindings/gh/rotate",
        "{\"secretRef\":\"env:GH_6\"}", "If-Match", "\"" + (now + 1) + "\"");
    assertThat(alsoStale.status()).isEqualTo(412);
    for (Run refused : List.of(
        cli.api("bindings", "rotate", "gh", "--secret-ref", "env:GH_6", "--if-match",
            Long.toString(now + 1)),
        cli.store("bindings", "rotate", "gh", "--secret-ref", "env:GH_6", "--if-match",
            Long.toString(now + 1)))) {
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err()).isEqualTo("mcpgate: refused (STALE_REVISION): "
          + alsoStale.json().path("detail").asString() + System.lineSeparator());
    }
  }

  @Test
  void aClientIsUpdatedAKeyRegisteredByItsHashAndASelectionRemovedOnBothBackEnds() {
    seed();
    ok(cli.store("clients", "create", "api-agent", "--scope", "pets:read"));
    ok(cli.store("clients", "add-profile", "api-agent", "production"));
    for (boolean overApi : List.of(true, false)) {
      String client = overApi ? "api-agent" : "agent";
      java.util.function.Function<String[], Run> run = overApi ? cli::api : cli::store;

      Run updated = run.apply(new String[] {"clients", "update", client, "--name", "Renamed",
          "--tenant", "t1", "--output", "json"});
      ok(updated);
      assertThat(updated.json().at("/result/displayName").asString()).isEqualTo("Renamed");
      assertThat(updated.json().at("/result/tenant").asString()).isEqualTo("t1");
      assertThat(updated.json().at("/result/scopes")).extracting(JsonNode::asString)
          .containsExactly("pets:read");
      assertThat(updated.json().at("/change/surface").asString())
          .isEqualTo(overApi ? "API" : "CLI");
      Run stale = run.apply(new String[] {"clients", "update", client, "--no-tenant",
          "--if-match", "1"});
      assertThat(stale.code()).isEqualTo(1);
      assertThat(stale.err()).contains("is at revision 2, not 1");
      ok(run.apply(new String[] {"clients", "update", client, "--no-tenant", "--no-scopes"}));
      JsonNode shown = run.apply(new String[] {"clients", "show", client, "--output", "json"})
          .json();
      assertThat(shown.path("tenant").isNull()).isTrue();
      assertThat(shown.path("scopes")).isEmpty();
      assertThat(shown.path("displayName").asString()).isEqualTo("Renamed");

      String key = ClientRegistry.generateKey();
      String keyId = ClientRegistry.keyIdOf(key);
      String hash = HexFormat.of().formatHex(ClientRegistry.hashKey(key));
      Run keyAsHash = run.apply(new String[] {"clients", "register-key", client, "production",
          "--key-id", keyId, "--sha256", key});
      assertThat(keyAsHash.code()).isNotZero();
      assertThat(keyAsHash.out() + keyAsHash.err()).contains("sha256").doesNotContain(key);
      Run registered = run.apply(new String[] {"clients", "register-key", client, "production",
          "--key-id", keyId, "--sha256", hash});
      ok(registered);
      assertThat(registered.out()).contains("key " + keyId + " of " + client + "/production"
          + " active").doesNotContain(hash);
      Run again = run.apply(new String[] {"clients", "register-key", client, "production",
          "--key-id", keyId, "--sha256", hash});
      assertThat(again.code()).isEqualTo(1);
      assertThat(again.out() + again.err()).doesNotContain(hash);
    }

    ok(cli.api("sources", "unselect", "pets"));
    assertThat(cli.store("sources", "selection", "pets").code()).isEqualTo(1);
    assertThat(cli.store("catalog", "--env", "production", "--output", "json").json())
        .isNotEmpty();
    Run none = cli.store("sources", "unselect", "pets");
    assertThat(none.code()).isEqualTo(1);
    ok(cli.store("sources", "select", "pets", "listPets"));
    ok(cli.store("sources", "unselect", "pets"));
  }

  @Test
  void aDryRunOfEveryChangeCommandChangesNothing() {
    String keyId = seed();
    ok(cli.store("operators", "create", "otto", "--role", "viewer"));
    String outside = ClientRegistry.generateKey();
    String outsideHash = HexFormat.of().formatHex(ClientRegistry.hashKey(outside));
    List<List<String>> changes = List.of(
        List.of("sources", "update", "pets", "--title", "Other"),
        List.of("sources", "import", "pets", dir.resolve("pets-v1.yaml").toString()),
        List.of("sources", "approve", "pets"), List.of("sources", "reject", "pets"),
        List.of("sources", "publish", "pets", "--env", "sandbox", "--revision", "1"),
        List.of("sources", "withdraw", "pets", "--env", "production"),
        List.of("sources", "select", "pets", "listPets"), List.of("sources", "unselect", "pets"),
        List.of("bindings", "put", "gh2", "--kind", "basic", "--secret-ref", "env:B"),
        List.of("bindings", "rotate", "gh", "--secret-ref", "env:GH_NEXT"),
        List.of("bindings", "delete", "gh"),
        List.of("clients", "create", "other"), List.of("clients", "revoke", "agent"),
        List.of("clients", "update", "agent", "--name", "Other", "--tenant", "t9"),
        List.of("clients", "register-key", "agent", "production", "--key-id",
            ClientRegistry.keyIdOf(outside), "--sha256", outsideHash),
        List.of("clients", "add-profile", "agent", "sandbox"),
        List.of("clients", "revoke-profile", "agent", "production"),
        List.of("clients", "issue-key", "agent", "production"),
        List.of("clients", "revoke-key", keyId), List.of("clients", "rotate-key", keyId),
        List.of("policy", "put", "r2", "--effect", "deny", "--tool", "listPets"),
        List.of("policy", "delete", "r1"),
        List.of("limits", "put", "l2", "--scope", "tool", "--target", "listPets", "--capacity",
            "1", "--period", "PT1S"),
        List.of("limits", "delete", "l1"),
        List.of("operators", "create", "eve", "--role", "viewer"),
        List.of("operators", "revoke", "otto"));
    String before = snapshot();
    long sequence = cli.store("health", "--output", "json").json().path("sequence").asLong();

    for (List<String> change : changes) {
      for (boolean overApi : List.of(true, false)) {
        List<String> args = new ArrayList<>(change);
        args.addAll(List.of("--dry-run", "--output", "json"));
        Run run = overApi ? cli.api(args.toArray(String[]::new))
            : cli.store(args.toArray(String[]::new));
        ok(run);
        assertThat(run.json().path("dryRun").asBoolean()).as(args.toString()).isTrue();
        assertThat(run.json().path("changes")).as(args.toString()).isNotEmpty();
        assertThat(run.json().at("/changes/0/sequence").asLong()).isZero();
      }
      Run table = cli.api(withDryRun(change));
      ok(table);
      assertThat(table.out()).startsWith("dry run: nothing changed; the change would be:");
    }

    assertThat(snapshot()).isEqualTo(before);
    assertThat(cli.store("health", "--output", "json").json().path("sequence").asLong())
        .isEqualTo(sequence);
  }

  private static String[] withDryRun(List<String> change) {
    List<String> args = new ArrayList<>(change);
    args.add("--dry-run");
    return args.toArray(String[]::new);
  }

  /** Everything the store holds, as the CLI prints it. */
  private String snapshot() {
    StringBuilder all = new StringBuilder();
    for (List<String> read : List.of(List.of("sources", "list"),
        List.of("sources", "revisions", "pets"), List.of("sources", "review", "pets"),
        List.of("sources", "selection", "pets"), List.of("bindings", "list"),
        List.of("clients", "list"), List.of("clients", "profiles", "agent"),
        List.of("clients", "keys", "agent"), List.of("policy", "list"), List.of("limits", "list"),
        List.of("operators", "list"), List.of("changes", "--limit", "1000"))) {
      List<String> args = new ArrayList<>(read);
      args.addAll(List.of("--output", "json"));
      Run run = cli.store(args.toArray(String[]::new));
      ok(run);
      all.append(run.out());
    }
    return all.toString();
  }
}
