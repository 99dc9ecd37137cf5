package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.FeatureRequest;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.PolicyRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Tool calls run as tasks on 2026-07-28: created when the client declares the extension and the
 * tool hands itself to a task, polled with tasks/get, answered with tasks/update, cancelled with
 * tasks/cancel; gated, audited and owned as direct calls are.
 */
class TasksTest {

  private static final CallerContext ALICE = CallerContext.builder().subject("alice").build();
  private static final CallerContext BOB = CallerContext.builder().subject("bob").build();
  private static final String TASKS = "{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";
  private static final String TASKS_AND_ELICITATION =
      "{\"elicitation\":{},\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";

  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicBoolean interrupted = new AtomicBoolean();

  /** Bob may not see "secret_job"; everything else is open. */
  private static final PolicyEngine POLICY = new PolicyEngine() {
    @Override
    public PolicyDecision decide(PolicyRequest request) {
      return request.tool().name().equals("secret_job")
          && "bob".equals(request.caller().subject())
          ? PolicyDecision.deny("not for bob") : PolicyDecision.allow("allowed");
    }

    @Override
    public PolicyDecision decideFeature(FeatureRequest request) {
      return PolicyDecision.allow("allowed");
    }
  };

  private final McpGateway gateway = McpGateway.builder()
      .policy(POLICY)
      .auditSink(audit::add)
      .tool(Tools.tool("job"), call -> {
        if (!call.continueAsTask()) {
          return ToolResult.text("done within the request");
        }
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException stopped) {
          interrupted.set(true);
          throw stopped;
        }
        return ToolResult.text("done as a task");
      })
      .taskSupport("job", TaskSupport.OPTIONAL)
      .tool(Tools.tool("secret_job"), call -> {
        call.continueAsTask();
        return ToolResult.text("secret");
      })
      .taskSupport("secret_job", TaskSupport.OPTIONAL)
      .tool(Tools.tool("required_job"), call -> {
        call.continueAsTask();
        return ToolResult.text("required");
      })
      .taskSupport("required_job", TaskSupport.REQUIRED)
      .tool(Tools.tool("confirm"), call -> {
        call.continueAsTask();
        return ToolResult.text(call.client().confirm("ok", "Go on?") ? "confirmed" : "declined");
      })
      .taskSupport("confirm", TaskSupport.OPTIONAL)
      .tool(Tools.tool("broken_job"), call -> {
        call.continueAsTask();
        throw new IllegalStateException("disk on fire at /var/secret");
      })
      .taskSupport("broken_job", TaskSupport.OPTIONAL)
      .tool(Tools.tool("plain"), call -> ToolResult.text("plain: " + call.continueAsTask()))
      .build();

  @Test
  void aCallRunsAsATaskAndTasksGetInlinesItsResultOnceItEnds() throws Exception {
    JsonNode created = call(ALICE, "tools/call", "{\"name\":\"job\"}", TASKS).get("result");
    String taskId = created.path("taskId").asString();

    JsonNode working = call(ALICE, "tasks/get", taskIdParams(taskId), TASKS).get("result");
    release.countDown();
    JsonNode ended = awaitEnd(ALICE, taskId);

    assertThat(created.path("resultType").asString()).isEqualTo("task");
    assertThat(created.path("status").asString()).isEqualTo("working");
    assertThat(created.path("ttlMs").asLong()).isPositive();
    assertThat(created.has("result")).isFalse();
    assertThat(working.path("status").asString()).isEqualTo("working");
    assertThat(working.has("result")).isFalse();
    assertThat(ended.path("status").asString()).isEqualTo("completed");
    assertThat(ended.at("/result/content/0/text").asString()).isEqualTo("done as a task");
    assertThat(audit).filteredOn(event -> "job".equals(event.tool())).singleElement()
        .satisfies(event -> {
          assertThat(event.outcome()).isEqualTo(AuditOutcome.OK);
          assertThat(event.details()).containsEntry("taskId", taskId);
        });
  }

  @Test
  void withoutTheExtensionACallCompletesWithinItsRequestOrIsRefusedWhenTasksAreRequired() {
    JsonNode optional = call(ALICE, "tools/call", "{\"name\":\"job\"}", "{}").get("result");
    JsonNode required = call(ALICE, "tools/call", "{\"name\":\"required_job\"}", "{}");
    JsonNode plain = call(ALICE, "tools/call", "{\"name\":\"plain\"}", TASKS).get("result");

    assertThat(optional.path("resultType").asString()).isEqualTo("complete");
    assertThat(optional.at("/content/0/text").asString()).isEqualTo("done within the request");
    assertThat(required.at("/error/code").asInt()).isEqualTo(-32021);
    assertThat(required.at("/error/data/requiredCapabilities/extensions")
        .has("io.modelcontextprotocol/tasks")).isTrue();
    assertThat(plain.at("/content/0/text").asString()).isEqualTo("plain: false");
  }

  @Test
  void theTaskMethodsNeedTheExtension() {
    for (String method : List.of("tasks/get", "tasks/update", "tasks/cancel")) {
      JsonNode refused = call(ALICE, method, "{\"taskId\":\"x\",\"inputResponses\":{}}", "{}");

      assertThat(refused.at("/error/code").asInt()).as(method).isEqualTo(-32021);
    }
  }

  @Test
  void anotherCallersTaskIsIndistinguishableFromAnUnknownOne() {
    String taskId = call(ALICE, "tools/call", "{\"name\":\"job\"}", TASKS)
        .at("/result/taskId").asString();

    JsonNode theirs = call(BOB, "tasks/get", taskIdParams(taskId), TASKS);
    JsonNode unknown = call(BOB, "tasks/get", taskIdParams("no-such-task"), TASKS);
    JsonNode cancel = call(BOB, "tasks/cancel", taskIdParams(taskId), TASKS);
    JsonNode still = call(ALICE, "tasks/get", taskIdParams(taskId), TASKS).get("result");

    assertThat(theirs.at("/error/code").asInt()).isEqualTo(unknown.at("/error/code").asInt())
        .isEqualTo(-32602);
    assertThat(theirs.at("/error/message").asString()).isEqualTo(
        unknown.at("/error/message").asString().replace("no-such-task", taskId));
    assertThat(cancel.at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(still.path("status").asString()).isEqualTo("working");
    release.countDown();
  }

  @Test
  void aToolHiddenByPolicyAnswersAsAnUnknownToolAndCreatesNoTask() {
    JsonNode hidden = call(BOB, "tools/call", "{\"name\":\"secret_job\"}", TASKS);
    JsonNode unknown = call(BOB, "tools/call", "{\"name\":\"no_such_job\"}", TASKS);

    assertThat(hidden.has("result")).isFalse();
    assertThat(hidden.at("/error/message").asString()).isEqualTo(
        unknown.at("/error/message").asString().replace("no_such_job", "secret_job"));
    assertThat(audit).filteredOn(event -> "secret_job".equals(event.tool())).singleElement()
        .satisfies(event -> {
          assertThat(event.outcome()).isEqualTo(AuditOutcome.DENIED);
          assertThat(event.details()).doesNotContainKey("taskId");
        });
  }

  @Test
  void aTaskAsksTheClientThroughTasksGetAndResumesOnTasksUpdate() throws Exception {
    String taskId = call(ALICE, "tools/call", "{\"name\":\"confirm\"}", TASKS_AND_ELICITATION)
        .at("/result/taskId").asString();
    JsonNode waiting = awaitStatus(ALICE, taskId, "input_required");

    JsonNode ack = call(ALICE, "tasks/update", "{\"taskId\":\"" + taskId + "\",\"inputResponses\":"
        + "{\"ok\":{\"action\":\"accept\",\"content\":{\"confirm\":true}}}}",
        TASKS_AND_ELICITATION).get("result");
    JsonNode ended = awaitEnd(ALICE, taskId);

    assertThat(waiting.at("/inputRequests/ok/method").asString()).isEqualTo("elicitation/create");
    assertThat(ack.path("resultType").asString()).isEqualTo("complete");
    assertThat(ack.has("status")).isFalse();
    assertThat(ended.at("/result/content/0/text").asString()).isEqualTo("confirmed");
  }

  @Test
  void cancellingATaskStopsItsToolAndIsAudited() throws Exception {
    String taskId = call(ALICE, "tools/call", "{\"name\":\"job\"}", TASKS)
        .at("/result/taskId").asString();

    JsonNode ack = call(ALICE, "tasks/cancel", taskIdParams(taskId), TASKS).get("result");
    JsonNode again = call(ALICE, "tasks/cancel", taskIdParams(taskId), TASKS).get("result");
    JsonNode ended = awaitEnd(ALICE, taskId);

    assertThat(ack.path("resultType").asString()).isEqualTo("complete");
    assertThat(again.path("resultType").asString()).isEqualTo("complete");
    assertThat(ended.path("status").asString()).isEqualTo("cancelled");
    assertThat(ended.has("result")).isFalse();
    awaitAudit("job");
    assertThat(interrupted).isTrue();
    assertThat(audit).filteredOn(event -> "job".equals(event.tool()))
        .extracting(AuditEvent::outcome).containsExactly(AuditOutcome.CANCELLED);
  }

  @Test
  void aToolThatThrowsFailsItsTaskWithAProtocolErrorThatRevealsNothing() throws Exception {
    String taskId = call(ALICE, "tools/call", "{\"name\":\"broken_job\"}", TASKS)
        .at("/result/taskId").asString();

    JsonNode ended = awaitEnd(ALICE, taskId);

    assertThat(ended.path("status").asString()).isEqualTo("failed");
    assertThat(ended.at("/error/code").asInt()).isEqualTo(-32603);
    assertThat(ended.toString()).doesNotContain("disk on fire").doesNotContain("/var/secret");
    assertThat(ended.has("result")).isFalse();
  }

  @Test
  void theExtensionIsAdvertisedInDiscovery() {
    JsonNode discovered = call(ALICE, "server/discover", "{}", "{}").get("result");

    assertThat(discovered.at("/capabilities/extensions").has("io.modelcontextprotocol/tasks"))
        .isTrue();
    assertThat(discovered.at("/capabilities").has("tasks")).isFalse();
  }

  // ---- helpers

  private static String taskIdParams(String taskId) {
    return "{\"taskId\":\"" + taskId + "\"}";
  }

  /** Sends one 2026-07-28 request with the given client capabilities; returns the response. */
  private JsonNode call(CallerContext caller, String method, String params, String capabilities) {
    McpEndpoint endpoint = gateway.endpoint();
    JsonNode parsed = TestClient.json(params);
    ((tools.jackson.databind.node.ObjectNode) parsed).putObject("_meta")
        .put("io.modelcontextprotocol/protocolVersion", "2026-07-28")
        .set("io.modelcontextprotocol/clientCapabilities", TestClient.json(capabilities));
    RecordingSink sink = new RecordingSink();
    endpoint.handle(endpoint.statelessSession("2026-07-28"), caller,
        endpoint.parse(TestClient.request(1, method, parsed.toString())
            .getBytes(StandardCharsets.UTF_8)), sink);
    return sink.messages().stream().filter(RecordingSink.Message::isResponse)
        .map(RecordingSink.Message::json).findFirst().orElseThrow();
  }

  private JsonNode awaitEnd(CallerContext caller, String taskId) throws InterruptedException {
    return awaitStatus(caller, taskId, "completed", "failed", "cancelled");
  }

  private JsonNode awaitStatus(CallerContext caller, String taskId, String... statuses)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      JsonNode task = call(caller, "tasks/get", taskIdParams(taskId), TASKS_AND_ELICITATION)
          .get("result");
      if (List.of(statuses).contains(task.path("status").asString())
          || System.nanoTime() > deadline) {
        return task;
      }
      Thread.sleep(20);
    }
  }

  private void awaitAudit(String tool) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (audit.stream().noneMatch(event -> tool.equals(event.tool()))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
