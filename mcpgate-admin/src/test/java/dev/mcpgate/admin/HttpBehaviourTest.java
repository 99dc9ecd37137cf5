package dev.mcpgate.admin;

import static dev.mcpgate.admin.Fixtures.ifMatch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.Surface;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ETags and If-Match, Idempotency-Key, dry runs, problems and file-owned objects. */
class HttpBehaviourTest {

  @TempDir Path dir;
  AdminServer server;

  @BeforeEach
  void start() throws Exception {
    server = AdminServer.start(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void binding() {
    assertThat(server.send("PUT", "/api/v1/bindings/github", server.operator,
        "{\"kind\":\"bearer\",\"secretRef\":\"env:GITHUB_TOKEN\"}", Map.of()).status())
        .isEqualTo(201);
  }

  @Test
  void anUpdateWithoutIfMatchIs428AndWithAStaleOneIs412() {
    binding();

    AdminServer.Answer missing = server.send("POST", "/api/v1/bindings/github/rotate",
        server.operator, "{\"secretRef\":\"env:B\"}", Map.of());
    assertThat(missing.status()).isEqualTo(428);
    assertThat(missing.json().get("field").asString()).isEqualTo("If-Match");

    server.send("POST", "/api/v1/bindings/github/rotate", server.operator,
        "{\"secretRef\":\"env:B\"}", ifMatch("\"1\""));
    AdminServer.Answer stale = server.send("POST", "/api/v1/bindings/github/rotate",
        server.operator, "{\"secretRef\":\"env:C\"}", ifMatch("\"1\""));
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.json().get("detail").asString()).contains("revision 2");

    AdminServer.Answer malformed = server.send("POST", "/api/v1/bindings/github/rotate",
        server.operator, "{\"secretRef\":\"env:C\"}", ifMatch("two"));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().get("field").asString()).isEqualTo("If-Match");
  }

  @Test
  void ofTwoConcurrentUpdatesOfTheSameRevisionOneWinsAndOneGets412() throws Exception {
    binding();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (String ref : List.of("env:LEFT", "env:RIGHT")) {
      results.add(pool.submit(() -> {
        go.await();
        return server.send("POST", "/api/v1/bindings/github/rotate", server.operator,
            "{\"secretRef\":\"" + ref + "\"}", ifMatch("\"1\"")).status();
      }));
    }
    go.countDown();
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> result : results) {
      statuses.add(result.get());
    }
    pool.shutdown();

