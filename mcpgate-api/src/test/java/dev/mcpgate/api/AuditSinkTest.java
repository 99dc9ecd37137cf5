package dev.mcpgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.GateId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditSinkTest {

  private static final AuditEvent EVENT =
      AuditEvent.builder("req-1", Instant.EPOCH, "tools/call", CallerContext.anonymous())
          .tool("getOrder")
          .build();

  @Test
  void allHandsEachEventToEverySinkInOrder() {
    List<String> received = new ArrayList<>();
    AuditSink sink =
        AuditSink.all(
            List.of(
                event -> received.add("first:" + event.requestId()),
                event -> received.add("second:" + event.requestId())));

    sink.record(EVENT);

    assertThat(received).containsExactly("first:req-1", "second:req-1");
  }

  @Test
  void allStillReachesTheOtherSinksWhenOneThrows() {
    List<AuditEvent> before = new ArrayList<>();
    List<AuditEvent> after = new ArrayList<>();
    AuditSink sink =
        AuditSink.all(
            List.of(
                before::add,
                event -> {
                  throw new IllegalStateException("disk full");
                },
                after::add));

    assertThatCode(() -> sink.record(EVENT)).doesNotThrowAnyException();
    assertThat(before).containsExactly(EVENT);
    assertThat(after).containsExactly(EVENT);
  }

  @Test
  void allCopiesTheListOfSinks() {
    List<AuditEvent> late = new ArrayList<>();
    List<AuditSink> sinks = new ArrayList<>();
    AuditSink sink = AuditSink.all(sinks);

    sinks.add(late::add);
    sink.record(EVENT);

    assertThat(late).isEmpty();
  }

  @Test
  void noopAcceptsEveryEvent() {
    assertThatCode(() -> AuditSink.noop().record(EVENT)).doesNotThrowAnyException();
  }

  @Test
  void theEventBuilderDefaultsToOkWithNoCredentialRequested() {
    assertThat(EVENT.outcome()).isEqualTo(AuditOutcome.OK);
    assertThat(EVENT.credentialStatus()).isEqualTo(CredentialStatus.NOT_REQUESTED);
    assertThat(EVENT.gates()).isEmpty();
    assertThat(EVENT.details()).isEmpty();
    assertThat(EVENT.adapter()).isNull();
  }

  @Test
  void theEventKeepsGatesInOrder() {
    AuditEvent event =
        AuditEvent.builder("req-2", Instant.EPOCH, "tools/call", CallerContext.anonymous())
            .gate(new GateOutcome(GateId.POLICY, true, "allow-all"))
            .gate(new GateOutcome(GateId.INPUT_SCHEMA, false, "1 error(s)"))
            .outcome(AuditOutcome.INVALID)
            .build();

    assertThat(event.gates())
        .extracting(GateOutcome::gate)
        .containsExactly(GateId.POLICY, GateId.INPUT_SCHEMA);
    assertThat(event.outcome()).isEqualTo(AuditOutcome.INVALID);
  }
}
