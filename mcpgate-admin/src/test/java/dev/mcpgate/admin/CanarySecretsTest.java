package dev.mcpgate.admin;

import static dev.mcpgate.admin.Fixtures.ifMatch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.control.ChangeQuery;
import dev.mcpgate.core.identity.ClientRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No answer and no change event contains a secret: canaries planted behind every binding kind's
 * reference, pasted as a reference by mistake, and issued as client keys and operator tokens,
 * while every route of the API is driven.
 */
class CanarySecretsTest {

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

  private static String canary() {
    return "CANARY" + UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void noAnswerAndNoChangeEventContainsASecret() throws Exception {
    List<String> secrets = new ArrayList<>();
    // Issued secrets appear once, in the answer that issued them; planted ones never.
    Map<String, AdminServer.Answer> issuedIn = new java.util.HashMap<>();
    Path vault = Files.createDirectories(dir.resolve("vault"));

    for (AuthKind kind : AuthKind.values()) {
      String planted = canary();
      secrets.add(planted);
      Path file = vault.resolve(kind.name().toLowerCase(Locale.ROOT));
      Files.writeString(file, planted);
      String id = "b-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
      AdminServer.Answer put = server.send("PUT", "/api/v1/bindings/" + id, server.operator,
          "{\"kind\":\"" + kind.name() + "\",\"secretRef\":\"file:" + file
              + "\",\"profileRefs\":{\"sandbox\":\"env:MCPGATE_" + kind.name() + "\"},"
              + "\"settings\":{\"header\":\"X-Key\"}}", Map.of());
      assertThat(put.status()).as(kind.name()).isEqualTo(201);
      server.send("POST", "/api/v1/bindings/" + id + "/rotate?dryRun=true", server.operator,
          "{\"secretRef\":\"file:" + file + ".next\"}", ifMatch("\"1\""));
      server.send("POST", "/api/v1/bindings/" + id + "/rotate", server.operator,
          "{\"secretRef\":\"file:" + file + ".next\"}", ifMatch("\"1\""));
      server.get("/api/v1/bindings/" + id, server.viewer);
    }
    for (String pasted : List.of("sk_live_" + canary(), "ghp_" + canary(), canary())) {
      secrets.add(pasted);
      AdminServer.Answer refused = server.send("PUT", "/api/v1/bindings/pasted",
          server.operator, "{\"kind\":\"bearer\",\"secretRef\":\"" + pasted + "\"}", Map.of());
      assertThat(refused.status()).isEqualTo(422);
      server.send("PUT", "/api/v1/bindings/pasted", server.operator,
          "{\"kind\":\"bearer\",\"secretRef\":\"env:X\",\"profileRefs\":{\"sandbox\":\""
              + pasted + "\"}}", Map.of());
    }
    server.get("/api/v1/bindings", server.viewer);
    server.send("DELETE", "/api/v1/bindings/b-none?dryRun=true", server.operator, null,
        ifMatch("\"2\""));
    server.send("DELETE", "/api/v1/bindings/b-none", server.operator, null, ifMatch("\"2\""));

    // Sources, review, catalog, selection, policy.
    server.send("POST", "/api/v1/sources/pets/revisions", server.operator,
        Fixtures.pets("List pets"), "application/yaml", Map.of());
    server.send("POST", "/api/v1/sources/pets/revisions", server.operator,
        Fixtures.pets("List every pet"), "application/yaml", Map.of());
    server.get("/api/v1/sources", server.viewer);
    server.send("PUT", "/api/v1/sources/pets", server.operator, "{\"title\":\"Pets\"}",
        ifMatch(server.get("/api/v1/sources/pets", server.viewer).header("ETag")));
    server.get("/api/v1/sources/pets/revisions", server.viewer);
    server.get("/api/v1/sources/pets/revisions/1", server.viewer);
    server.get("/api/v1/sources/pets/revisions/1/review", server.viewer);
    server.get("/api/v1/sources/pets/revisions/2/diff", server.viewer);
    server.send("POST", "/api/v1/sources/pets/revisions/1/approve", server.approver, "{}",
        ifMatch("\"1\""));
    server.send("POST", "/api/v1/sources/pets/revisions/2/reject", server.approver, "{}",
        ifMatch("\"1\""));
    server.send("POST", "/api/v1/sources/pets/revisions/1/publish", server.operator,
        "{\"environment\":\"production\"}",
        ifMatch(server.get("/api/v1/sources/pets", server.viewer).header("ETag")));
    server.send("PUT", "/api/v1/sources/pets/selection", server.operator,
        "{\"tools\":[\"listPets\",\"addPet\"]}", Map.of());
    server.get("/api/v1/sources/pets/selection", server.viewer);
    server.get("/api/v1/environments/production/tools", server.viewer);
    server.send("DELETE", "/api/v1/sources/pets/selection?dryRun=true", server.operator, null,
        ifMatch("\"1\""));
    server.send("DELETE", "/api/v1/sources/pets/selection", server.operator, null,
        ifMatch("\"1\""));
    server.send("PUT", "/api/v1/rules/r1", server.operator,
        "{\"effect\":\"allow\",\"clientIds\":[\"acme\"]}", Map.of());
    server.get("/api/v1/rules", server.viewer);
    server.get("/api/v1/rules/r1", server.viewer);
    server.send("POST", "/api/v1/policy/evaluate", server.viewer,
        "{\"environment\":\"production\",\"caller\":{\"clientId\":\"acme\"},\"tool\":\"addPet\"}",
        Map.of());
    server.send("DELETE", "/api/v1/rules/r1", server.operator, null, ifMatch("\"1\""));
    server.send("PUT", "/api/v1/limits/l1", server.operator,
        "{\"scope\":\"tool\",\"target\":\"addPet\",\"capacity\":5,\"period\":\"PT1S\"}",
        Map.of());
    server.get("/api/v1/limits", server.viewer);
    server.get("/api/v1/limits/l1", server.viewer);
    server.send("DELETE", "/api/v1/limits/l1", server.operator, null, ifMatch("\"1\""));
    server.send("POST", "/api/v1/sources/pets/withdraw", server.operator,
        "{\"environment\":\"production\"}",
        ifMatch(server.get("/api/v1/sources/pets", server.viewer).header("ETag")));

    // Clients, profiles, keys: each issued key is a secret.
    server.send("POST", "/api/v1/clients", server.operator, "{\"id\":\"acme\"}", Map.of());
    server.send("POST", "/api/v1/clients/acme/profiles", server.operator,
        "{\"name\":\"sandbox\"}", Map.of());
    AdminServer.Answer issued = server.send("POST",
        "/api/v1/clients/acme/profiles/sandbox/keys", server.operator, null,
        Map.of("Idempotency-Key", "k1"));
    String key = issued.json().get("secret").asString();
    secrets.add(key);
    issuedIn.put(key, issued);
    server.send("POST", "/api/v1/clients/acme/profiles/sandbox/keys", server.operator, null,
        Map.of("Idempotency-Key", "k1"));
    String keyId = issued.json().at("/key/meta/id").asString();
    // A key made elsewhere: registered by its id and hash; neither the key nor its hash is
    // ever answered, even when the key is sent where the hash belongs.
    String outside = ClientRegistry.generateKey();
    String outsideHash = HexFormat.of().formatHex(ClientRegistry.hashKey(outside));
    secrets.add(outside);
    secrets.add(outsideHash);
    String outsidePath = "/api/v1/clients/acme/profiles/sandbox/keys/"
        + ClientRegistry.keyIdOf(outside);
    assertThat(server.send("PUT", outsidePath, server.operator,
        "{\"sha256\":\"" + outside + "\"}", Map.of()).status()).isEqualTo(422);
    assertThat(server.send("PUT", outsidePath, server.operator,
        "{\"sha256\":\"" + outsideHash + "\",\"key\":\"" + outside + "\"}", Map.of())
        .status()).isEqualTo(422);
    server.send("PUT", outsidePath + "?dryRun=true", server.operator,
        "{\"sha256\":\"" + outsideHash + "\"}", Map.of());
    assertThat(server.send("PUT", outsidePath, server.operator,
        "{\"sha256\":\"" + outsideHash + "\"}", Map.of()).status()).isEqualTo(201);
    server.send("PUT", "/api/v1/clients/acme", server.operator,
        "{\"displayName\":\"Acme\",\"scopes\":[\"pets:read\"]}", ifMatch("\"1\""));
    server.get("/api/v1/clients/acme/keys/" + keyId, server.viewer);
    AdminServer.Answer rotated = server.send("POST",
        "/api/v1/clients/acme/keys/" + keyId + "/rotate", server.operator, null,
        ifMatch("\"1\""));
    String rotatedKey = rotated.json().get("secret").asString();
    secrets.add(rotatedKey);
    issuedIn.put(rotatedKey, rotated);
    server.get("/api/v1/clients", server.viewer);
    server.get("/api/v1/clients/acme", server.viewer);
    server.get("/api/v1/clients/acme/profiles", server.viewer);
    server.get("/api/v1/clients/acme/keys", server.viewer);
    server.get("/api/v1/clients", key);
    server.get("/api/v1/clients", rotatedKey);
    server.send("POST", "/api/v1/clients/acme/keys/"
        + rotated.json().at("/key/meta/id").asString() + "/revoke", server.operator, null,
        ifMatch("\"1\""));
    server.send("POST", "/api/v1/clients/acme/profiles/sandbox/revoke", server.operator, null,
        ifMatch("\"1\""));
    server.send("POST", "/api/v1/clients/acme/revoke", server.operator, null,
        ifMatch("\"2\""));

    // Operators: the planted tokens of the fixture and one issued here.
    secrets.addAll(List.of(server.admin, server.approver, server.operator, server.viewer));
    AdminServer.Answer operator = server.send("POST", "/api/v1/operators", server.admin,
        "{\"name\":\"otto\",\"role\":\"viewer\"}", Map.of());
    String token = operator.json().get("token").asString();
    secrets.add(token);
    issuedIn.put(token, operator);
    server.get("/api/v1/operators", server.viewer);
    server.get("/api/v1/operators/otto", server.viewer);
    server.get("/api/v1/roles", token);
    server.send("POST", "/api/v1/operators/otto/revoke", server.admin, null, ifMatch("\"1\""));
    server.get("/api/v1/roles", token);

    // The logs, health and the contract.
    server.control.audit().sink().record(AuditEvent.builder("r1", Instant.now(), "tools/call",
        CallerContext.builder().clientId("acme").authMethod("apiKey").build())
        .tool("listPets").source("pets").outcome(AuditOutcome.OK).build());
    server.control.audit().flush(Duration.ofSeconds(10));
    server.get("/api/v1/changes?limit=1000", server.viewer);
    server.get("/api/v1/audit", server.viewer);
    server.get("/api/v1/health", null);
    server.get("/api/v1/ready", null);
    server.get("/api/v1/openapi.json", null);

    TreeSet<String> driven = new TreeSet<>();
    for (AdminServer.Answer answer : server.answers) {
      AdminServer.DOCUMENT.template(answer.path())
          .ifPresent(t -> driven.add(answer.method() + " " + t));
    }
    assertThat(driven).as("every route is driven").isEqualTo(AdminServer.DOCUMENT.routes());

    int searched = 0;
    List<String> leaks = new ArrayList<>();
    for (AdminServer.Answer answer : server.answers) {
      searched++;
      String text = answer.headers() + "\n" + answer.body();
      for (String secret : secrets) {
        if (text.contains(secret) && issuedIn.get(secret) != answer) {
          leaks.add(answer.method() + " " + answer.path() + " " + answer.status());
        }
      }
    }
    String changes = server.control.changes(ChangeQuery.latest(10_000)).toString();
    String audit = server.control.audit().query(dev.mcpgate.control.AuditQuery.latest(10_000))
        .toString();
    for (String secret : secrets) {
      if (changes.contains(secret) || audit.contains(secret)) {
        leaks.add("change log or audit");
      }
    }
    System.out.printf("canaries: %d secrets, %d answers and %d change events searched, "
        + "%d occurrences%n", secrets.size(), searched,
        server.control.changes(ChangeQuery.latest(10_000)).size(), leaks.size());

    assertThat(leaks).isEmpty();
    assertThat(searched).isGreaterThan(80);
    assertThat(issuedIn.keySet()).allSatisfy(secret ->
        assertThat(issuedIn.get(secret).body()).contains(secret));
  }
}
