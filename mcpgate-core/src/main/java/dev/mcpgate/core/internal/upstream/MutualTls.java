package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.Secret;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The TLS context of a mutual-TLS binding: its own client certificate, so each binding presents
 * its own identity and no certificate is shared between upstreams.
 *
 * <p>The secret holds the client identity either as parts {@code certificate} (PEM, the chain
 * leaf first) and {@code privateKey} (PEM, PKCS#8, RSA or EC), or as parts {@code pkcs12}
 * (base64) and {@code password}. The binding's setting {@code caCertificate} (PEM, not a secret)
 * replaces the JVM's trusted roots for this upstream, for private CAs. Stateless and
 * thread-safe; the caller caches the context per binding and secret.
 */
public final class MutualTls {

  private MutualTls() {}

  /**
   * Builds the TLS context of a binding.
   *
   * @param binding the binding, for {@code caCertificate}
   * @param secret the client identity
   * @return a TLS context presenting that identity
   * @throws IllegalArgumentException if the material cannot be read; the message names the
   *     binding and the part, never key material
   */
  public static SSLContext context(CredentialBinding binding, Secret secret) {
    try {
      char[] password = new char[0];
      KeyStore identity;
      if (secret.partNames().contains("pkcs12")) {
        password = secret.reveal("password").toCharArray();
        identity = KeyStore.getInstance("PKCS12");
        identity.load(new ByteArrayInputStream(
            Base64.getMimeDecoder().decode(secret.reveal("pkcs12"))), password);
      } else {
        List<Certificate> chain = certificates(secret.reveal("certificate"));
        if (chain.isEmpty()) {
          throw new IllegalArgumentException("binding " + binding.id()
              + ": the part 'certificate' holds no PEM certificate");
        }
        identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("client", privateKey(binding, secret.reveal("privateKey"),
            (X509Certificate) chain.get(0)), password, chain.toArray(Certificate[]::new));
      }
      KeyManagerFactory keys = KeyManagerFactory.getInstance(
          KeyManagerFactory.getDefaultAlgorithm());
      keys.init(identity, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust(binding), null);
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      // The exception's own message can quote parsed material: report the type only.
      throw new IllegalArgumentException("binding " + binding.id()
          + ": the client certificate or key cannot be used (" + e.getClass().getSimpleName()
          + ")");
    }
  }

  private static javax.net.ssl.@Nullable TrustManager[] trust(CredentialBinding binding)
      throws GeneralSecurityException, java.io.IOException {
    String ca = binding.settings().get("caCertificate");
    if (ca == null) {
      return null;
    }
    KeyStore roots = KeyStore.getInstance("PKCS12");
    roots.load(null, null);
    int i = 0;
    for (Certificate certificate : certificates(ca)) {
      roots.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(roots);
    return factory.getTrustManagers();
  }

  private static List<Certificate> certificates(String pem) throws GeneralSecurityException {
    Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    return new ArrayList<>(parsed);
  }

  private static PrivateKey privateKey(CredentialBinding binding, String pem, X509Certificate leaf)
      throws GeneralSecurityException {
    String begin = "-----BEGIN PRIVATE KEY-----";
    int start = pem.indexOf(begin);
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("binding " + binding.id()
          + ": the part 'privateKey' must be a PEM PKCS#8 key (BEGIN PRIVATE KEY)");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
    return KeyFactory.getInstance(leaf.getPublicKey().getAlgorithm())
        .generatePrivate(new PKCS8EncodedKeySpec(der));
  }
}
