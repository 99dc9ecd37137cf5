package dev.mcpgate.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link CredentialBindingResolver} honours, as tests an implementation's own
 * test class inherits: extend this class and give a resolver, a binding it resolves with the
 * secret it should give, and a binding whose secret it does not have.
 *
 * <pre>{@code
 * class VaultResolverContractTest extends CredentialBindingResolverContract {
 *   protected CredentialBindingResolver resolver() { return new VaultResolver(vault.url(), token); }
 *   protected CredentialBinding resolvable() {
 *     return CredentialBinding.of("stripe", AuthKind.BEARER, "vault:payments/stripe#api_key");
 *   }
 *   protected Secret expectedSecret() { return Secret.of("sk_test_123"); }
 *   protected CredentialBinding missing() {
 *     return CredentialBinding.of("stripe", AuthKind.BEARER, "vault:payments/none#api_key");
 *   }
 * }
 * }</pre>
 *
 * <p>The kit checks that
 * <ul>
 *   <li>the resolvable binding resolves to the expected secret, each time and from many threads;
 *   <li>a secret the store does not have is an {@link CredentialResolution.Unavailable}, never
 *       an exception or null, and its reason quotes no secret value;
 *   <li>{@link CredentialBindingResolver#invalidate invalidate} never throws, even for a secret
 *       the resolver never gave out, and the binding still resolves afterwards;
 *   <li>neither the resolver's nor a resolution's {@code toString} shows the secret.
 * </ul>
 */
public abstract class CredentialBindingResolverContract {

  /** For subclasses. */
  protected CredentialBindingResolverContract() {}

  /**
   * The resolver under test; called once per test.
   *
   * @return the resolver
   */
  protected abstract CredentialBindingResolver resolver();

  /**
   * A binding the resolver resolves.
   *
   * @return the binding
   */
  protected abstract CredentialBinding resolvable();

  /**
   * The secret {@link #resolvable()} resolves to (compared with {@link Secret#equals}, so every
   * part and the expiry count).
   *
   * @return the secret
   */
  protected abstract Secret expectedSecret();

  /**
   * A binding, of the kind the resolver serves, whose secret the store does not have.
   *
   * @return the binding
   */
  protected abstract CredentialBinding missing();

  /**
   * The caller the kit resolves for; a caller with no environment unless overridden.
   *
   * @return the caller
   */
  protected CallerContext caller() {
    return CallerContext.builder().subject("contract-kit").clientId("contract-kit")
        .authMethod("test").build();
  }

  @Test
  void theResolvableBindingResolvesToItsSecretEachTime() {
    CredentialBindingResolver resolver = resolver();
    for (int i = 0; i < 3; i++) {
      assertThat(resolve(resolver, resolvable()))
          .isEqualTo(new CredentialResolution.Resolved(expectedSecret()));
    }
  }

  @Test
  void aSecretTheStoreDoesNotHaveIsUnavailableWithoutQuotingASecret() {
    CredentialResolution resolution = resolve(resolver(), missing());
    assertThat(resolution).isInstanceOf(CredentialResolution.Unavailable.class);
    assertThat(resolution.status()).isIn(
        CredentialStatus.MISSING, CredentialStatus.EXPIRED, CredentialStatus.ERROR);
    String reason = ((CredentialResolution.Unavailable) resolution).reason();
    for (String value : secretValues()) {
      assertThat(reason).as("the reason").doesNotContain(value);
    }
  }

  @Test
  void invalidatingNeverThrowsAndTheBindingStillResolves() {
    CredentialBindingResolver resolver = resolver();
    resolve(resolver, resolvable());
    assertThatCode(() -> {
      resolver.invalidate(resolvable(), caller(), expectedSecret());
      resolver.invalidate(resolvable(), caller(), Secret.of("a secret never given out"));
      resolver.invalidate(missing(), caller(), Secret.of("another"));
      resolver.invalidate(
          CredentialBinding.of("unknown-binding", AuthKind.BEARER, "nowhere:none"), caller(),
          Secret.of("and another"));
    }).doesNotThrowAnyException();
    assertThat(resolve(resolver, resolvable()))
        .isEqualTo(new CredentialResolution.Resolved(expectedSecret()));
  }

  @Test
  void noDescriptionShowsTheSecret() {
    CredentialBindingResolver resolver = resolver();
    CredentialResolution resolution = resolve(resolver, resolvable());
    for (String value : secretValues()) {
      assertThat(resolver.toString()).as("the resolver's toString").doesNotContain(value);
      assertThat(resolution.toString()).as("the resolution's toString").doesNotContain(value);
    }
  }

  @Test
  void manyThreadsResolveTheSameSecret() throws Exception {
    CredentialBindingResolver resolver = resolver();
    CredentialResolution expected = new CredentialResolution.Resolved(expectedSecret());
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<CredentialResolution>>> answers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        answers.add(threads.submit(() -> {
          List<CredentialResolution> results = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            results.add(resolve(resolver, resolvable()));
          }
          return results;
        }));
      }
      for (Future<List<CredentialResolution>> answer : answers) {
        assertThat(answer.get()).allSatisfy(result -> assertThat(result).isEqualTo(expected));
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private CredentialResolution resolve(
      CredentialBindingResolver resolver, CredentialBinding binding) {
    CredentialResolution resolution = resolver.resolve(binding, caller());
    assertThat(resolution).as("the resolution of %s", binding.id()).isNotNull();
    return resolution;
  }

  private List<String> secretValues() {
    Secret secret = expectedSecret();
    List<String> values = new ArrayList<>();
    if (secret.partNames().isEmpty()) {
      values.add(secret.reveal());
    }
    for (String part : secret.partNames()) {
      values.add(secret.reveal(part));
    }
    return values.stream().filter(value -> value.length() >= 4).toList();
  }
}
