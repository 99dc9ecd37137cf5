package dev.mcpgate.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WrongCredentialsTest {

  private static final String KEY = "mgk_0123456789ab_secretsecretsecret";

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private Instant now = Instant.parse("2026-12-07T00:00:00Z");
  private final WrongCredentials wrong = new WrongCredentials(new Clock() {
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
      return now;
    }
  }, Duration.ofMinutes(1), lines::add);

  @Test
  void aPresentedCredentialNobodyAcceptedIsAnInvalidToken() {
    IdentityResult judged = wrong.judge(
        new IdentityResult.Unauthenticated(Set.of("orders:read")), 1, "10.0.0.7");

    assertThat(judged).isEqualTo(new IdentityResult.Rejected(
        false, WrongCredentials.NOT_ACCEPTED, Set.of("orders:read")));
  }

  @Test
  void noCredentialStaysUnauthenticatedAndIsNotLogged() {
    assertThat(wrong.judge(IdentityResult.unauthenticated(), 0, "10.0.0.7"))
        .isEqualTo(IdentityResult.unauthenticated());
    assertThat(lines).isEmpty();
  }

  @Test
  void twoAuthorizationHeadersAreRefusedEvenIfAResolverAcceptedThem() {
    IdentityResult judged = wrong.judge(
        new IdentityResult.Authenticated(CallerContext.anonymous()), 2, "10.0.0.7");

    assertThat(judged).isInstanceOf(IdentityResult.Rejected.class);
  }

  @Test
  void aRefusalIsLoggedOncePerAddressPerWindowWithoutTheCredential() {
    IdentityResult invalid = IdentityResult.invalid("invalid API key");
    for (int i = 0; i < 5; i++) {
      wrong.judge(invalid, 1, "10.0.0.7");
    }
    wrong.judge(invalid, 1, "10.0.0.8");
    assertThat(lines).hasSize(2);

    now = now.plusSeconds(59);
    wrong.judge(invalid, 1, "10.0.0.7");
    assertThat(lines).hasSize(2);

    now = now.plusSeconds(1);
    wrong.judge(invalid, 1, "10.0.0.7");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("refused a credential from 10.0.0.7: invalid API key"
        + " (further refusals from this address go unlogged for 60 s)");
    assertThat(lines).noneMatch(line -> line.contains(KEY));
  }

  @Test
  void anInsufficientScopeIsNoWrongCredentialAndIsNotLogged() {
    wrong.judge(new IdentityResult.Rejected(true, "insufficient scope", Set.of("x")), 1, "a");

    assertThat(lines).isEmpty();
  }
}
