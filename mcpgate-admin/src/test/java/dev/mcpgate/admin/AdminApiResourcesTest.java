package dev.mcpgate.admin;

import static dev.mcpgate.admin.Fixtures.ifMatch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.control.ChangeEvent;
import dev.mcpgate.control.ChangeQuery;
import dev.mcpgate.control.Surface;
import dev.mcpgate.core.identity.ClientRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Every resource of the admin API, its success and its refusal paths, over loopback HTTP. */
class AdminApiResourcesTest {

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

  private AdminServer.Answer importPets(String summary) {
    return server.send("POST", "/api/v1/sources/pets/revisions?filename=pets.yaml",
        server.operator, Fixtures.pets(summary), "application/yaml", Map.of());
  }

  @Test
  void aRevisionIsImportedReviewedApprovedPublishedAndServedInTheCatalog() {
    AdminServer.Answer imported = importPets("List pets");
    assertThat(imported.status()).isEqualTo(201);
    assertThat(imported.json().get("number").asInt()).isEqualTo(1);
    assertThat(imported.json().get("location").asString()).isEqualTo("upload:pets.yaml");
    assertThat(imported.header("ETag")).isEqualTo("\"1\"");

    AdminServer.Answer review = server.get("/api/v1/sources/pets/revisions/1/review",
        server.viewer);
    assertThat(review.json().get("status").asString()).isEqualTo("PENDING");
    assertThat(review.json().at("/evidence/operations")).hasSize(2);
    AdminServer.Answer diff = server.get("/api/v1/sources/pets/revisions/1/diff", server.viewer);
    assertThat(diff.json().get("added")).hasSize(2);
    assertThat(server.get("/api/v1/sources/pets/revisions", server.viewer).json().get("items"))
        .hasSize(1);
    assertThat(server.get("/api/v1/sources/pets/revisions/1", server.viewer).json()
        .get("sha256").asString()).hasSize(64);

    AdminServer.Answer byOperator = server.send("POST",
        "/api/v1/sources/pets/revisions/1/approve", server.operator, "{}", ifMatch("\"1\""));
    assertThat(byOperator.status()).isEqualTo(403);
    assertThat(byOperator.header("WWW-Authenticate")).contains("insufficient_scope");

    AdminServer.Answer approved = server.send("POST",
        "/api/v1/sources/pets/revisions/1/approve", server.approver, "{\"note\":\"fine\"}",
        ifMatch(review.header("ETag")));
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.json().get("status").asString()).isEqualTo("APPROVED");
    assertThat(server.send("POST", "/api/v1/sources/pets/revisions/1/reject", server.approver,
        "{}", ifMatch(approved.header("ETag"))).status()).isEqualTo(409);

    String sourceTag = server.get("/api/v1/sources/pets", server.viewer).header("ETag");
    AdminServer.Answer published = server.send("POST",
        "/api/v1/sources/pets/revisions/1/publish", server.operator,
        "{\"environment\":\"production\"}", ifMatch(sourceTag));
    assertThat(published.status()).isEqualTo(200);
    assertThat(published.json().at("/published/production").asInt()).isEqualTo(1);

    AdminServer.Answer catalog = server.get("/api/v1/environments/production/tools",
        server.viewer);
    assertThat(catalog.json().get("items")).extracting(t -> t.get("name").asString())
        .containsExactly("addPet", "listPets");
    assertThat(catalog.json().get("sequence").asLong()).isEqualTo(server.control.sequence());

    AdminServer.Answer selected = server.send("PUT", "/api/v1/sources/pets/selection",
        server.operator, "{\"tools\":[\"listPets\"]}", Map.of());
    assertThat(selected.status()).isEqualTo(200);
    assertThat(server.get("/api/v1/environments/production/tools", server.viewer).json()
        .get("items")).extracting(t -> t.get("name").asString()).containsExactly("listPets");
    assertThat(server.get("/api/v1/sources/pets/selection", server.viewer).header("ETag"))
        .isEqualTo("\"1\"");

