package dev.mcpgate.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSecretsTest {

  private final EnvironmentSecrets environment =
      EnvironmentSecrets.from(Map.of("STRIPE_KEY", "sk_test_123", "EMPTY", ""));

  private CredentialResolution resolve(String ref) {
    return environment.resolve(
        CredentialBinding.of("stripe", AuthKind.BEARER, ref), CallerContext.anonymous());
  }

  @Test
  void aSetVariableIsTheSecret() {
    assertThat(resolve("env:STRIPE_KEY"))
        .isInstanceOfSatisfying(
            CredentialResolution.Resolved.class,
            resolved -> assertThat(resolved.secret().reveal()).isEqualTo("sk_test_123"));
  }

  @Test
  void anUnsetVariableIsMissingAndNamed() {
    assertThat(resolve("env:NOPE"))
        .isEqualTo(
            new CredentialResolution.Unavailable(
                CredentialStatus.MISSING, "binding stripe: environment variable NOPE is not set"));
  }

  @Test
  void anEmptyVariableIsMissing() {
    assertThat(resolve("env:EMPTY").status()).isEqualTo(CredentialStatus.MISSING);
    assertThat(((CredentialResolution.Unavailable) resolve("env:EMPTY")).reason())
        .contains("EMPTY is empty");
  }

  @Test
  void aReferenceForAnotherStoreIsAnError() {
    assertThat(resolve("file:STRIPE_KEY").status()).isEqualTo(CredentialStatus.ERROR);
    assertThat(resolve("env:").status()).isEqualTo(CredentialStatus.ERROR);
  }

  @Test
  void theSystemEnvironmentIsReadByDefault() {
    String name =
        System.getenv().keySet().stream()
            .filter(key -> !System.getenv(key).isEmpty())
            .findFirst()
            .orElseThrow();
    assertThat(
            EnvironmentSecrets.system()
                .resolve(
                    CredentialBinding.of("any", AuthKind.BEARER, "env:" + name),
                    CallerContext.anonymous())
                .status())
        .isEqualTo(CredentialStatus.RESOLVED);
  }
}
