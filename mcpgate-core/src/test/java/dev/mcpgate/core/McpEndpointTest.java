package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.CallerContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class McpEndpointTest {

  @Test
  void aGatewayHasOneEndpoint() {
    McpGateway gateway = McpGateway.builder().build();

    assertThat(gateway.endpoint()).isSameAs(gateway.endpoint());
  }

  @Test
  void aTransportsAuditEventGoesToTheGatewaysSink() {
    List<AuditEvent> recorded = new ArrayList<>();
    McpEndpoint endpoint = McpGateway.builder().auditSink(recorded::add).build().endpoint();
    AuditEvent event = AuditEvent.builder(
        RequestIds.newRequestId(), Instant.EPOCH, "rest", CallerContext.anonymous()).build();

    endpoint.record(event);

    assertThat(recorded).containsExactly(event);
  }

  @Test
  void recordingNeverThrowsEvenWhenTheSinkDoes() {
    McpEndpoint endpoint = McpGateway.builder()
        .auditSink(event -> {
          throw new IllegalStateException("broken sink");
        })
        .build()
        .endpoint();
    AuditEvent event = AuditEvent.builder(
        RequestIds.newRequestId(), Instant.EPOCH, "rest", CallerContext.anonymous()).build();

    assertThatCode(() -> endpoint.record(event)).doesNotThrowAnyException();
  }

  @Test
  void aNotifierThatThrowsDoesNotStopTheOthers() {
    McpGateway gateway = McpGateway.builder().build();
    List<byte[]> delivered = new ArrayList<>();
    gateway.endpoint().onSessionNotification((notification, to) -> {
      throw new IllegalStateException("broken notifier");
    });
    gateway.endpoint().onSessionNotification((notification, to) -> delivered.add(notification));

    gateway.tools().register(Tools.tool("late"), Tools.echo());

    assertThat(delivered).hasSize(1);
  }
}
