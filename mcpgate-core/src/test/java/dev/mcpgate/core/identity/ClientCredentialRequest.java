package dev.mcpgate.core.identity;

import dev.mcpgate.api.InboundRequest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An inbound request with given headers and client certificates. */
final class ClientCredentialRequest implements InboundRequest {

  private final List<Map.Entry<String, String>> headers = new ArrayList<>();
  private final List<X509Certificate> certificates = new ArrayList<>();

  static ClientCredentialRequest none() {
    return new ClientCredentialRequest();
  }

  static ClientCredentialRequest bearer(String token) {
    return none().with("Authorization", "Bearer " + token);
  }

  static ClientCredentialRequest apiKeyHeader(String key) {
    return none().with("X-Api-Key", key);
  }

  static ClientCredentialRequest certificate(X509Certificate... chain) {
    ClientCredentialRequest request = none();
    request.certificates.addAll(List.of(chain));
    return request;
  }

  ClientCredentialRequest with(String name, String value) {
    headers.add(Map.entry(name, value));
    return this;
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public String path() {
    return "/mcp";
  }

  @Override
  public @Nullable String header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? null : values.get(0);
  }

  @Override
  public List<String> headers(String name) {
    return headers.stream()
        .filter(h -> h.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
        .map(Map.Entry::getValue)
        .toList();
  }

  @Override
  public List<X509Certificate> clientCertificates() {
    return List.copyOf(certificates);
  }
}
