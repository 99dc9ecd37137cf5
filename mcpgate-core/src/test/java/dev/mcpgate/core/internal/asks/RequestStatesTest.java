package dev.mcpgate.core.internal.asks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.core.internal.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class RequestStatesTest {

  private static final byte[] KEY = new byte[32];
  private final SteppedClock clock = new SteppedClock();
  private final RequestStates states = new RequestStates(KEY, clock, Duration.ofMinutes(10));
  private final CallerContext alice = CallerContext.builder().subject("alice").build();
  private final CallerContext bob = CallerContext.builder().subject("bob").build();

  static {
    Arrays.fill(KEY, (byte) 7);
  }

  private RequestStates.Binding binding(CallerContext caller, String argument) {
    return RequestStates.Binding.of(caller, "tools/call", "delete_order",
        Json.MAPPER.createObjectNode().put("id", argument));
  }

  private static ObjectNode answers() {
    ObjectNode answers = Json.MAPPER.createObjectNode();
    answers.putObject("confirm").put("action", "accept");
    return answers;
  }

  @Test
  void aSealedStateOpensOnceWithItsAnswers() {
    String state = states.seal(binding(alice, "42"), answers());

    RequestStates.Opened opened = states.open(state, binding(alice, "42"));

    assertThat(opened).isInstanceOfSatisfying(RequestStates.Opened.Valid.class,
        valid -> assertThat(valid.answers()).isEqualTo(answers()));
    assertThat(states.open(state, binding(alice, "42")))
        .isInstanceOfSatisfying(RequestStates.Opened.Refused.class,
            refused -> assertThat(refused.reason()).contains("already used"));
  }

  @Test
  void aStateExpiresAfterItsLifetime() {
    String state = states.seal(binding(alice, "42"), answers());
    clock.step(Duration.ofMinutes(10).plusMillis(1));

    assertThat(states.open(state, binding(alice, "42")))
        .isInstanceOfSatisfying(RequestStates.Opened.Refused.class,
            refused -> assertThat(refused.reason()).contains("expired"));
  }

  @Test
  void aStateBelongsToItsCallerAndItsArguments() {
    String state = states.seal(binding(alice, "42"), answers());

    assertThat(states.open(state, binding(bob, "42")))
        .isInstanceOf(RequestStates.Opened.Refused.class);
    assertThat(states.open(state, binding(alice, "43")))
        .isInstanceOf(RequestStates.Opened.Refused.class);
  }

  @Test
  void argumentsDigestAlikeWhateverTheOrderOfTheirMembers() {
    ObjectNode one = Json.MAPPER.createObjectNode().put("a", 1).put("b", 2);
    ObjectNode other = Json.MAPPER.createObjectNode().put("b", 2).put("a", 1);

    assertThat(RequestStates.Binding.of(alice, "tools/call", "t", one))
        .isEqualTo(RequestStates.Binding.of(alice, "tools/call", "t", other));
  }

  @Test
  void aStateSealedWithAnotherKeyIsRefused() {
    byte[] otherKey = KEY.clone();
    otherKey[0] = 1;
    String forged = new RequestStates(otherKey, clock, Duration.ofMinutes(10))
        .seal(binding(alice, "42"), answers());

    assertThat(states.open(forged, binding(alice, "42")))
        .isInstanceOfSatisfying(RequestStates.Opened.Refused.class,
            refused -> assertThat(refused.reason()).contains("integrity"));
  }

  @Test
  void anOversizedStateIsRefusedUnread() {
    assertThat(states.open("x".repeat(RequestStates.MAX_LENGTH + 1), binding(alice, "42")))
        .isInstanceOfSatisfying(RequestStates.Opened.Refused.class,
            refused -> assertThat(refused.reason()).contains("longer than"));
  }

  private static final class SteppedClock extends Clock {
    private Instant now = Instant.parse("2026-12-07T00:00:00Z");

    void step(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
