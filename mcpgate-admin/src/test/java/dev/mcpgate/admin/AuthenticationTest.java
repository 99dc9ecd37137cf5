package dev.mcpgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.control.ChangeEvent;
import dev.mcpgate.control.ChangeQuery;
import dev.mcpgate.control.Surface;
import dev.mcpgate.core.identity.JwtIdentityResolver;
import dev.mcpgate.testkit.JwksServer;
import dev.mcpgate.testkit.TestJwt;
import dev.mcpgate.testkit.TestKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator tokens, OIDC tokens for the operator audience, roles and challenges. */
class AuthenticationTest {

  static final String ISSUER = "https://idp.example.test";
  static final TestKey KEY = TestKey.rs256("k1");

  @TempDir Path dir;
  JwksServer jwks;
  AdminServer server;

  @BeforeEach
  void start() throws Exception {
    jwks = JwksServer.start(KEY);
    JwtIdentityResolver oidc = JwtIdentityResolver.builder().jwksUrl(jwks.uri())
        .issuer(ISSUER).audience("mcpgate-admin").scopeClaims("scope").build();
    server = AdminServer.start(dir, builder -> builder.oidc(oidc));
  }

  @AfterEach
  void stop() {
    server.close();
    jwks.close();
  }

  private static String jwt(String audience, String scope) {
    return TestJwt.builder().issuer(ISSUER).audience(audience).subject("carol")
        .claim("scope", scope).expiresIn(Duration.ofMinutes(5)).signWith(KEY);
  }

  @Test
  void withoutATokenTheAnswerIs401WithTheBearerChallenge() {
    AdminServer.Answer answer = server.get("/api/v1/clients", null);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"mcpgate-admin\"");
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void aDataPlaneClientKeyNeverAuthenticatesAnOperator() {
    server.send("POST", "/api/v1/clients", server.operator, "{\"id\":\"acme\"}", Map.of());
    server.send("POST", "/api/v1/clients/acme/profiles", server.operator,
        "{\"name\":\"production\"}", Map.of());
    String clientKey = server.send("POST", "/api/v1/clients/acme/profiles/production/keys",
        server.operator, null, Map.of()).json().get("secret").asString();

    AdminServer.Answer answer = server.get("/api/v1/clients", clientKey);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertThat(answer.body()).doesNotContain(clientKey);
  }

  @Test
  void anUnknownOrMalformedOperatorTokenIs401() {
    assertThat(server.get("/api/v1/clients", "mgo_root.forged").status()).isEqualTo(401);
    assertThat(server.get("/api/v1/clients", "not-a-token").status()).isEqualTo(401);
    AdminServer.Answer basic = server.send("GET", "/api/v1/clients", null, (String) null,
        Map.of("Authorization", "Basic cm9vdDpyb290"));
    assertThat(basic.status()).isEqualTo(401);
    assertThat(basic.header("WWW-Authenticate")).contains("invalid_request");
  }

  @Test
  void aViewerReadsButCannotChangeAnything() {
    assertThat(server.get("/api/v1/clients", server.viewer).status()).isEqualTo(200);

    AdminServer.Answer answer = server.send("POST", "/api/v1/clients", server.viewer,
        "{\"id\":\"acme\"}", Map.of());

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"mcpgate-admin\", "
        + "error=\"insufficient_scope\", error_description=\"the operator's role does not "
        + "allow this\", scope=\"mcpgate:operator\"");
    assertThat(server.control.clients()).isEmpty();
  }

  @Test
  void anOidcTokenForTheOperatorAudienceActsWithTheRoleItsScopesGrant() {
    String token = jwt("mcpgate-admin", "openid mcpgate:operator");

    AdminServer.Answer created = server.send("POST", "/api/v1/clients", token,
        "{\"id\":\"acme\"}", Map.of());

    assertThat(created.status()).isEqualTo(201);
    ChangeEvent change = server.control.changes(ChangeQuery.latest(1)).get(0);
    assertThat(change.actor()).isEqualTo("oidc:carol");
    assertThat(change.surface()).isEqualTo(Surface.API);
    assertThat(server.send("POST", "/api/v1/operators", token,
        "{\"name\":\"eve\",\"role\":\"admin\"}", Map.of()).status()).isEqualTo(403);
  }

  @Test
  void anOidcTokenForAnotherAudienceIsRefused() {
    AdminServer.Answer answer = server.get("/api/v1/clients",
        jwt("mcpgate", "mcpgate:admin"));

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).contains("invalid_token");
  }

  @Test
  void anOidcTokenWithoutAnOperatorRoleIs403() {
    AdminServer.Answer answer = server.get("/api/v1/clients", jwt("mcpgate-admin", "openid"));

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
  }

  @Test
  void onlyAnApproverDecidesAReview() {
    server.send("POST", "/api/v1/sources/pets/revisions", server.operator,
        Fixtures.pets("List pets"), "application/yaml", Map.of());

    assertThat(server.send("POST", "/api/v1/sources/pets/revisions/1/approve",
        jwt("mcpgate-admin", "mcpgate:operator"), "{}", Fixtures.ifMatch("\"1\"")).status())
        .isEqualTo(403);
    assertThat(server.send("POST", "/api/v1/sources/pets/revisions/1/approve",
        jwt("mcpgate-admin", "mcpgate:approver"), "{}", Fixtures.ifMatch("\"1\"")).status())
        .isEqualTo(200);
  }
}
