package dev.mcpgate.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the resolvers' own tests cannot reach: a caller interrupted while it waits for another
 * caller's renewal. Caching, sharing and invalidating are covered through {@link
 * OAuth2ClientCredentialsTest} and {@link CookieSessionLoginTest}.
 */
class RenewableSecretCacheTest {

  private static final CredentialBinding BINDING =
      new CredentialBinding("billing", AuthKind.OAUTH2, "memory:billing", Map.of(), Map.of());

  @Test
  void aCallerInterruptedWhileWaitingForARenewalGivesUpWithoutRenewing() throws Exception {
    CountDownLatch renewing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger renewals = new AtomicInteger();
    RenewableSecretCache cache =
        new RenewableSecretCache(
            Clock.systemUTC(),
            Duration.ZERO,
            (binding, caller) -> {
              renewals.incrementAndGet();
              renewing.countDown();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return CredentialResolution.resolved(Secret.of("token-1"));
            });
    Thread first =
        new Thread(
            () -> {
              try {
                cache.resolve(BINDING, CallerContext.anonymous());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    first.start();
    try {
      assertThat(renewing.await(10, TimeUnit.SECONDS)).isTrue();

      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> cache.resolve(BINDING, CallerContext.anonymous()))
          .isInstanceOf(InterruptedException.class);
      assertThat(renewals).hasValue(1);
    } finally {
      Thread.interrupted();
      release.countDown();
      first.join(TimeUnit.SECONDS.toMillis(10));
    }
    CredentialResolution cached = cache.resolve(BINDING, CallerContext.anonymous());
    assertThat(((CredentialResolution.Resolved) cached).secret().reveal()).isEqualTo("token-1");
    assertThat(renewals).hasValue(1);
  }
}
