package dev.mcpgate.testkit;

import java.net.URI;
import java.util.Objects;

/**
 * A JWK Set endpoint on loopback, {@code http://127.0.0.1:port/jwks.json}, for a resolver that
 * fetches its verification keys: it serves a key set and counts how often it was asked, and the
 * test can rotate the keys it serves.
 *
 * <pre>{@code
 * TestKey key = TestKey.es256("key-1");
 * try (JwksServer jwks = JwksServer.start(key)) {
 *   JwtIdentityResolver resolver = JwtIdentityResolver.builder().jwksUrl(jwks.uri())...build();
 *   ...
 *   assertThat(jwks.hits()).isEqualTo(1); // fetched once, then cached
 * }
 * }</pre>
 *
 * <p>Thread-safe. Built on {@link FakeUpstream}.
 */
public final class JwksServer implements AutoCloseable {

  private final FakeUpstream server = FakeUpstream.start();

  private JwksServer(String document) {
    serve(document);
  }

  /**
   * Starts a server that publishes the public halves of keys (an {@code HS256} secret among them
   * is left out).
   *
   * @param keys the keys
   * @return the running server
   */
  public static JwksServer start(TestKey... keys) {
    return new JwksServer(TestKey.jwksDocument(keys));
  }

  /**
   * Starts a server that serves a key set document as given, for keys made elsewhere or a
   * document that is wrong on purpose.
   *
   * @param document the JSON text served with {@code Content-Type: application/json}
   * @return the running server
   */
  public static JwksServer start(String document) {
    return new JwksServer(Objects.requireNonNull(document, "document"));
  }

  /**
   * Serves other keys from now on, as an identity provider that rotates them.
   *
   * @param keys the keys
   */
  public void rotate(TestKey... keys) {
    serve(TestKey.jwksDocument(keys));
  }

  /**
   * The key set's URL.
   *
   * @return {@code http://127.0.0.1:port/jwks.json}
   */
  public URI uri() {
    return server.url("/jwks.json");
  }

  /**
   * How many requests arrived, at any path.
   *
   * @return the count
   */
  public int hits() {
    return server.requestCount();
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.close();
  }

  private void serve(String document) {
    server.otherwise(FakeUpstream.Answer.json(200, document));
  }

  @Override
  public String toString() {
    return "JwksServer[" + uri() + ", " + hits() + " hits]";
  }
}
