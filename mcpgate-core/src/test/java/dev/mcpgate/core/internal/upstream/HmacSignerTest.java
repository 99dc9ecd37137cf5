package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.Secret;
import dev.mcpgate.testkit.FakeUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HMAC signing, checked by a loopback server that verifies the signature itself. */
class HmacSignerTest {

  private static final String KEY = "canary-hmac-key-7c2";
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L),
      ZoneOffset.UTC);

  private FakeUpstream server;
  private final AtomicReference<Map<String, List<String>>> headers = new AtomicReference<>();
  private final AtomicReference<String> verdict = new AtomicReference<>();

  @BeforeEach
  void startVerifyingServer() {
    server = FakeUpstream.start().otherwise(request -> {
      String canonical = request.method() + "\n" + request.path()
          + "\n" + request.query() + "\n"
          + request.header("X-Timestamp").orElse(null) + "\n"
          + request.header("X-Nonce").orElse(null) + "\n" + sha256(request.body());
      String expected = HexFormat.of().formatHex(hmac(canonical));
      verdict.set(("v1=" + expected).equals(request.header("X-Sig").orElse(null))
          ? "valid" : "invalid");
      headers.set(request.headers());
      return FakeUpstream.Answer.status(204);
    });
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void send(UpstreamRequest request) throws Exception {
    HttpRequest.Builder http = HttpRequest.newBuilder(request.uri()).method(request.method(),
        request.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach(header -> http.header(header.getKey(), header.getValue()));
    HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.discarding());
  }

  private static CredentialBinding binding() {
    return new CredentialBinding("h", AuthKind.HMAC, "memory:h", Map.of(), Map.of(
        "signatureHeader", "X-Sig", "signaturePrefix", "v1=", "encoding", "hex"));
  }

  @Test
  void theServerVerifiesTheSignatureOfMethodPathQueryTimestampNonceAndBody() throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.port() + "/orders?limit=5");
    UpstreamRequest request = new UpstreamRequest("POST", uri, Headers.empty(),
        "{\"sku\":\"a\"}".getBytes(StandardCharsets.UTF_8), "application/json");

    send(new HmacSigner(CLOCK, () -> "nonce-1")
        .inject(request, binding(), Secret.ofParts(Map.of("keyId", "key-9", "secret", KEY))));

    assertThat(verdict).hasValue("valid");
    assertThat(headers.get().get("X-timestamp")).containsExactly("1700000000");
    assertThat(headers.get().get("X-nonce")).containsExactly("nonce-1");
    assertThat(headers.get().get("X-key-id")).containsExactly("key-9");
    assertThat(headers.get().toString()).doesNotContain(KEY);
  }

  @Test
  void aTamperedBodyNoLongerVerifies() throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.port() + "/orders?limit=5");
    UpstreamRequest signed = new HmacSigner(CLOCK, () -> "n").inject(
        new UpstreamRequest("POST", uri, Headers.empty(), "{}".getBytes(StandardCharsets.UTF_8),
            "application/json"), binding(), Secret.of(KEY));

    send(new UpstreamRequest("POST", uri, signed.headers(),
        "{\"x\":1}".getBytes(StandardCharsets.UTF_8), "application/json"));

    assertThat(verdict).hasValue("invalid");
  }

  @Test
  void anUnknownAlgorithmIsRefusedWithoutShowingTheKey() {
    CredentialBinding weak = new CredentialBinding("h", AuthKind.HMAC, "memory:h", Map.of(),
        Map.of("algorithm", "HmacMD5"));

    assertThatThrownBy(() -> new HmacSigner(CLOCK, () -> "n").inject(
        new UpstreamRequest("GET", URI.create("http://127.0.0.1/"), Headers.empty(), null, null),
        weak, Secret.of(KEY)))
        .hasMessageContaining("algorithm").hasMessageNotContaining(KEY);
  }

  @Test
  void theHmacKindHasAStrategy() {
    assertThat(AuthInjector.forKind(AuthKind.HMAC)).isInstanceOf(HmacSigner.class);
  }
}
