package dev.mcpgate.core.internal.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.Secret;
import dev.mcpgate.testkit.FakeUpstream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A binding's own client certificate, against a loopback HTTPS server that requires one and
 * records whose it got. Key material is made by the JDK's keytool for each run.
 */
class MutualTlsTest {

  private static final String PASSWORD = "changeit";

  @TempDir static Path dir;
  private static FakeUpstream server;
  private static final AtomicReference<String> clientSeen = new AtomicReference<>();
  private static String serverPem;

  private static void keytool(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    System.arraycopy(args, 0, command, 1, args.length);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
  }

  private static void keyPair(String name, String dname, String san) throws Exception {
    keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", dname, "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12",
        "-keystore", dir.resolve(name + ".p12").toString(), "-storepass", PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", name, "-keystore",
        dir.resolve(name + ".p12").toString(), "-storepass", PASSWORD,
        "-file", dir.resolve(name + ".pem").toString());
  }

  private static KeyStore load(String name) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(dir.resolve(name + ".p12").toFile())) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  @BeforeAll
  static void startServerRequiringClientCertificates() throws Exception {
    keyPair("server", "CN=localhost", "ip:127.0.0.1,dns:localhost");
    keyPair("client", "CN=mcpgate-client", "dns:client.example");
    serverPem = Files.readString(dir.resolve("server.pem"));

    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(load("server"), PASSWORD.toCharArray());
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("client", load("client").getCertificate("client"));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);

    server = FakeUpstream.builder().https(context).requireClientCertificate(true).start()
        .otherwise(request -> {
          String peer = request.clientCertificate();
          clientSeen.set(peer == null ? "none" : peer);
          return FakeUpstream.Answer.status(204);
        });
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static int call(SSLContext context) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().sslContext(context).build();
    URI uri = URI.create("https://127.0.0.1:" + server.port() + "/");
    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static CredentialBinding binding() {
    return new CredentialBinding("partner-mtls", AuthKind.MUTUAL_TLS, "memory:mtls", Map.of(),
        Map.of("caCertificate", serverPem));
  }

  @Test
  void aPkcs12IdentityIsPresentedToTheServer() throws Exception {
    Secret identity = Secret.ofParts(Map.of(
        "pkcs12", Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("client.p12"))),
        "password", PASSWORD));

    assertThat(call(MutualTls.context(binding(), identity))).isEqualTo(204);
    assertThat(clientSeen.get()).isEqualTo("CN=mcpgate-client");
  }

  @Test
  void aPemCertificateAndKeyArePresentedToTheServer() throws Exception {
    PrivateKey key = (PrivateKey) load("client").getKey("client", PASSWORD.toCharArray());
    String keyPem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Secret identity = Secret.ofParts(Map.of(
        "certificate", Files.readString(dir.resolve("client.pem")), "privateKey", keyPem));

    assertThat(call(MutualTls.context(binding(), identity))).isEqualTo(204);
    assertThat(clientSeen.get()).isEqualTo("CN=mcpgate-client");
  }

  @Test
  void withoutAClientCertificateTheServerRefusesTheConnection() throws Exception {
    SSLContext trustOnly = SSLContext.getInstance("TLS");
    KeyStore roots = KeyStore.getInstance("PKCS12");
    roots.load(null, null);
    roots.setCertificateEntry("server", load("server").getCertificate("server"));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(roots);
    trustOnly.init(null, trust.getTrustManagers(), null);

    assertThatThrownBy(() -> call(trustOnly)).isInstanceOf(IOException.class);
  }

  @Test
  void unusableMaterialIsAClearErrorWithoutKeyMaterial() {
    String canary = "-----BEGIN PRIVATE KEY-----\nY2FuYXJ5LWtleQ==\n-----END PRIVATE KEY-----";
    Secret broken = Secret.ofParts(Map.of("certificate", serverPem, "privateKey", canary));

    assertThatThrownBy(() -> MutualTls.context(binding(), broken))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partner-mtls")
        .hasMessageNotContaining("Y2FuYXJ5");
  }
}
