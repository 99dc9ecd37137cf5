package dev.mcpgate.admin.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.Surface;
import dev.mcpgate.testkit.McpTestClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

  @Test
  void aDenyRuleWithArgumentAndAttributeConditionsIsPlannedAndAppliedWhole() throws Exception {
    server = ManagementServer.start();
    client = server.client(server.operator);
    JsonNode tool = client.listTools(null).response().at("/result/tools").valueStream()
        .filter(t -> t.path("name").asString().equals("putRule")).findFirst().orElseThrow();
    assertThat(tool.at("/inputSchema/properties/body/$ref").asString())
        .isEqualTo("#/$defs/RuleInput");
    JsonNode body = tool.at("/inputSchema/$defs/RuleInput/properties");
    assertThat(body.has("arguments")).as(body.toString()).isTrue();
    assertThat(body.has("attributes")).isTrue();
    assertThat(body.has("openWorld")).isTrue();

    JsonNode plan = client.callTool("putRule", McpTestClient.json("{\"rule\":\"big-orders\","
        + "\"body\":{\"effect\":\"deny\",\"agents\":[\"buyer-bot\"],\"attributes\":"
        + "{\"department\":[\"sales\"]},\"arguments\":[{\"argument\":\"amount\","
        + "\"operator\":\">\",\"value\":1000}]}}")).response().path("result");
    assertThat(plan.path("isError").asBoolean()).as(plan.toString()).isFalse();
    assertThat(plan.at("/structuredContent/needsConfirmation").asBoolean()).isFalse();
    JsonNode applied = client.callTool("apply", McpTestClient.json("{\"planToken\":\""
        + plan.at("/structuredContent/planToken").asString() + "\"}")).response()
        .path("result");

    assertThat(applied.path("isError").asBoolean()).as(applied.toString()).isFalse();
    assertThat(server.control.rules()).singleElement().satisfies(rule -> {
      assertThat(rule.definition().agents()).containsExactly("buyer-bot");
      assertThat(rule.definition().attributes()).containsEntry("department", List.of("sales"));
      assertThat(rule.definition().arguments()).singleElement().asString()
          .isEqualTo("amount > 1000");
    });

    JsonNode bad = client.callTool("putRule", McpTestClient.json("{\"rule\":\"bad\","
        + "\"body\":{\"effect\":\"deny\",\"arguments\":[{\"argument\":\"amount\","
        + "\"operator\":\"~\",\"value\":1}]}}")).response().path("result");
    assertThat(bad.path("isError").asBoolean()).isTrue();
    // The tool's input schema (from the admin API's document) names the operators it takes.
    assertThat(bad.toString()).contains("/body/arguments/0/operator", "\\\"<=\\\"");
  }
}
