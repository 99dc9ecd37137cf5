package dev.mcpgate.admin.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.control.Actor;
import dev.mcpgate.control.ChangeEvent;
import dev.mcpgate.control.ChangeQuery;
import dev.mcpgate.control.Client;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.Surface;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A raw MCP 2026-07-28 client (plain HTTP POSTs with the standard headers and per-request
 * {@code _meta}, no SDK) confirms a destructive change through the Management MCP endpoint's
 * default {@link HumanConfirmation#throughClient()}: {@code apply} answers with an input-required
 * result asking the user, and the retry with the answer applies the plan. The confirmation is
 * bound to the plan: it neither applies twice nor moves to another plan's token.
 */
class ManagementInputRequiredTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String VERSION = "2026-07-28";

  private ManagementServer server;
  private int nextId = 1;

  @BeforeEach
  void start() throws Exception {
    server = ManagementServer.start();
    for (String id : Set.of("shop", "billing")) {
      server.control.apply(Actor.local(Surface.CLI), new Command.CreateClient(id, null, null,
          Set.of()));
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void applyAsksTheUserWhatChangesAndAppliesOnTheRetryThatBringsTheirYes() throws Exception {
    JsonNode plan = plan("shop");

    JsonNode asked = apply(plan, true, null, null);

    assertThat(asked.path("resultType").asString()).isEqualTo("input_required");
    JsonNode question = asked.path("inputRequests").path(key(plan));
    assertThat(question.path("method").asString()).isEqualTo("elicitation/create");
    assertThat(question.path("params").path("mode").asString()).isEqualTo("form");
    assertThat(question.path("params").path("message").asString())
        .contains("revokeClient", "\"shop\"", "Operator olga", "revoked client shop",
            "revision " + plan.path("baseRevision").asLong());
    assertThat(question.path("params").path("requestedSchema").path("properties")
        .path("confirm").path("type").asString()).isEqualTo("boolean");
    assertThat(client("shop").revoked()).as("asking changes nothing").isFalse();

    JsonNode applied = apply(plan, true, answer(plan, "accept", true),
        asked.path("requestState").asString());

    assertThat(applied.path("resultType").asString()).isEqualTo("complete");
    assertThat(applied.path("isError").asBoolean()).as(applied.toString()).isFalse();
    assertThat(applied.path("structuredContent").path("applied").asBoolean()).isTrue();
    assertThat(applied.path("structuredContent").path("confirmed").asString())
        .contains("elicitation");
    assertThat(client("shop").revoked()).isTrue();
    ChangeEvent change = server.control.changes(ChangeQuery.latest(1)).get(0);
    assertThat(change.surface()).isEqualTo(Surface.MCP);
    assertThat(change.actor()).isEqualTo("olga");
    assertThat(change.objectId()).isEqualTo("shop");
  }

  @Test
  void aDeclineOrAnUntickedBoxAppliesNothingAndSpendsThePlan() throws Exception {
    for (ObjectNode no : java.util.List.of(answerOf("decline", null), answerOf("cancel", null),
        answerOf("accept", false))) {
      JsonNode plan = plan("shop");
      JsonNode asked = apply(plan, true, null, null);

      JsonNode refused = apply(plan, true, keyed(plan, no),
          asked.path("requestState").asString());
      JsonNode again = apply(plan, true, keyed(plan, answerOf("accept", true)), null);

      assertThat(refused.path("isError").asBoolean()).as(no.toString()).isTrue();
      assertThat(text(refused)).contains("Not applied: the human declined");
      assertThat(text(again)).contains("already applied");
      assertThat(client("shop").revoked()).isFalse();
    }
  }

  @Test
  void aConfirmationAppliesItsPlanOnceNeitherReplayedNorResent() throws Exception {
    JsonNode plan = plan("shop");
    JsonNode asked = apply(plan, true, null, null);
    String state = asked.path("requestState").asString();
    apply(plan, true, answer(plan, "accept", true), state);

    Reply replayed = post("tools/call", "apply", applyParams(plan, true,
        answer(plan, "accept", true), state));
    JsonNode resent = apply(plan, true, answer(plan, "accept", true), null);

    assertThat(replayed.status).isEqualTo(400);
    assertThat(replayed.body.path("error").path("message").asString()).contains("already used");
    assertThat(text(resent)).contains("already applied");
    assertThat(server.control.changes(ChangeQuery.latest(20)))
        .filteredOn(change -> change.surface() == Surface.MCP).hasSize(1);
  }

  @Test
  void aConfirmationGivenForOnePlanDoesNotApplyAnother() throws Exception {
    JsonNode shop = plan("shop");
    JsonNode asked = apply(shop, true, null, null);
    JsonNode billing = plan("billing");

    Reply moved = post("tools/call", "apply", applyParams(billing, true,
        answer(shop, "accept", true), asked.path("requestState").asString()));
    JsonNode answerOnly = apply(billing, true, answer(shop, "accept", true), null);

    assertThat(moved.status).as("the request state is bound to the plan token").isEqualTo(400);
    assertThat(moved.body.path("error").path("message").asString())
        .contains("another request");
    assertThat(answerOnly.path("resultType").asString())
        .as("an answer about shop is no answer about billing: the user is asked")
        .isEqualTo("input_required");
    assertThat(answerOnly.path("inputRequests").has(key(billing))).isTrue();
    assertThat(client("shop").revoked()).isFalse();
    assertThat(client("billing").revoked()).isFalse();
  }

  @Test
  void aClientWithoutElicitationIsToldToUseTheUiOrTheCli() throws Exception {
    JsonNode plan = plan("shop");

    JsonNode refused = apply(plan, false, null, null);

    assertThat(refused.path("resultType").asString()).isEqualTo("complete");
    assertThat(refused.path("isError").asBoolean()).isTrue();
    assertThat(text(refused)).contains(HumanConfirmation.USE_UI_OR_CLI);
    assertThat(client("shop").revoked()).isFalse();
  }

  @Test
  void aMalformedAnswerIsNoConfirmation() throws Exception {
    JsonNode plan = plan("shop");
    JsonNode asked = apply(plan, true, null, null);
    ObjectNode odd = JSON.createObjectNode();
    odd.put(key(plan), "yes");

    Reply reply = post("tools/call", "apply", applyParams(plan, true, odd,
        asked.path("requestState").asString()));

    assertThat(reply.status).isLessThan(500);
    assertThat(reply.body.path("result").path("resultType").asString())
        .as("a non-object answer is no answer: the user is asked again")
        .isEqualTo("input_required");
    assertThat(client("shop").revoked()).isFalse();
  }

  // ---- helpers

  private Client client(String id) {
    return server.control.clients().stream().filter(c -> c.meta().id().equals(id))
        .findFirst().orElseThrow();
  }

  private static String text(JsonNode result) {
    StringBuilder text = new StringBuilder();
    result.path("content").forEach(item -> text.append(item.path("text").asString()).append('\n'));
    return text.toString();
  }

  private static String key(JsonNode plan) {
    return "confirm-" + plan.path("planId").asString();
  }

  /** Olga plans the revocation of a client; the plan's structured content. */
  private JsonNode plan(String id) throws Exception {
    ObjectNode params = params(false).put("name", "revokeClient");
    params.putObject("arguments").put("client", id)
        .put("If-Match", String.valueOf(client(id).meta().revision()));
    JsonNode result = post("tools/call", "revokeClient", params).body.path("result");
    assertThat(result.path("isError").asBoolean()).as(result.toString()).isFalse();
    assertThat(result.path("structuredContent").path("needsConfirmation").asBoolean()).isTrue();
    return result.path("structuredContent");
  }

  private JsonNode apply(JsonNode plan, boolean elicitation, ObjectNode responses, String state)
      throws Exception {
    Reply reply = post("tools/call", "apply", applyParams(plan, elicitation, responses, state));
    assertThat(reply.status).as(reply.body.toString()).isEqualTo(200);
    return reply.body.path("result");
  }

  private static ObjectNode applyParams(JsonNode plan, boolean elicitation, ObjectNode responses,
      String state) {
    ObjectNode params = params(elicitation).put("name", "apply");
    params.putObject("arguments").put("planToken", plan.path("planToken").asString());
    if (responses != null) {
      params.set("inputResponses", responses);
    }
    if (state != null) {
      params.put("requestState", state);
    }
    return params;
  }

  private static ObjectNode answerOf(String action, Boolean confirm) {
    ObjectNode answer = JSON.createObjectNode().put("action", action);
    if (confirm != null) {
      answer.putObject("content").put("confirm", confirm);
    }
    return answer;
  }

  private static ObjectNode keyed(JsonNode plan, ObjectNode answer) {
    ObjectNode responses = JSON.createObjectNode();
    responses.set(key(plan), answer);
    return responses;
  }

  private static ObjectNode answer(JsonNode plan, String action, boolean confirm) {
    return keyed(plan, answerOf(action, confirm));
  }

  private static ObjectNode params(boolean elicitation) {
    ObjectNode params = JSON.createObjectNode();
    ObjectNode meta = params.putObject("_meta");
    meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
    ObjectNode capabilities = meta.putObject("io.modelcontextprotocol/clientCapabilities");
    if (elicitation) {
      capabilities.putObject("elicitation");
    }
    return params;
  }

  private record Reply(int status, JsonNode body) {}

  /** One POST with the headers a 2026-07-28 client sends, taken from the body. */
  private Reply post(String method, String name, ObjectNode params) throws Exception {
    ObjectNode message = JSON.createObjectNode();
    message.put("jsonrpc", "2.0");
    message.put("id", nextId++);
    message.put("method", method);
    message.set("params", params);
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(server.endpoint())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("MCP-Protocol-Version", VERSION)
            .header("Mcp-Method", method)
            .header("Mcp-Name", name)
            .header("Authorization", "Bearer " + server.operator)
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(message)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("never a 500").isLessThan(500);
    String text = response.body();
    if (text.startsWith("event:") || text.startsWith("data:") || text.contains("\ndata:")) {
      String last = null;
      for (String line : text.split("\n")) {
        if (line.startsWith("data:")) {
          last = line.substring(5).strip();
        }
      }
      text = last;
    }
    return new Reply(response.statusCode(),
        text == null || text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text));
  }
}