    assertThat(statuses).containsExactlyInAnyOrder(200, 412);
    assertThat(server.get("/api/v1/bindings/github", server.viewer).header("ETag"))
        .isEqualTo("\"2\"");
  }

  @Test
  void aDryRunAnswersTheChangeAndChangesNothing() {
    binding();
    server.send("POST", "/api/v1/clients", server.operator, "{\"id\":\"acme\"}", Map.of());
    server.send("POST", "/api/v1/clients/acme/profiles", server.operator,
        "{\"name\":\"sandbox\"}", Map.of());
    long before = server.control.sequence();
    String clientsBefore = server.get("/api/v1/clients", server.viewer).body();

    List<AdminServer.Answer> dryRuns = List.of(
        server.send("POST", "/api/v1/clients?dryRun=true", server.operator,
            "{\"id\":\"beta\"}", Map.of()),
        server.send("POST", "/api/v1/clients/acme/revoke?dryRun=true", server.operator, null,
            ifMatch("\"1\"")),
        server.send("POST", "/api/v1/clients/acme/profiles/sandbox/keys?dryRun=true",
            server.operator, null, Map.of()),
        server.send("PUT", "/api/v1/bindings/github?dryRun=true", server.operator,
            "{\"kind\":\"bearer\",\"secretRef\":\"env:NEW\"}", ifMatch("\"1\"")),
        server.send("DELETE", "/api/v1/bindings/github?dryRun=true", server.operator, null,
            ifMatch("\"1\"")),
        server.send("PUT", "/api/v1/rules/r1?dryRun=true", server.operator,
            "{\"effect\":\"deny\"}", Map.of()),
        server.send("POST", "/api/v1/operators?dryRun=true", server.admin,
            "{\"name\":\"otto\",\"role\":\"viewer\"}", Map.of()),
        server.send("POST", "/api/v1/sources/pets/revisions?dryRun=true", server.operator,
            Fixtures.pets("List pets"), "application/yaml", Map.of()));

    assertThat(dryRuns).allSatisfy(answer -> {
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.json().get("dryRun").asBoolean()).isTrue();
      assertThat(answer.json().at("/changes/0/sequence").asLong()).isZero();
      assertThat(answer.body()).doesNotContain("mgk_").doesNotContain("mgo_");
    });
    assertThat(dryRuns.get(0).json().at("/changes/0/objectId").asString()).isEqualTo("beta");
    assertThat(server.control.sequence()).isEqualTo(before);
    assertThat(server.get("/api/v1/clients", server.viewer).body()).isEqualTo(clientsBefore);
    assertThat(server.get("/api/v1/sources/pets", server.viewer).status()).isEqualTo(404);
    assertThat(server.get("/api/v1/rules/r1", server.viewer).status()).isEqualTo(404);

    AdminServer.Answer refused = server.send("POST", "/api/v1/clients?dryRun=true",
        server.operator, "{\"id\":\"acme\"}", Map.of());
    assertThat(refused.status()).isEqualTo(409);
  }

  @Test
  void aCreateRetriedWithTheSameIdempotencyKeyCreatesOnce() {
    Map<String, String> key = Map.of("Idempotency-Key", "create-acme-1");
    AdminServer.Answer first = server.send("POST", "/api/v1/clients", server.operator,
        "{\"id\":\"acme\"}", key);
    AdminServer.Answer again = server.send("POST", "/api/v1/clients", server.operator,
        "{\"id\":\"acme\"}", key);

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(server.control.clients()).hasSize(1);

    AdminServer.Answer reused = server.send("POST", "/api/v1/clients", server.operator,
        "{\"id\":\"other\"}", key);
    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.json().get("field").asString()).isEqualTo("Idempotency-Key");
  }

  @Test
  void aReplayedKeyIssueShowsTheKeyObjectButNotTheSecretAgain() {
    server.send("POST", "/api/v1/clients", server.operator, "{\"id\":\"acme\"}", Map.of());
    server.send("POST", "/api/v1/clients/acme/profiles", server.operator,
        "{\"name\":\"sandbox\"}", Map.of());
    Map<String, String> key = Map.of("Idempotency-Key", "issue-1");

    AdminServer.Answer first = server.send("POST", "/api/v1/clients/acme/profiles/sandbox/keys",
        server.operator, null, key);
    AdminServer.Answer again = server.send("POST", "/api/v1/clients/acme/profiles/sandbox/keys",
        server.operator, null, key);

    String secret = first.json().get("secret").asString();
    assertThat(again.json().has("secret")).isFalse();
    assertThat(again.body()).doesNotContain(secret);
    assertThat(again.json().at("/key/meta/id")).isEqualTo(first.json().at("/key/meta/id"));
    assertThat(server.control.keys("acme")).hasSize(1);
  }

  @Test
  void anObjectOwnedByTheFileAnswers409WithTheHintToChangeTheFile() {
    server.control.apply(new Actor("baseline", Role.ADMIN, Surface.FILE),
        new Command.CreateClient("filed", null, null, Set.of()));

    AdminServer.Answer answer = server.send("POST", "/api/v1/clients/filed/revoke",
        server.operator, null, ifMatch("\"1\""));

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.json().get("type").asString()).endsWith("/file-owned");
    assertThat(answer.json().get("detail").asString()).contains("change it there");
    assertThat(server.get("/api/v1/clients/filed", server.viewer).json().at("/meta/owner")
        .asString()).isEqualTo("FILE");
  }

  @Test
  void badInputIsAProblemNamingTheFieldNeverAStackTrace() {
    AdminServer.Answer notJson = server.send("POST", "/api/v1/clients", server.operator,
        "{\"id\":", Map.of());
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.header("Content-Type")).startsWith("application/problem+json");
    assertThat(notJson.body()).doesNotContain("Exception").doesNotContain("\tat ");

    AdminServer.Answer wrongType = server.send("POST", "/api/v1/clients", server.operator,
        "{\"id\":\"acme\",\"scopes\":\"all\"}", Map.of());
    assertThat(wrongType.status()).isEqualTo(422);
    assertThat(wrongType.json().get("field").asString()).isEqualTo("scopes");

    AdminServer.Answer badId = server.send("POST", "/api/v1/clients", server.operator,
        "{\"id\":\"no spaces please\"}", Map.of());
    assertThat(badId.status()).isEqualTo(422);
    assertThat(badId.json().get("detail").asString()).contains("client id");

    AdminServer.Answer badLimit = server.get("/api/v1/clients?limit=0", server.viewer);
    assertThat(badLimit.status()).isEqualTo(400);
    assertThat(badLimit.json().get("field").asString()).isEqualTo("limit");

    AdminServer.Answer tooLarge = server.send("POST", "/api/v1/sources/big/revisions",
        server.operator, new byte[11 * 1024 * 1024], "application/yaml", Map.of());
    assertThat(tooLarge.status()).isEqualTo(413);
  }

  @Test
  void listsPageWithTheSameCursorShapeEverywhere() {
    for (int i = 0; i < 5; i++) {
      server.send("POST", "/api/v1/clients", server.operator, "{\"id\":\"c" + i + "\"}",
          Map.of());
    }
    AdminServer.Answer first = server.get("/api/v1/clients?limit=3", server.viewer);
    assertThat(first.json().get("items")).hasSize(3);
    AdminServer.Answer second = server.get("/api/v1/clients?limit=3&cursor="
        + first.json().get("nextCursor").asString(), server.viewer);

    assertThat(second.json().get("items")).extracting(c -> c.at("/meta/id").asString())
        .containsExactly("c3", "c4");
    assertThat(second.json().get("nextCursor").isNull()).isTrue();
  }
}
