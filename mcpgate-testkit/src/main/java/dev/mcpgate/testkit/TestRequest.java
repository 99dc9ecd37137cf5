package dev.mcpgate.testkit;

import dev.mcpgate.api.InboundRequest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An {@link InboundRequest} built by a test, for calling an {@link
 * dev.mcpgate.api.IdentityResolver} without a server: {@code POST /mcp} with the headers and the
 * client certificate chain the test gives.
 *
 * <pre>{@code
 * IdentityResult result = resolver.resolve(TestRequest.bearer(token));
 * IdentityResult viaKey = resolver.resolve(TestRequest.none().with("X-Api-Key", key));
 * }</pre>
 *
 * <p>Immutable and thread-safe: {@link #with(String, String)} returns a changed copy.
 */
public final class TestRequest implements InboundRequest {

  private final String method;
  private final String path;
  private final List<Map.Entry<String, String>> headers;
  private final List<X509Certificate> certificates;
  private final @Nullable String remoteAddress;

  private TestRequest(String method, String path, List<Map.Entry<String, String>> headers,
      List<X509Certificate> certificates, @Nullable String remoteAddress) {
    this.method = method;
    this.path = path;
    this.headers = List.copyOf(headers);
    this.certificates = List.copyOf(certificates);
    this.remoteAddress = remoteAddress;
  }

  /**
   * {@code POST /mcp} with no header and no certificate: a request that presents no credential.
   *
   * @return the request
   */
  public static TestRequest none() {
    return new TestRequest("POST", "/mcp", List.of(), List.of(), null);
  }

  /**
   * A request with {@code Authorization: Bearer <token>}.
   *
   * @param token the token, sent as is
   * @return the request
   */
  public static TestRequest bearer(String token) {
    return none().with("Authorization", "Bearer " + token);
  }

  /**
   * A request with {@code X-Api-Key: <key>}, the header mcpgate's API key resolver reads by
   * default.
   *
   * @param key the key, sent as is
   * @return the request
   */
  public static TestRequest apiKeyHeader(String key) {
    return none().with("X-Api-Key", key);
  }

  /**
   * A request over mutual TLS that presented a client certificate chain.
   *
   * @param chain the chain, leaf first
   * @return the request
   */
  public static TestRequest certificate(X509Certificate... chain) {
    return new TestRequest("POST", "/mcp", List.of(), List.of(chain), null);
  }

  /**
   * A copy with one more header value (a header may be given several times).
   *
   * @param name the header's name, any case
   * @param value the value, sent as is (tests may send what a real client would not)
   * @return the changed copy
   */
  public TestRequest with(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    List<Map.Entry<String, String>> more = new ArrayList<>(headers);
    more.add(Map.entry(name, value));
    return new TestRequest(method, path, more, certificates, remoteAddress);
  }

  /**
   * A copy with another method and path.
   *
   * @param method such as {@code GET}
   * @param path such as {@code /api/orders}
   * @return the changed copy
   */
  public TestRequest to(String method, String path) {
    return new TestRequest(Objects.requireNonNull(method, "method"),
        Objects.requireNonNull(path, "path"), headers, certificates, remoteAddress);
  }

  /**
   * A copy with a remote address.
   *
   * @param address an IP literal
   * @return the changed copy
   */
  public TestRequest from(String address) {
    return new TestRequest(method, path, headers, certificates,
        Objects.requireNonNull(address, "address"));
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public @Nullable String header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? null : values.get(0);
  }

  @Override
  public List<String> headers(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return headers.stream()
        .filter(header -> header.getKey().toLowerCase(Locale.ROOT).equals(wanted))
        .map(Map.Entry::getValue)
        .toList();
  }

  @Override
  public List<X509Certificate> clientCertificates() {
    return certificates;
  }

  @Override
  public @Nullable String remoteAddress() {
    return remoteAddress;
  }

  /** The method, the path and the header names; never header values, which may be credentials. */
  @Override
  public String toString() {
    return "TestRequest[" + method + " " + path + ", headers "
        + headers.stream().map(Map.Entry::getKey).toList() + ", "
        + certificates.size() + " certificates]";
  }
}
