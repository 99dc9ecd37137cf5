package dev.mcpgate.admin.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.Surface;
import dev.mcpgate.testkit.McpTestClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Which planned changes need a human's confirmation: approving a revision that adds write
 * operations and a rule that allows more do; approving a read-only revision and adding a deny
 * rule do not.
 */
class ManagementChangesTest {

  private ManagementServer server;
  private McpTestClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  private static byte[] spec(boolean withWrite) {
    return ("""
        openapi: 3.0.3
        info: {title: Pets, version: "1"}
        servers: [{url: "https://api.example.com"}]
        paths:
          /pets:
            get: {operationId: listPets, summary: List pets, responses: {"200": {description: ok}}}
        """ + (withWrite ? """
            post: {operationId: addPet, summary: Add a pet, responses: {"201": {description: ok}}}
        """ : "")).getBytes(StandardCharsets.UTF_8);
  }

  private JsonNode planApproval(boolean withWrite) throws Exception {
    server = ManagementServer.start();
    server.control.apply(Actor.local(Surface.CLI),
        new Command.ImportRevision("pets", spec(withWrite), "upload:pets.yaml"));
    long review = server.control.review("pets", 1).orElseThrow().meta().revision();
    client = server.client(server.approver);
    return client.callTool("approveRevision", McpTestClient.json("{\"source\":\"pets\","
        + "\"number\":1,\"If-Match\":\"" + review + "\"}")).response().path("result");
  }

  private JsonNode planRule(String effect) throws Exception {
    server = ManagementServer.start();
    client = server.client(server.operator);
    return client.callTool("putRule", McpTestClient.json("{\"rule\":\"r1\",\"body\":{"
        + "\"effect\":\"" + effect + "\",\"tools\":[\"listPets\"]}}")).response().path("result");
  }

  @Test
  void approvingARevisionThatAddsAWriteOperationNeedsAHuman() throws Exception {
    JsonNode plan = planApproval(true);

    assertThat(plan.path("isError").asBoolean()).as(plan.toString()).isFalse();
    assertThat(plan.at("/structuredContent/needsConfirmation").asBoolean()).isTrue();
  }

  @Test
  void approvingAReadOnlyRevisionNeedsNoHuman() throws Exception {
    JsonNode plan = planApproval(false);

    assertThat(plan.path("isError").asBoolean()).as(plan.toString()).isFalse();
    assertThat(plan.at("/structuredContent/needsConfirmation").asBoolean()).isFalse();
  }

  @Test
  void aRuleThatAllowsNeedsAHuman() throws Exception {
    JsonNode plan = planRule("allow");

    assertThat(plan.path("isError").asBoolean()).as(plan.toString()).isFalse();
    assertThat(plan.at("/structuredContent/needsConfirmation").asBoolean()).isTrue();
  }

  @Test
  void aNewDenyRuleNeedsNoHuman() throws Exception {
    JsonNode plan = planRule("deny");

    assertThat(plan.path("isError").asBoolean()).as(plan.toString()).isFalse();
    assertThat(plan.at("/structuredContent/needsConfirmation").asBoolean()).isFalse();
  }
}
