package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** notifications/cancelled, and closing a session, reach a tool call in flight. */
class CancellationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicBoolean cancelledWhenReleased = new AtomicBoolean();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private Thread worker;

  private final McpGateway gateway =
      McpGateway.builder()
          .tool(
              Tools.tool("slow"),
              call -> {
                started.countDown();
                if (!release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                  throw new IllegalStateException("never released");
                }
                cancelledWhenReleased.set(call.isCancelled());
                call.log(LogLevel.EMERGENCY, "still here");
                call.progress(1, 1.0, "done");
                return ToolResult.text("finished");
              })
          .build();
  private final TestClient client = TestClient.connect(gateway);

  @AfterEach
  void stopWorker() throws InterruptedException {
    release.countDown();
    if (worker != null) {
      worker.join(TIMEOUT.toMillis());
    }
    assertThat(failure.get()).isNull();
  }

  @Test
  void aCancelledNotificationForANumericIdCancelsTheCall() throws Exception {
    RecordingSink sink = startSlowCall("7");

    client.notify("notifications/cancelled", "{\"requestId\":7,\"reason\":\"user pressed stop\"}");
    finish(sink);

    assertThat(cancelledWhenReleased).isTrue();
  }

  @Test
  void aCancelledNotificationForAStringIdCancelsTheCall() throws Exception {
    RecordingSink sink = startSlowCall("\"call-7\"");

    client.notify("notifications/cancelled", "{\"requestId\":\"call-7\"}");
    finish(sink);

    assertThat(cancelledWhenReleased).isTrue();
  }

  @Test
  void cancellingAnotherRequestLeavesTheCallRunning() throws Exception {
    RecordingSink sink = startSlowCall("7");

    client.notify("notifications/cancelled", "{\"requestId\":8}");
    finish(sink);

    assertThat(cancelledWhenReleased).isFalse();
    assertThat(sink.response().at("/result/content/0/text").asString()).isEqualTo("finished");
  }

  @Test
  void aStringIdDoesNotCancelTheNumericIdWithTheSameDigits() throws Exception {
    RecordingSink sink = startSlowCall("7");

    client.notify("notifications/cancelled", "{\"requestId\":\"7\"}");
    finish(sink);

    assertThat(cancelledWhenReleased).isFalse();
  }

  @Test
  void aCancellationFromAnotherSessionIsIgnored() throws Exception {
    RecordingSink sink = startSlowCall("7");
    TestClient otherSession = TestClient.connect(gateway);

    otherSession.notify("notifications/cancelled", "{\"requestId\":7}");
    finish(sink);

    assertThat(cancelledWhenReleased).isFalse();
  }

  @Test
  void closingTheSessionCancelsItsCallsInFlight() throws Exception {
    RecordingSink sink = startSlowCall("7");

    client.session().close();
    finish(sink);

    assertThat(cancelledWhenReleased).isTrue();
  }

  @Test
  void aCancelledCallSendsNoMoreNotifications() throws Exception {
    RecordingSink sink = startSlowCall("7", "{\"progressToken\":\"p\"}");

    client.notify("notifications/cancelled", "{\"requestId\":7}");
    finish(sink);

    assertThat(sink.notifications()).isEmpty();
  }

  @Test
  void aSecondCallWithAnIdAlreadyInFlightIsRefusedAndTheFirstKeepsItsCancellation()
      throws Exception {
    RecordingSink sink = startSlowCall("7");

    JsonNode duplicate =
        client.send(TestClient.request(7, "tools/call", "{\"name\":\"slow\"}")).response();
    client.notify("notifications/cancelled", "{\"requestId\":7}");
    finish(sink);

    assertThat(duplicate.at("/error/code").asInt()).isEqualTo(-32600);
    assertThat(cancelledWhenReleased).isTrue();
  }

  @Test
  void cancellingARequestThatIsNotInFlightIsIgnored() {
    client.notify("notifications/cancelled", "{\"requestId\":12345}");
    client.notify("notifications/cancelled", "{}");
    client.notify("notifications/cancelled", "{\"requestId\":{\"nested\":1}}");

    assertThat(client.request("ping", "{}").has("result")).isTrue();
  }

  private RecordingSink startSlowCall(String id) throws InterruptedException {
    return startSlowCall(id, "{}");
  }

  private RecordingSink startSlowCall(String id, String meta) throws InterruptedException {
    RecordingSink sink = new RecordingSink();
    String request =
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\"tools/call\",\"params\":{\"name\":\"slow\","
            + "\"_meta\":"
            + meta
            + "}}";
    worker =
        new Thread(
            () -> {
              try {
                client.send(request, sink);
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "slow-call");
    worker.start();
    assertThat(started.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .as("the call started")
        .isTrue();
    return sink;
  }

  /** Lets the call end; a cancelled call must end without a response, others with one. */
  private void finish(RecordingSink sink) throws InterruptedException {
    release.countDown();
    worker.join(TIMEOUT.toMillis());
    assertThat(worker.isAlive()).as("the call ended").isFalse();
    if (cancelledWhenReleased.get()) {
      assertThat(sink.sequence()).as("no response to a cancelled request").isEmpty();
    } else {
      sink.awaitResponse(TIMEOUT);
    }
  }
}
