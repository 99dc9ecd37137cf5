package dev.mcpgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake upstream over HTTPS, requiring a client certificate: it records whose certificate
 * it got. One self-signed identity, made by the JDK's keytool, serves both ends.
 */
class FakeUpstreamHttpsTest {

  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir static Path dir;
  private static KeyStore identity;

  @BeforeAll
  static void makeIdentity() throws Exception {
    Path p12 = dir.resolve("id.p12");
    Process keytool = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "id", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=fake-upstream-test", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "changeit")
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(output).isZero();
    identity = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(p12.toFile())) {
      identity.load(in, PASSWORD);
    }
  }

  private static SSLContext context(boolean withKey) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("id", identity.getCertificate("id"));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    KeyManagerFactory keys =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(identity, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(withKey ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
    return context;
  }

  @Test
  void anHttpsUpstreamRecordsTheClientCertificateItRequired() throws Exception {
    try (FakeUpstream upstream = FakeUpstream.builder().https(context(true))
        .requireClientCertificate(true).start()) {
      upstream.enqueue(FakeUpstream.Answer.text(200, "secure"));
      HttpClient client = HttpClient.newBuilder().sslContext(context(true)).build();

      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(upstream.url("/tls")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(upstream.url().getScheme()).isEqualTo("https");
      assertThat(response.body()).isEqualTo("secure");
      assertThat(upstream.onlyRequest().clientCertificate()).isEqualTo("CN=fake-upstream-test");
    }
  }

  @Test
  void withoutAClientCertificateTheHandshakeFailsAndNothingIsRecorded() throws Exception {
    try (FakeUpstream upstream = FakeUpstream.builder().https(context(true))
        .requireClientCertificate(true).start()) {
      HttpClient client = HttpClient.newBuilder().sslContext(context(false)).build();

      assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(upstream.url("/tls")).build(),
          HttpResponse.BodyHandlers.discarding())).isInstanceOf(IOException.class);
      assertThat(upstream.requestCount()).isZero();
    }
  }
}
