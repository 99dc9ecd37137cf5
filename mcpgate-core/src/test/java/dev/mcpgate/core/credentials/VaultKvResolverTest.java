package dev.mcpgate.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A team's own store is one class implementing the SPI; this shows it against a fake Vault. */
class VaultKvResolverTest {

  private static final String VAULT_TOKEN = "hvs.test-vault-token";

  private final Map<String, String> kv =
      Map.of(
          "payments/stripe",
          "{\"data\":{\"data\":{\"api_key\":\"sk_live_vault\",\"account\":\"acct_1\"},"
              + "\"metadata\":{\"version\":3}}}");
  private HttpServer vault;
  private SecretStores stores;

  @BeforeEach
  void startVault() throws IOException {
    vault = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    vault.createContext("/v1/secret/data/", this::answer);
    vault.start();
    URI address = URI.create("http://127.0.0.1:" + vault.getAddress().getPort());
    stores =
        SecretStores.builder()
            .store("vault", new VaultKvResolver(address, Secret.of(VAULT_TOKEN)))
            .build();
  }

  @AfterEach
  void stopVault() {
    vault.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath().substring("/v1/secret/data/".length());
      String body = kv.get(path);
      int status =
          !VAULT_TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Vault-Token"))
              ? 403
              : body == null ? 404 : 200;
      byte[] bytes =
          (status == 200 ? body : "{\"errors\":[\"permission denied\"]}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    } finally {
      exchange.close();
    }
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
                new VaultKvResolver(
                    URI.create("http://127.0.0.1:" + vault.getAddress().getPort()),
                    Secret.of("hvs.wrong")))
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
}
