package dev.mcpgate.core.credentials;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An example of a team's own secret store: a {@link CredentialBindingResolver} that reads a
 * HashiCorp Vault KV v2 secret. {@code vault:payments/stripe} is every field of the secret as named
 * parts; {@code vault:payments/stripe#api_key} is one field as a single value. Register it with
 * {@code SecretStores.builder().store("vault", new VaultKvResolver(...))}.
 *
 * <p>Thread-safe: immutable, and {@link HttpClient} is thread-safe.
 */
final class VaultKvResolver implements CredentialBindingResolver {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI address;
  private final Secret vaultToken;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  VaultKvResolver(URI address, Secret vaultToken) {
    this.address = address;
    this.vaultToken = vaultToken;
  }

  @Override
  public CredentialResolution resolve(CredentialBinding binding, CallerContext caller) {
    String ref = binding.secretRefFor(caller).substring("vault:".length());
    String path = ref.contains("#") ? ref.substring(0, ref.indexOf('#')) : ref;
    String field = ref.contains("#") ? ref.substring(ref.indexOf('#') + 1) : null;
    String where = "binding " + binding.id() + ": vault secret " + path;
    HttpRequest request =
        HttpRequest.newBuilder(address.resolve("/v1/secret/data/" + path))
            .header("X-Vault-Token", vaultToken.reveal())
            .timeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return new CredentialResolution.Unavailable(
          CredentialStatus.ERROR, where + ": vault unreachable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CredentialResolution.Unavailable(CredentialStatus.ERROR, where + ": interrupted");
    }
    if (response.statusCode() == 404) {
      return CredentialResolution.missing(where + " does not exist");
    }
    if (response.statusCode() != 200) {
      // The body is never repeated: a store's error text is not ours to vouch for.
      return new CredentialResolution.Unavailable(
          CredentialStatus.ERROR, where + ": vault answered HTTP " + response.statusCode());
    }
    Map<String, String> parts = new LinkedHashMap<>();
    JsonNode data = JSON.readTree(response.body()).path("data").path("data");
    data.properties().forEach(entry -> parts.put(entry.getKey(), entry.getValue().asString()));
    if (field != null) {
      String value = parts.get(field);
      return value == null || value.isEmpty()
          ? CredentialResolution.missing(where + " has no field " + field)
          : CredentialResolution.resolved(Secret.of(value));
    }
    return parts.isEmpty()
        ? CredentialResolution.missing(where + " has no fields")
        : CredentialResolution.resolved(Secret.ofParts(parts));
  }
}
