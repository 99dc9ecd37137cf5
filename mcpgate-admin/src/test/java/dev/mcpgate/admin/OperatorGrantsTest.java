package dev.mcpgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.Surface;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** In-process grants are redeemed once, for the actor they were issued for, before they expire. */
class OperatorGrantsTest {

  private static final Actor OLGA = new Actor("olga", Role.OPERATOR, Surface.MCP);
  private static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");

  @Test
  void aGrantIsRedeemedOnceForItsActor() {
    OperatorGrants grants = new OperatorGrants(Clock.fixed(NOW, ZoneOffset.UTC));
    String token = grants.issue(OLGA);

    assertThat(token).startsWith(OperatorGrants.PREFIX).hasSizeGreaterThan(40);
    assertThat(grants.redeem(token)).contains(OLGA);
    assertThat(grants.redeem(token)).isEmpty();
  }

  @Test
  void anUnknownGrantIsNothing() {
    OperatorGrants grants = new OperatorGrants(Clock.fixed(NOW, ZoneOffset.UTC));
    grants.issue(OLGA);

    assertThat(grants.redeem(OperatorGrants.PREFIX + "A".repeat(43))).isEmpty();
  }

  @Test
  void aGrantExpiresAfterItsTimeToLive() {
    Instant[] now = {NOW};
    Clock stepped = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    OperatorGrants grants = new OperatorGrants(stepped);
    String token = grants.issue(OLGA);

    now[0] = NOW.plus(OperatorGrants.TTL).plus(Duration.ofSeconds(1));

    assertThat(grants.redeem(token)).isEmpty();
  }

  @Test
  void aGrantOfAnotherConfigurationIsNothing() {
    String token = new OperatorGrants(Clock.fixed(NOW, ZoneOffset.UTC)).issue(OLGA);

    assertThat(new OperatorGrants(Clock.fixed(NOW, ZoneOffset.UTC)).redeem(token)).isEmpty();
  }
}
