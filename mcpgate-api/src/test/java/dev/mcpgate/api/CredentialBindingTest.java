package dev.mcpgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialBindingTest {

  private static final CredentialBinding STRIPE =
      new CredentialBinding(
          "stripe",
          AuthKind.BEARER,
          "env:STRIPE_KEY",
          Map.of("sandbox", "env:STRIPE_TEST_KEY", "production", "vault:stripe/live"),
          Map.of());

  @Test
  void aCallerInAnEnvironmentWithItsOwnReferenceGetsThatReference() {
    CallerContext sandbox = CallerContext.builder().environment("sandbox").build();
    CallerContext production = CallerContext.builder().environment("production").build();

    assertThat(STRIPE.secretRefFor(sandbox)).isEqualTo("env:STRIPE_TEST_KEY");
    assertThat(STRIPE.secretRefFor(production)).isEqualTo("vault:stripe/live");
  }

  @Test
  void aCallerInAnotherEnvironmentGetsTheDefaultReference() {
    CallerContext staging = CallerContext.builder().environment("staging").build();

    assertThat(STRIPE.secretRefFor(staging)).isEqualTo("env:STRIPE_KEY");
  }

  @Test
  void aCallerWithoutEnvironmentGetsTheDefaultReference() {
    assertThat(STRIPE.secretRefFor(CallerContext.anonymous())).isEqualTo("env:STRIPE_KEY");
  }

  @Test
  void ofMakesABindingWithoutProfilesOrSettings() {
    CredentialBinding binding = CredentialBinding.of("github", AuthKind.BEARER, "env:GH_TOKEN");

    assertThat(binding.profileRefs()).isEmpty();
    assertThat(binding.settings()).isEmpty();
    assertThat(binding.secretRefFor(CallerContext.builder().environment("sandbox").build()))
        .isEqualTo("env:GH_TOKEN");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "slash/id", "ümlaut"})
  void refusesAnInvalidId(String id) {
    assertThatThrownBy(() -> CredentialBinding.of(id, AuthKind.BEARER, "env:X"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsAnIdWithColonsAndDotsUpTo128Characters() {
    assertThat(CredentialBinding.of("team:stripe.live-1", AuthKind.BEARER, "env:X").id())
        .isEqualTo("team:stripe.live-1");
    assertThat(CredentialBinding.of("b".repeat(128), AuthKind.BEARER, "env:X").id()).hasSize(128);
    assertThatThrownBy(() -> CredentialBinding.of("b".repeat(129), AuthKind.BEARER, "env:X"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesABlankSecretReference() {
    assertThatThrownBy(() -> CredentialBinding.of("stripe", AuthKind.BEARER, "  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stripe");
  }

  @Test
  void copiesItsMaps() {
    Map<String, String> profiles = new HashMap<>(Map.of("sandbox", "env:A"));
    CredentialBinding binding =
        new CredentialBinding("b", AuthKind.API_KEY, "env:B", profiles, Map.of());

    profiles.put("production", "env:C");

    assertThat(binding.profileRefs()).containsOnlyKeys("sandbox");
  }

  @Test
  void theNoneResolverReportsEveryBindingMissingByItsId() {
    CredentialResolution resolution =
        CredentialBindingResolver.none().resolve(STRIPE, CallerContext.anonymous());

    assertThat(resolution.status()).isEqualTo(CredentialStatus.MISSING);
    assertThat(((CredentialResolution.Unavailable) resolution).reason()).contains("stripe");
  }

  @Test
  void anUnavailableResolutionCannotClaimToBeResolved() {
    assertThatThrownBy(
            () -> new CredentialResolution.Unavailable(CredentialStatus.RESOLVED, "nope"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new CredentialResolution.Unavailable(CredentialStatus.NOT_REQUESTED, "nope"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aResolvedResolutionDoesNotShowTheSecret() {
    CredentialResolution resolved = CredentialResolution.resolved(Secret.of("canary-7f3a9c"));

    assertThat(resolved.status()).isEqualTo(CredentialStatus.RESOLVED);
    assertThat(resolved.toString()).doesNotContain("canary-7f3a9c");
  }
}
