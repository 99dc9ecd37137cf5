package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A {@link MessageSink} that keeps, in order, everything the engine wrote for one request, both as
 * the raw bytes and parsed. Thread-safe, so a request can be handled on another thread.
 */
final class RecordingSink implements MessageSink {

  /**
   * One message the engine wrote.
   *
   * @param isResponse true for the response, false for a notification
   * @param raw the bytes as written
   * @param json the bytes parsed
   */
  record Message(boolean isResponse, byte[] raw, JsonNode json) {
    String text() {
      return new String(raw, StandardCharsets.UTF_8);
    }

    /** The method of a notification, or {@code "(response)"}. */
    String label() {
      return isResponse ? "(response)" : json.path("method").asString();
    }
  }

  private final List<Message> messages = new CopyOnWriteArrayList<>();
  private final CountDownLatch responded = new CountDownLatch(1);

  @Override
  public void notification(byte[] json) {
    messages.add(new Message(false, json.clone(), TestClient.json(json)));
  }

  @Override
  public void response(byte[] json) {
    messages.add(new Message(true, json.clone(), TestClient.json(json)));
    responded.countDown();
  }

  /** Everything written, in order. */
  List<Message> messages() {
    return List.copyOf(messages);
  }

  /** The notifications, parsed, in order. */
  List<JsonNode> notifications() {
    return messages.stream().filter(message -> !message.isResponse()).map(Message::json).toList();
  }

  /** The notifications with the given method, parsed, in order. */
  List<JsonNode> notifications(String method) {
    return notifications().stream()
        .filter(notification -> method.equals(notification.path("method").asString()))
        .toList();
  }

  /** The one response, checked to be the last message written. */
  JsonNode response() {
    return responseMessage().json();
  }

  /** The one response's bytes, checked to be the last message written. */
  byte[] responseBytes() {
    return responseMessage().raw();
  }

  /** Waits for the response of a request handled on another thread. */
  JsonNode awaitResponse(Duration timeout) {
    try {
      assertThat(responded.await(timeout.toMillis(), TimeUnit.MILLISECONDS))
          .as("a response within %s", timeout)
          .isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    return response();
  }

  /** The labels of what was written, in order: notification methods and "(response)". */
  List<String> sequence() {
    return messages.stream().map(Message::label).toList();
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  private Message responseMessage() {
    List<Message> all = messages();
    assertThat(all.stream().filter(Message::isResponse).count())
        .as("exactly one response, got %s", sequence())
        .isEqualTo(1);
    Message last = all.get(all.size() - 1);
    assertThat(last.isResponse()).as("the response comes last: %s", sequence()).isTrue();
    return last;
  }
}
