package dev.mcpgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.core.audit.JsonLinesAuditSink;
import dev.mcpgate.testkit.McpExchange;
import dev.mcpgate.testkit.McpTestClient;
import dev.mcpgate.testkit.RecordingAuditSink;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Refused authentications on the MCP endpoint are audit events, and so is every tools/list:
 * with who, from where, why, and never the credential (canaries, searched in each event as a
 * JSON line and as {@code toString}).
 */
class AuthenticationAuditTest {

  private static final String CANARY = "canary-" + HexFormat.of().formatHex(
      new SecureRandom().generateSeed(12));

  private final RecordingAuditSink audit = new RecordingAuditSink();
  private JettyHost host;

  @AfterEach
  void stop() {
    if (host != null) {
      host.close();
    }
  }

  private void start() throws Exception {
    host = JettyHost.withFilter(TestTools.gateway()
        .identityResolver(TestIdentities.resolver(Set.of("orders:read")))
        .auditSink(audit)
        .build(), McpTransportConfig.defaults());
  }

  private McpExchange listWith(String authorization) {
    McpTestClient.Builder builder = McpTestClient.builder(host.mcp());
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    try (McpTestClient client = builder.build()) {
      return client.listTools(null);
    }
  }

  private static void assertNoCanary(List<AuditEvent> events) {
    assertThat(events).allSatisfy(event -> {
      assertThat(JsonLinesAuditSink.line(event)).doesNotContain(CANARY);
      assertThat(event.toString()).doesNotContain(CANARY);
    });
  }

  @Test
  void eachRefusedAuthenticationIsOneEventSayingWhyFromWhereAndWithWhatScheme() throws Exception {
    start();

    assertThat(listWith(null).status()).isEqualTo(401);
    assertThat(listWith("Bearer " + CANARY).status()).isEqualTo(401);
    assertThat(listWith("Bearer " + TestIdentities.NARROW).status()).isEqualTo(403);
    assertThat(listWith(CANARY + " " + CANARY).status()).isEqualTo(401);

    List<AuditEvent> events = audit.events();
    assertThat(events).hasSize(4).allSatisfy(event -> {
      assertThat(event.method()).isEqualTo(AuditEvent.METHOD_AUTHENTICATION);
      assertThat(event.outcome()).isEqualTo(AuditOutcome.DENIED);
      assertThat(event.caller().isAnonymous()).isTrue();
      assertThat(event.details()).containsEntry(AuditEvent.DETAIL_REMOTE_ADDRESS, "127.0.0.1")
          .containsEntry(AuditEvent.DETAIL_HTTP_METHOD, "POST")
          .containsEntry(AuditEvent.DETAIL_PATH, "/mcp");
    });
    assertThat(events).extracting(event -> event.gates().get(0)).containsExactly(
        new GateOutcome(GateId.IDENTITY, false, "no credential"),
        new GateOutcome(GateId.IDENTITY, false, "invalid_token"),
        new GateOutcome(GateId.IDENTITY, false, "insufficient_scope"),
        new GateOutcome(GateId.IDENTITY, false, "invalid_token"));
    assertThat(events).extracting(event -> event.details().get(AuditEvent.DETAIL_AUTH_SCHEME))
        .containsExactly(null, "Bearer", "Bearer", "other");
    assertThat(events).extracting(event -> event.details().get(AuditEvent.DETAIL_AUTH_ERROR))
        .containsExactly(null, "unknown or expired token", "the token lacks \"orders:write\"",
            "not a bearer token");
    assertThat(events).extracting(AuditEvent::requestId).doesNotHaveDuplicates();
    assertNoCanary(events);
  }

  @Test
  void anAuthenticatedToolsListIsAnEventWithItsCallerAndNotAnAuthenticationEvent()
      throws Exception {
    start();
    try (McpTestClient alice = McpTestClient.builder(host.mcp())
        .header("Authorization", TestIdentities.bearer(TestIdentities.ALICE)).build()) {
      alice.initialize();
      alice.listTools(null);
    }

    List<AuditEvent> events = audit.events();
    assertThat(events).singleElement().satisfies(event -> {
      assertThat(event.method()).isEqualTo(AuditEvent.METHOD_TOOLS_LIST);
      assertThat(event.caller().subject()).isEqualTo("alice");
      assertThat(event.caller().tokenId()).isEqualTo("alice-jti");
      assertThat(Integer.parseInt(event.details().get(AuditEvent.DETAIL_TOOLS_LISTED)))
          .isPositive();
      assertThat(JsonLinesAuditSink.line(event)).doesNotContain(TestIdentities.ALICE);
    });
  }
}