    AdminServer.Answer withdrawn = server.send("POST", "/api/v1/sources/pets/withdraw",
        server.operator, "{\"environment\":\"production\"}", ifMatch(published.header("ETag")));
    assertThat(withdrawn.status()).isEqualTo(200);
    assertThat(withdrawn.json().get("published").isEmpty()).isTrue();
  }

  @Test
  void aSecondRevisionCanBeRejectedAndTheSourceRetitled() {
    importPets("List pets");
    AdminServer.Answer second = importPets("List all the pets");
    assertThat(second.json().get("number").asInt()).isEqualTo(2);

    AdminServer.Answer rejected = server.send("POST", "/api/v1/sources/pets/revisions/2/reject",
        server.approver, "{\"note\":\"not now\"}", ifMatch("\"1\""));
    assertThat(rejected.json().get("status").asString()).isEqualTo("REJECTED");
    assertThat(rejected.json().get("note").asString()).isEqualTo("not now");

    String tag = server.get("/api/v1/sources/pets", server.viewer).header("ETag");
    AdminServer.Answer retitled = server.send("PUT", "/api/v1/sources/pets", server.operator,
        "{\"title\":\"Pet store\",\"sandboxFirst\":true}", ifMatch(tag));
    assertThat(retitled.json().get("title").asString()).isEqualTo("Pet store");
    assertThat(retitled.json().get("sandboxFirst").asBoolean()).isTrue();
  }

  @Test
  void anUploadSentAsAFormAsCurlDoesByDefaultIsReadAsTheDescription() {
    AdminServer.Answer imported = server.send("POST",
        "/api/v1/sources/pets/revisions?filename=pets.yaml&dryRun=false", server.operator,
        Fixtures.pets("List pets"), "application/x-www-form-urlencoded", Map.of());

    assertThat(imported.status()).isEqualTo(201);
    assertThat(imported.json().at("/summary/tools").asInt()).isEqualTo(2);
    assertThat(imported.json().get("location").asString()).isEqualTo("upload:pets.yaml");
  }

  @Test
  void sourceChangesAreRefusedWhenTheStateDoesNotAllowThem() {
    importPets("List pets");

    AdminServer.Answer unapproved = server.send("POST",
        "/api/v1/sources/pets/revisions/1/publish", server.operator,
        "{\"environment\":\"production\"}", ifMatch("\"1\""));
    assertThat(unapproved.status()).isEqualTo(409);
    assertThat(unapproved.json().get("type").asString()).endsWith("/conflict");

    assertThat(server.send("POST", "/api/v1/sources/pets/revisions/1/publish", server.operator,
        "{}", ifMatch("\"1\"")).json().get("field").asString()).isEqualTo("environment");
    assertThat(server.send("PUT", "/api/v1/sources/pets", server.operator,
        "{\"title\":\"Pets\"}", ifMatch("\"9\"")).status()).isEqualTo(412);
    assertThat(server.send("POST", "/api/v1/sources/pets/revisions/7/approve", server.approver,
        "{}", ifMatch("\"1\"")).status()).isEqualTo(404);
    assertThat(server.send("PUT", "/api/v1/sources/pets/selection", server.operator,
        "{\"tools\":[\"listPets\"]}", Map.of()).status()).isEqualTo(200);
    assertThat(server.send("PUT", "/api/v1/sources/pets/selection", server.operator,
        "{\"tools\":[]}", Map.of()).status()).isEqualTo(428);
    assertThat(server.send("PUT", "/api/v1/sources/pets/selection", server.operator,
        "{\"tools\":[]}", ifMatch("\"5\"")).status()).isEqualTo(412);
    assertThat(server.send("POST", "/api/v1/sources/pets/withdraw", server.viewer,
        "{\"environment\":\"production\"}", ifMatch("\"1\"")).status()).isEqualTo(403);
    assertThat(server.get("/api/v1/sources/ghost/selection", server.viewer).status())
        .isEqualTo(404);
    assertThat(server.get("/api/v1/sources/ghost/revisions", server.viewer).status())
        .isEqualTo(404);
  }

  @Test
  void importSettingsGivenAsQueryParametersAreKeptWithTheRevisionAndShapeItsTools() {
    AdminServer.Answer imported = server.send("POST", "/api/v1/sources/pets/revisions"
            + "?filename=pets.yaml&baseUrl=https%3A%2F%2Fpets.internal%2Fv2&toolPrefix=zoo"
            + "&operations=listPets&outputSchemas=none", server.operator,
        Fixtures.pets("List pets"), "application/yaml", Map.of());

    assertThat(imported.status()).as(imported.body()).isEqualTo(201);
    assertThat(imported.json().get("settings").toString()).isEqualTo("{\"baseUrl\":"
        + "\"https://pets.internal/v2\",\"toolPrefix\":\"zoo\",\"operations\":[\"listPets\"],"
        + "\"outputSchemas\":\"NONE\",\"credentialParameters\":[],\"inputParameters\":[],"
        + "\"binding\":null}");
    assertThat(server.get("/api/v1/sources/pets/revisions/1", server.viewer).json()
        .at("/settings/toolPrefix").asString()).isEqualTo("zoo");
    assertThat(server.get("/api/v1/sources/pets/revisions/1/review", server.viewer).json()
        .at("/evidence/hosts/0").asString()).isEqualTo("https://pets.internal");
    assertThat(server.get("/api/v1/sources/pets/revisions/1/review", server.viewer).json()
        .at("/evidence/operations")).extracting(o -> o.get("tool").asString())
        .containsExactly("zoo_listPets");
  }

  @Test
  void badImportSettingsAreRefusedAs422NamingTheFieldWithoutQuotingTheValue() {
    List<String> refused = new ArrayList<>();
    for (String query : List.of("toolPrefix=no%20spaces", "outputSchemas=loose",
        "baseUrl=https%3A%2F%2Fops%3Ahunter2%40api.example.com", "baseUrl=ftp%3A%2F%2Fx",
        "credentialParameters=body%3Atoken", "binding=missing")) {
      AdminServer.Answer answer = server.send("POST",
          "/api/v1/sources/pets/revisions?" + query, server.operator,
          Fixtures.pets("List pets"), "application/yaml", Map.of());
      assertThat(answer.status()).as(query).isEqualTo(422);
      assertThat(answer.body()).doesNotContain("hunter2").doesNotContain("no spaces")
          .doesNotContain("loose");
      refused.add(answer.json().path("field").asString("-") + ": "
          + answer.json().get("detail").asString());
    }

    assertThat(refused).containsExactly(
        "toolPrefix: toolPrefix must be 1 to 16 of A-Z a-z 0-9 _ -, starting with a letter or"
            + " digit",
        "outputSchemas: outputSchemas must be strict, lenient or none",
        "baseUrl: baseUrl must not carry credentials; use a binding",
        "baseUrl: baseUrl must be an absolute http or https URL",
        "credentialParameters: credentialParameters: each entry is a name or header:NAME,"
            + " query:NAME or cookie:NAME",
        "-: settings.binding: no binding missing");
    assertThat(server.get("/api/v1/sources/pets", server.viewer).status()).isEqualTo(404);
  }

  @Test
  void importRefusalsNameTheirCause() {
    AdminServer.Answer garbage = server.send("POST", "/api/v1/sources/pets/revisions",
        server.operator, "not: [an api".getBytes(), "application/yaml", Map.of());
    assertThat(garbage.status()).isEqualTo(422);

    AdminServer.Answer localFile = server.send("POST", "/api/v1/sources/pets/revisions",
        server.operator, "{\"url\":\"/etc/passwd\"}", Map.of());
    assertThat(localFile.status()).isEqualTo(422);
    assertThat(localFile.json().get("field").asString()).isEqualTo("url");

    AdminServer.Answer withPassword = server.send("POST", "/api/v1/sources/pets/revisions",
        server.operator, "{\"url\":\"https://ops:hunter2@specs.example.com/pets.yaml\"}",
        Map.of());
    assertThat(withPassword.status()).isEqualTo(422);
    assertThat(withPassword.body()).doesNotContain("hunter2");

    AdminServer.Answer empty = server.send("POST", "/api/v1/sources/pets/revisions",
        server.operator, new byte[0], "application/yaml", Map.of());
    assertThat(empty.status()).isEqualTo(422);

    assertThat(server.get("/api/v1/sources/pets", server.viewer).status()).isEqualTo(404);
    assertThat(server.get("/api/v1/sources/pets/revisions/abc", server.viewer).json()
        .get("field").asString()).isEqualTo("number");
  }

  @Test
  void bindingsHoldReferencesAndRotate() {
    AdminServer.Answer created = server.send("PUT", "/api/v1/bindings/github", server.operator,
        "{\"kind\":\"bearer\",\"secretRef\":\"env:GITHUB_TOKEN\"}", Map.of());
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().at("/binding/secretRef").asString()).isEqualTo("env:GITHUB_TOKEN");

    assertThat(server.send("PUT", "/api/v1/bindings/github", server.operator,
        "{\"kind\":\"bearer\",\"secretRef\":\"env:OTHER\"}", Map.of()).status())
        .isEqualTo(428);

    AdminServer.Answer rotated = server.send("POST", "/api/v1/bindings/github/rotate",
        server.operator, "{\"secretRef\":\"env:GITHUB_TOKEN_2\"}", ifMatch("\"1\""));
    assertThat(rotated.status()).isEqualTo(200);
    assertThat(rotated.json().at("/binding/secretRef").asString())
        .isEqualTo("env:GITHUB_TOKEN_2");
    assertThat(rotated.header("ETag")).isEqualTo("\"2\"");

    assertThat(server.send("POST", "/api/v1/bindings/github/rotate", server.operator,
        "{\"secretRef\":\"env:X\"}", ifMatch("\"1\"")).status()).isEqualTo(412);
    assertThat(server.send("PUT", "/api/v1/bindings/github", server.operator,
        "{\"kind\":\"smoke\",\"secretRef\":\"env:X\"}", ifMatch("\"2\"")).json()
        .get("field").asString()).isEqualTo("kind");
    assertThat(server.get("/api/v1/bindings", server.viewer).json().get("items")).hasSize(1);
    assertThat(server.get("/api/v1/bindings/github", server.viewer).header("ETag"))
        .isEqualTo("\"2\"");

    assertThat(server.send("DELETE", "/api/v1/bindings/github", server.operator, null,
        ifMatch("\"2\"")).status()).isEqualTo(204);
    assertThat(server.get("/api/v1/bindings/github", server.viewer).status()).isEqualTo(404);
  }

  @Test
  void clientsProfilesAndKeysAreCreatedRotatedAndRevoked() {
    AdminServer.Answer client = server.send("POST", "/api/v1/clients", server.operator,
        "{\"id\":\"acme\",\"displayName\":\"Acme\",\"scopes\":[\"pets:read\"]}", Map.of());
    assertThat(client.status()).isEqualTo(201);
    assertThat(server.send("POST", "/api/v1/clients", server.operator, "{\"id\":\"acme\"}",
        Map.of()).status()).isEqualTo(409);
    assertThat(server.send("POST", "/api/v1/clients", server.operator, "{}", Map.of()).json()
        .get("field").asString()).isEqualTo("id");

    assertThat(server.send("POST", "/api/v1/clients/acme/profiles", server.operator,
        "{\"name\":\"sandbox\"}", Map.of()).status()).isEqualTo(201);
    assertThat(server.get("/api/v1/clients/acme/profiles", server.viewer).json().get("items"))
        .hasSize(1);

    AdminServer.Answer issued = server.send("POST", "/api/v1/clients/acme/profiles/sandbox/keys",
        server.operator, null, Map.of());
    assertThat(issued.status()).isEqualTo(201);
    String secret = issued.json().get("secret").asString();
    assertThat(secret).startsWith("mgk_");
    String keyId = issued.json().at("/key/meta/id").asString();

    AdminServer.Answer keys = server.get("/api/v1/clients/acme/keys", server.viewer);
    assertThat(keys.json().get("items")).hasSize(1);
    assertThat(keys.body()).doesNotContain(secret);

    // "-" finds a key by its id alone; a client's path finds only that client's keys.
    AdminServer.Answer anyClient = server.get("/api/v1/clients/-/keys/" + keyId, server.viewer);
    assertThat(anyClient.status()).isEqualTo(200);
    assertThat(anyClient.json().get("clientId").asString()).isEqualTo("acme");
    assertThat(anyClient.body()).doesNotContain(secret);
    assertThat(server.get("/api/v1/clients/-/keys/0000000000000000", server.viewer).status())
        .isEqualTo(404);
    assertThat(server.send("POST", "/api/v1/clients", server.operator, "{\"id\":\"globex\"}",
        Map.of()).status()).isEqualTo(201);
    assertThat(server.get("/api/v1/clients/globex/keys/" + keyId, server.viewer).status())
        .isEqualTo(404);
    assertThat(server.send("POST", "/api/v1/clients/-/keys/" + keyId + "/revoke",
        server.operator, null, ifMatch("\"1\"")).status())
        .as("only reading takes any client").isEqualTo(404);

    AdminServer.Answer rotated = server.send("POST",
        "/api/v1/clients/acme/keys/" + keyId + "/rotate", server.operator, null,
        ifMatch("\"1\""));
    assertThat(rotated.status()).isEqualTo(201);
    assertThat(rotated.json().get("secret").asString()).startsWith("mgk_").isNotEqualTo(secret);
    assertThat(server.get("/api/v1/clients/acme/keys/" + keyId, server.viewer).json()
        .get("revoked").asBoolean()).isTrue();

    String newKey = rotated.json().at("/key/meta/id").asString();
    assertThat(server.send("POST", "/api/v1/clients/acme/keys/" + newKey + "/revoke",
        server.operator, null, ifMatch("\"1\"")).json().get("revoked").asBoolean()).isTrue();
    assertThat(server.send("POST", "/api/v1/clients/acme/keys/nope/revoke", server.operator,
        null, ifMatch("\"1\"")).status()).isEqualTo(404);
    assertThat(server.send("POST", "/api/v1/clients/acme/profiles/sandbox/revoke",
        server.operator, null, ifMatch("\"1\"")).json().get("revoked").asBoolean()).isTrue();
    AdminServer.Answer revoked = server.send("POST", "/api/v1/clients/acme/revoke",
        server.operator, null, ifMatch(client.header("ETag")));
    assertThat(revoked.json().get("revoked").asBoolean()).isTrue();
    assertThat(server.get("/api/v1/clients/acme", server.viewer).header("ETag"))
        .isEqualTo("\"2\"");
    assertThat(server.get("/api/v1/clients/ghost/keys", server.viewer).status()).isEqualTo(404);
  }

  @Test
  void aClientIsUpdatedUnderIfMatchAndADryRunChangesNothing() {
    AdminServer.Answer client = server.send("POST", "/api/v1/clients", server.operator,
        "{\"id\":\"acme\",\"displayName\":\"Acme\",\"scopes\":[\"pets:read\"]}", Map.of());
    String body = "{\"displayName\":\"Acme Corp\",\"tenant\":\"t1\","
        + "\"scopes\":[\"pets:read\",\"pets:write\"]}";

    AdminServer.Answer preview = server.send("PUT", "/api/v1/clients/acme?dryRun=true",
        server.operator, body, ifMatch(client.header("ETag")));
    assertThat(preview.status()).isEqualTo(200);
    assertThat(preview.json().get("dryRun").asBoolean()).isTrue();
    assertThat(preview.json().at("/changes/0/summary").asString()).contains("Acme Corp");
    AdminServer.Answer unchanged = server.get("/api/v1/clients/acme", server.viewer);
    assertThat(unchanged.json().get("displayName").asString()).isEqualTo("Acme");
    assertThat(unchanged.header("ETag")).isEqualTo("\"1\"");

    assertThat(server.send("PUT", "/api/v1/clients/acme", server.operator, body, Map.of())
        .status()).isEqualTo(428);
    assertThat(server.send("PUT", "/api/v1/clients/acme", server.viewer, body,
        ifMatch("\"1\"")).status()).isEqualTo(403);
    assertThat(server.send("PUT", "/api/v1/clients/ghost", server.operator, body,
        ifMatch("\"1\"")).status()).isEqualTo(404);
    assertThat(server.send("PUT", "/api/v1/clients/acme", server.operator,
        "{\"scopes\":\"pets:read\"}", ifMatch("\"1\"")).json().get("field").asString())
        .isEqualTo("scopes");

    AdminServer.Answer updated = server.send("PUT", "/api/v1/clients/acme", server.operator,
        body, ifMatch("\"1\""));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.header("ETag")).isEqualTo("\"2\"");
    assertThat(updated.json().get("displayName").asString()).isEqualTo("Acme Corp");
    assertThat(updated.json().get("tenant").asString()).isEqualTo("t1");
    assertThat(updated.json().get("scopes")).extracting(JsonNode::asString)
        .containsExactlyInAnyOrder("pets:read", "pets:write");
    assertThat(server.send("PUT", "/api/v1/clients/acme", server.operator, body,
        ifMatch("\"1\"")).status()).isEqualTo(412);
    assertThat(server.control.changes(ChangeQuery.latest(1)).get(0).surface())
        .isEqualTo(Surface.API);

    server.send("POST", "/api/v1/clients/acme/revoke", server.operator, null, ifMatch("\"2\""));
    assertThat(server.send("PUT", "/api/v1/clients/acme", server.operator, body,
        ifMatch("\"3\"")).status()).isEqualTo(409);
  }

  @Test
  void aKeyMadeElsewhereIsRegisteredByItsHashAndNeitherIsEverAnswered() {
    server.send("POST", "/api/v1/clients", server.operator, "{\"id\":\"acme\"}", Map.of());
    server.send("POST", "/api/v1/clients/acme/profiles", server.operator,
        "{\"name\":\"sandbox\"}", Map.of());
    String key = ClientRegistry.generateKey();
    String keyId = ClientRegistry.keyIdOf(key);
    String hash = HexFormat.of().formatHex(ClientRegistry.hashKey(key));
    String path = "/api/v1/clients/acme/profiles/sandbox/keys/" + keyId;
    String body = "{\"sha256\":\"" + hash + "\"}";

    AdminServer.Answer plaintext = server.send("PUT", path, server.operator,
        "{\"sha256\":\"" + hash + "\",\"key\":\"" + key + "\"}", Map.of());
    assertThat(plaintext.status()).isEqualTo(422);
    assertThat(plaintext.header("Content-Type")).startsWith("application/problem+json");
    assertThat(plaintext.json().get("field").asString()).isEqualTo("key");
    AdminServer.Answer keyAsHash = server.send("PUT", path, server.operator,
        "{\"sha256\":\"" + key + "\"}", Map.of());
    assertThat(keyAsHash.json().get("field").asString()).isEqualTo("sha256");
    assertThat(plaintext.body() + keyAsHash.body()).doesNotContain(key).doesNotContain(hash);
    assertThat(server.send("PUT", "/api/v1/clients/acme/profiles/sandbox/keys/NOT-AN-ID",
        server.operator, body, Map.of()).status()).isEqualTo(422);
    assertThat(server.send("PUT", path, server.viewer, body, Map.of()).status())
        .isEqualTo(403);
    assertThat(server.send("PUT", "/api/v1/clients/ghost/profiles/sandbox/keys/" + keyId,
        server.operator, body, Map.of()).status()).isEqualTo(404);
    assertThat(server.send("PUT", "/api/v1/clients/acme/profiles/prod/keys/" + keyId,
        server.operator, body, Map.of()).status()).isEqualTo(404);

    AdminServer.Answer preview = server.send("PUT", path + "?dryRun=true", server.operator,
        body, Map.of());
    assertThat(preview.status()).isEqualTo(200);
    assertThat(preview.json().get("dryRun").asBoolean()).isTrue();
    assertThat(server.get("/api/v1/clients/acme/keys", server.viewer).json().get("items"))
        .isEmpty();

    AdminServer.Answer registered = server.send("PUT", path, server.operator, body, Map.of());
    assertThat(registered.status()).isEqualTo(201);
    assertThat(registered.header("ETag")).isEqualTo("\"1\"");
    assertThat(registered.json().at("/meta/id").asString()).isEqualTo(keyId);
    assertThat(registered.json().get("profile").asString()).isEqualTo("sandbox");
    assertThat(registered.body()).doesNotContain(hash).doesNotContain(key);
    assertThat(server.control.changes(ChangeQuery.latest(1)).get(0).summary())
        .contains("registered key " + keyId).doesNotContain(hash);
    assertThat(server.send("PUT", path, server.operator, body, Map.of()).status())
        .isEqualTo(409);
    assertThat(server.get("/api/v1/clients/acme/keys/" + keyId, server.viewer).json()
        .get("revoked").asBoolean()).isFalse();
  }

  @Test
  void removingTheSelectionServesEveryToolOfTheActiveRevisionAgain() {
    importPets("List pets");
    server.send("POST", "/api/v1/sources/pets/revisions/1/approve", server.approver, "{}",
        ifMatch("\"1\""));
    server.send("POST", "/api/v1/sources/pets/revisions/1/publish", server.operator,
        "{\"environment\":\"production\"}",
        ifMatch(server.get("/api/v1/sources/pets", server.viewer).header("ETag")));
    server.send("PUT", "/api/v1/sources/pets/selection", server.operator,
        "{\"tools\":[\"listPets\"]}", Map.of());

    assertThat(server.send("DELETE", "/api/v1/sources/pets/selection", server.operator, null,
        Map.of()).status()).isEqualTo(428);
    assertThat(server.send("DELETE", "/api/v1/sources/pets/selection", server.viewer, null,
        ifMatch("\"1\"")).status()).isEqualTo(403);
    assertThat(server.send("DELETE", "/api/v1/sources/pets/selection", server.operator, null,
        ifMatch("\"7\"")).status()).isEqualTo(412);
    AdminServer.Answer preview = server.send("DELETE",
        "/api/v1/sources/pets/selection?dryRun=true", server.operator, null, ifMatch("\"1\""));
    assertThat(preview.status()).isEqualTo(200);
    assertThat(preview.json().get("dryRun").asBoolean()).isTrue();
    assertThat(server.get("/api/v1/environments/production/tools", server.viewer).json()
        .get("items")).extracting(t -> t.get("name").asString()).containsExactly("listPets");

    assertThat(server.send("DELETE", "/api/v1/sources/pets/selection", server.operator, null,
        ifMatch("\"1\"")).status()).isEqualTo(204);
    assertThat(server.get("/api/v1/sources/pets/selection", server.viewer).status())
        .isEqualTo(404);
    assertThat(server.get("/api/v1/environments/production/tools", server.viewer).json()
        .get("items")).extracting(t -> t.get("name").asString())
        .containsExactly("addPet", "listPets");
    assertThat(server.send("DELETE", "/api/v1/sources/pets/selection", server.operator, null,
        ifMatch("\"1\"")).status()).isEqualTo(404);
  }

  @Test
  void policyRulesAndTheEvaluationSayWhichToolsACallerSeesAndWhy() {
    importPets("List pets");
    server.send("POST", "/api/v1/sources/pets/revisions/1/approve", server.approver, "{}",
        ifMatch("\"1\""));
    server.send("POST", "/api/v1/sources/pets/revisions/1/publish", server.operator,
        "{\"environment\":\"production\"}",
        ifMatch(server.get("/api/v1/sources/pets", server.viewer).header("ETag")));

    AdminServer.Answer rule = server.send("PUT", "/api/v1/rules/acme-reads", server.operator,
        "{\"effect\":\"allow\",\"order\":1,\"clientIds\":[\"acme\"],\"tools\":[\"listPets\"]}",
        Map.of());
    assertThat(rule.status()).isEqualTo(201);
    assertThat(server.send("PUT", "/api/v1/rules/bad", server.operator,
        "{\"effect\":\"maybe\"}", Map.of()).json().get("field").asString()).isEqualTo("effect");
    assertThat(server.get("/api/v1/rules", server.viewer).json().get("items")).hasSize(1);
    assertThat(server.get("/api/v1/rules/acme-reads", server.viewer).header("ETag"))
        .isEqualTo("\"1\"");

    AdminServer.Answer evaluation = server.send("POST", "/api/v1/policy/evaluate",
        server.viewer, """
            {"environment":"production","caller":{"clientId":"acme"},"tool":"addPet"}""",
        Map.of());
    assertThat(evaluation.status()).isEqualTo(200);
    assertThat(evaluation.json().get("visible")).extracting(JsonNode::asString)
        .containsExactly("listPets");
    assertThat(evaluation.json().get("hidden")).extracting(h -> h.get("tool").asString())
        .containsExactly("addPet");
    assertThat(evaluation.json().at("/tool/visible").asBoolean()).isFalse();
    assertThat(evaluation.json().at("/tool/reason").asString()).contains("default deny");

    assertThat(server.send("POST", "/api/v1/policy/evaluate", server.viewer,
        "{\"environment\":\"production\",\"tool\":\"ghost\"}", Map.of()).json()
        .get("field").asString()).isEqualTo("tool");

    assertThat(server.send("DELETE", "/api/v1/rules/acme-reads", server.operator, null,
        ifMatch("\"1\"")).status()).isEqualTo(204);
  }

  @Test
  void aRuleCarriesEveryConditionACoreRuleMatchesAndGetsThemBackUnchanged() {
    String body = """
        {"effect":"allow","order":3,"description":"small payments by the buyer bot",
         "agents":["buyer-bot"],"workloads":["spiffe://shop/checkout"],"surfaces":["mcp"],
         "tenants":["shop"],"authMethods":["jwt"],"scopes":["payments:write","admin"],
         "allScopes":["payments:write"],"attributes":{"department":["sales","ops"]},
         "tools":["pay*"],"destructive":false,"idempotent":true,"openWorld":false,
         "arguments":[{"argument":"amount","operator":"<=","value":1000},
                      {"argument":"currency","operator":"in","value":["EUR","USD"]}]}""";

    AdminServer.Answer created = server.send("PUT", "/api/v1/rules/small-payments",
        server.operator, body, Map.of());

    assertThat(created.status()).isEqualTo(201);
    JsonNode definition = server.get("/api/v1/rules/small-payments", server.viewer).json()
        .get("definition");
    assertThat(definition.get("agents").get(0).asString()).isEqualTo("buyer-bot");
    assertThat(definition.at("/attributes/department/1").asString()).isEqualTo("ops");
    assertThat(definition.get("destructive").asBoolean()).isFalse();
    assertThat(definition.at("/arguments/0/operator").asString()).isEqualTo("AT_MOST");
    assertThat(definition.at("/arguments/0/value").asInt()).isEqualTo(1000);
    assertThat(definition.at("/arguments/1/value/1").asString()).isEqualTo("USD");
    // What GET answers, PUT takes back unchanged: the revision moves, the rule does not.
    AdminServer.Answer again = server.send("PUT", "/api/v1/rules/small-payments",
        server.operator, definition.toString(), ifMatch("\"1\""));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("definition")).isEqualTo(definition);
  }

  @Test
  void aBadConditionIsA422ThatSaysWhatIsWrong() {
    AdminServer.Answer operator = server.send("PUT", "/api/v1/rules/r", server.operator,
        "{\"effect\":\"deny\",\"arguments\":[{\"argument\":\"amount\",\"operator\":\"~=\","
            + "\"value\":1}]}", Map.of());
    AdminServer.Answer attribute = server.send("PUT", "/api/v1/rules/r", server.operator,
        "{\"effect\":\"deny\",\"attributes\":{\"\":[\"x\"]}}", Map.of());
    AdminServer.Answer value = server.send("PUT", "/api/v1/rules/r", server.operator,
        "{\"effect\":\"deny\",\"arguments\":[{\"argument\":\"amount\",\"operator\":\"<\","
            + "\"value\":\"canary-value\"}]}", Map.of());
    AdminServer.Answer notAnObject = server.send("PUT", "/api/v1/rules/r", server.operator,
        "{\"effect\":\"deny\",\"arguments\":[7]}", Map.of());

    assertThat(operator.status()).isEqualTo(422);
    assertThat(operator.json().get("detail").asString())
        .startsWith("arguments[0].operator must be one of ==, !=, in, not in, <, <=, >, >=");
    assertThat(attribute.status()).isEqualTo(422);
    assertThat(attribute.json().get("detail").asString())
        .isEqualTo("attributes: an attribute name must not be blank");
    assertThat(value.status()).isEqualTo(422);
    assertThat(value.json().get("detail").asString())
        .isEqualTo("arguments[0].value must be a finite number");
    assertThat(value.body()).doesNotContain("canary-value");
    assertThat(notAnObject.status()).isEqualTo(422);
    assertThat(server.get("/api/v1/rules/r", server.viewer).status()).isEqualTo(404);
  }

  @Test
  void aLimitCountsEachCallerOnItsOwn() {
    AdminServer.Answer each = server.send("PUT", "/api/v1/limits/per-caller", server.operator,
        "{\"scope\":\"each_caller\",\"capacity\":10,\"period\":\"PT1S\"}", Map.of());
    AdminServer.Answer perTool = server.send("PUT", "/api/v1/limits/per-caller-pay",
        server.operator, "{\"scope\":\"each_caller_tool\",\"target\":\"pay\",\"capacity\":2,"
            + "\"period\":\"PT1M\"}", Map.of());
    AdminServer.Answer wrongTarget = server.send("PUT", "/api/v1/limits/x", server.operator,
        "{\"scope\":\"each_caller\",\"target\":\"acme\",\"capacity\":1,\"period\":\"PT1S\"}",
        Map.of());

    assertThat(each.status()).isEqualTo(201);
    assertThat(each.json().at("/definition/scope").asString()).isEqualTo("EACH_CALLER");
    assertThat(each.json().at("/definition/target").asString()).isEqualTo("*");
    assertThat(perTool.json().at("/definition/scope").asString()).isEqualTo("EACH_CALLER_TOOL");
    assertThat(wrongTarget.status()).isEqualTo(422);
    assertThat(wrongTarget.json().get("detail").asString())
        .isEqualTo("an each_caller limit counts every caller: its target is *");
  }

  @Test
  void rateLimitsAreCreatedReplacedAndDeleted() {
    AdminServer.Answer created = server.send("PUT", "/api/v1/limits/acme-minute",
        server.operator, "{\"scope\":\"client\",\"target\":\"acme\",\"capacity\":60,"
            + "\"period\":\"PT1M\"}", Map.of());
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().at("/definition/capacity").asLong()).isEqualTo(60);

    AdminServer.Answer replaced = server.send("PUT", "/api/v1/limits/acme-minute",
        server.operator, "{\"scope\":\"client\",\"target\":\"acme\",\"capacity\":120,"
            + "\"period\":\"PT1M\"}", ifMatch("\"1\""));
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.header("ETag")).isEqualTo("\"2\"");
    assertThat(server.send("PUT", "/api/v1/limits/x", server.operator,
        "{\"scope\":\"client\",\"target\":\"acme\",\"capacity\":1,\"period\":\"soon\"}",
        Map.of()).json().get("field").asString()).isEqualTo("period");
    assertThat(server.send("PUT", "/api/v1/limits/x", server.operator,
        "{\"scope\":\"galaxy\",\"target\":\"acme\",\"capacity\":1,\"period\":\"PT1S\"}",
        Map.of()).json().get("field").asString()).isEqualTo("scope");
    assertThat(server.get("/api/v1/limits", server.viewer).json().get("items")).hasSize(1);
    assertThat(server.get("/api/v1/limits/acme-minute", server.viewer).json()
        .at("/definition/target").asString()).isEqualTo("acme");

    assertThat(server.send("DELETE", "/api/v1/limits/acme-minute", server.operator, null,
        ifMatch("\"2\"")).status()).isEqualTo(204);
    assertThat(server.get("/api/v1/limits/acme-minute", server.viewer).status()).isEqualTo(404);
  }

  @Test
  void onlyAnAdminManagesOperators() {
    AdminServer.Answer created = server.send("POST", "/api/v1/operators", server.admin,
        "{\"name\":\"otto\",\"role\":\"operator\"}", Map.of());
    assertThat(created.status()).isEqualTo(201);
    String token = created.json().get("token").asString();
    assertThat(token).startsWith("mgo_otto.");
    assertThat(server.get("/api/v1/clients", token).status()).isEqualTo(200);

    assertThat(server.send("POST", "/api/v1/operators", server.approver,
        "{\"name\":\"eve\",\"role\":\"admin\"}", Map.of()).status()).isEqualTo(403);
    assertThat(server.send("POST", "/api/v1/operators", server.admin,
        "{\"name\":\"eve\",\"role\":\"boss\"}", Map.of()).json().get("field").asString())
        .isEqualTo("role");
    assertThat(server.get("/api/v1/operators", server.viewer).json().get("items")).hasSize(5);
    assertThat(server.get("/api/v1/operators", server.viewer).body()).doesNotContain(token);

    AdminServer.Answer revoked = server.send("POST", "/api/v1/operators/otto/revoke",
        server.admin, null, ifMatch(server.get("/api/v1/operators/otto", server.viewer)
            .header("ETag")));
    assertThat(revoked.json().get("revoked").asBoolean()).isTrue();
    assertThat(server.get("/api/v1/clients", token).status()).isEqualTo(401);
    assertThat(server.get("/api/v1/roles", server.viewer).json().get("items")).hasSize(4);
  }

  @Test
  void theChangeLogPagesThroughEveryApiChangeNewestFirst() {
    for (String id : List.of("a1", "a2", "a3", "a4", "a5")) {
      server.send("POST", "/api/v1/clients", server.operator, "{\"id\":\"" + id + "\"}",
          Map.of());
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      AdminServer.Answer page = server.get("/api/v1/changes?kind=client&limit=2"
          + (cursor == null ? "" : "&cursor=" + cursor), server.viewer);
      assertThat(page.json().get("items").size()).isLessThanOrEqualTo(2);
      page.json().get("items").forEach(c -> seen.add(c.get("objectId").asString()));
      JsonNode next = page.json().get("nextCursor");
      cursor = next.isNull() ? null : next.asString();
    } while (cursor != null);

    assertThat(seen).containsExactly("a5", "a4", "a3", "a2", "a1");
    List<ChangeEvent> changes = server.control.changes(new ChangeQuery(null, null,
        dev.mcpgate.control.ObjectKind.CLIENT, null, null, 0, 100));
    assertThat(changes).allSatisfy(c -> {
      assertThat(c.surface()).isEqualTo(Surface.API);
      assertThat(c.actor()).isEqualTo("olga");
    });
    assertThat(server.get("/api/v1/changes?objectId=a3", server.viewer).json().get("items"))
        .hasSize(1);
    assertThat(server.get("/api/v1/changes?kind=planet", server.viewer).json().get("field")
        .asString()).isEqualTo("kind");
    assertThat(server.get("/api/v1/changes?cursor=zzz", server.viewer).status()).isEqualTo(400);
  }

  @Test
  void theAuditPagesByTimeAndFiltersByClientToolAndOutcome() {
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    for (int i = 0; i < 5; i++) {
      server.control.audit().sink().record(AuditEvent.builder("r" + i, t0.plusSeconds(i / 2),
              "tools/call", CallerContext.builder().clientId(i % 2 == 0 ? "acme" : "zeta")
                  .authMethod("apiKey").build())
          .tool("listPets").source("pets").outcome(i == 4 ? AuditOutcome.DENIED : AuditOutcome.OK).build());
    }
    assertThat(server.control.audit().flush(Duration.ofSeconds(10))).isTrue();

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      AdminServer.Answer page = server.get("/api/v1/audit?limit=2"
          + (cursor == null ? "" : "&cursor=" + cursor), server.viewer);
      page.json().get("items").forEach(e -> seen.add(e.get("requestId").asString()));
      JsonNode next = page.json().get("nextCursor");
      cursor = next.isNull() ? null : next.asString();
    } while (cursor != null);

    assertThat(seen).containsExactlyInAnyOrder("r0", "r1", "r2", "r3", "r4");
    assertThat(server.get("/api/v1/audit?clientId=acme", server.viewer).json().get("items"))
        .hasSize(3);
    assertThat(server.get("/api/v1/audit?outcome=denied&tool=listPets", server.viewer).json()
        .get("items")).hasSize(1);
    assertThat(server.get("/api/v1/audit?to=2026-12-01T10:00:01Z", server.viewer).json()
        .get("items")).hasSize(2);
    assertThat(server.get("/api/v1/audit?from=yesterday", server.viewer).json().get("field")
        .asString()).isEqualTo("from");
  }

  @Test
  void healthAndReadinessReportTheAppliedControlPlaneRevision() {
    server.send("POST", "/api/v1/clients", server.operator, "{\"id\":\"acme\"}", Map.of());

    AdminServer.Answer health = server.get("/api/v1/health", null);
    AdminServer.Answer ready = server.get("/api/v1/ready", null);

    assertThat(health.json().get("sequence").asLong()).isEqualTo(server.control.sequence());
    assertThat(ready.json().get("ready").asBoolean()).isTrue();
    assertThat(ready.json().get("sequence").asLong()).isEqualTo(server.control.sequence());
  }
}
