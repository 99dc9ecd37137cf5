package dev.mcpgate.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import dev.mcpgate.testkit.FakeUpstream;
import dev.mcpgate.testkit.contract.CredentialBindingResolverContract;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A team's own store is one class implementing the SPI; this shows it against a fake Vault. */
class VaultKvResolverTest {

  private static final String VAULT_TOKEN = "hvs.test-vault-token";

  private final Map<String, String> kv =
      Map.of(
          "payments/stripe",
          "{\"data\":{\"data\":{\"api_key\":\"sk_live_vault\",\"account\":\"acct_1\"},"
              + "\"metadata\":{\"version\":3}}}");
  private final FakeUpstream vault = FakeUpstream.start().otherwise(this::answer);
  private SecretStores stores;

  @BeforeEach
  void startVault() {
    stores =
        SecretStores.builder()
            .store("vault", new VaultKvResolver(vault.url(), Secret.of(VAULT_TOKEN)))
            .build();
  }

  @AfterEach
  void stopVault() {
    vault.close();
  }

  private FakeUpstream.Answer answer(FakeUpstream.RecordedRequest request) {
    String prefix = "/v1/secret/data/";
    String body = request.path().startsWith(prefix)
        ? kv.get(request.path().substring(prefix.length()))
        : null;
    int status =
        !request.header("X-Vault-Token").orElse("").equals(VAULT_TOKEN)
            ? 403
            : body == null ? 404 : 200;
    return FakeUpstream.Answer.json(
        status, status == 200 ? body : "{\"errors\":[\"permission denied\"]}");
  }

  private CredentialResolution resolve(String ref) {
    return stores.resolve(
        CredentialBinding.of("stripe", AuthKind.BEARER, ref), CallerContext.anonymous());
  }

  @Test
  void oneFieldIsASingleValue() {
    assertThat(
            ((CredentialResolution.Resolved) resolve("vault:payments/stripe#api_key"))
                .secret()
                .reveal())
        .isEqualTo("sk_live_vault");
  }

  @Test
  void aWholeSecretIsNamedParts() {
    Secret secret = ((CredentialResolution.Resolved) resolve("vault:payments/stripe")).secret();
    assertThat(secret.partNames()).containsExactly("api_key", "account");
    assertThat(secret.reveal("account")).isEqualTo("acct_1");
  }

  @Test
  void anAbsentSecretOrFieldIsMissing() {
    assertThat(resolve("vault:payments/nope").status()).isEqualTo(CredentialStatus.MISSING);
    assertThat(resolve("vault:payments/stripe#nope").status()).isEqualTo(CredentialStatus.MISSING);
  }

  @Test
  void aDeniedVaultTokenIsAnError() {
    SecretStores wrongToken =
        SecretStores.builder()
            .store(
                "vault",
                new VaultKvResolver(vault.url(), Secret.of("hvs.wrong")))
            .build();
    assertThat(
            wrongToken.resolve(
                CredentialBinding.of("stripe", AuthKind.BEARER, "vault:payments/stripe"),
                CallerContext.anonymous()))
        .isEqualTo(
            new CredentialResolution.Unavailable(
                CredentialStatus.ERROR,
                "binding stripe: vault secret payments/stripe: vault answered HTTP 403"));
  }

  /** The store honours the contract every credential binding resolver honours. */
  @Nested
  class Contract extends CredentialBindingResolverContract {
    @Override
    protected CredentialBindingResolver resolver() {
      return new VaultKvResolver(vault.url(), Secret.of(VAULT_TOKEN));
    }

    @Override
    protected CredentialBinding resolvable() {
      return CredentialBinding.of("stripe", AuthKind.BEARER, "vault:payments/stripe#api_key");
    }

    @Override
    protected Secret expectedSecret() {
      return Secret.of("sk_live_vault");
    }

    @Override
    protected CredentialBinding missing() {
      return CredentialBinding.of("stripe", AuthKind.BEARER, "vault:payments/nope#api_key");
    }
  }
}
