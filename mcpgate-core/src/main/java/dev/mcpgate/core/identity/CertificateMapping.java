package dev.mcpgate.core.identity;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Maps the leaf certificate of a mutually authenticated TLS connection to a client and profile
 * of a {@link ClientRegistry}, for {@link MutualTlsIdentityResolver}. The container has already
 * verified the chain against its trust store; the mapping says whose certificate it is.
 *
 * <p>Implementations must be thread-safe and fast; they run on every request. A certificate
 * they do not know maps to {@link Optional#empty()}.
 */
@FunctionalInterface
public interface CertificateMapping {

  /**
   * The client and profile a certificate belongs to.
   *
   * @param leaf the client's certificate
   * @param fingerprint the SHA-256 of its DER encoding, 64 lower-case hex digits
   * @return the client and profile, or empty for a certificate nobody mapped
   */
  Optional<ClientProfile> map(X509Certificate leaf, String fingerprint);

  /**
   * This mapping, then another for certificates this one does not know.
   *
   * @param next the mapping to ask next
   * @return the combined mapping
   */
  default CertificateMapping orElse(CertificateMapping next) {
    Objects.requireNonNull(next, "next");
    return (leaf, fingerprint) -> {
      Optional<ClientProfile> mapped = map(leaf, fingerprint);
      return mapped.isPresent() ? mapped : next.map(leaf, fingerprint);
    };
  }

  /**
   * Maps certificates by their SHA-256 fingerprint: the strictest mapping, one certificate each
   * (a renewed certificate needs a new entry).
   *
   * @param byFingerprint SHA-256 of the DER encoding in hex, upper or lower case, with or without
   *     colons, such as {@code openssl x509 -noout -fingerprint -sha256} prints it
   * @return the mapping
   * @throws IllegalArgumentException if a key is not 32 bytes of hex
   */
  static CertificateMapping fingerprints(Map<String, ClientProfile> byFingerprint) {
    Map<String, ClientProfile> normalized = new HashMap<>();
    byFingerprint.forEach((fingerprint, client) -> {
      String hex = fingerprint.replace(":", "").toLowerCase(Locale.ROOT);
      if (!hex.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hex digits; got '"
            + fingerprint + "' for client " + client.clientId());
      }
      normalized.put(hex, Objects.requireNonNull(client, "client"));
    });
    Map<String, ClientProfile> map = Map.copyOf(normalized);
    return (leaf, fingerprint) -> Optional.ofNullable(map.get(fingerprint));
  }

  /**
   * Maps certificates by their subject's distinguished name, compared in RFC 2253 canonical form
   * (so spacing and the case of attribute values do not matter). Survives renewal; trusts the
   * CA not to issue the same subject to anyone else.
   *
   * @param bySubject distinguished names such as {@code CN=billing-service,O=Acme}
   * @return the mapping
   * @throws IllegalArgumentException if a key is not a distinguished name
   */
  static CertificateMapping subjects(Map<String, ClientProfile> bySubject) {
    Map<String, ClientProfile> normalized = new HashMap<>();
    bySubject.forEach((subject, client) -> normalized.put(
        new X500Principal(subject).getName(X500Principal.CANONICAL),
        Objects.requireNonNull(client, "client")));
    Map<String, ClientProfile> map = Map.copyOf(normalized);
    return (leaf, fingerprint) -> Optional.ofNullable(
        map.get(leaf.getSubjectX500Principal().getName(X500Principal.CANONICAL)));
  }

  /**
   * Maps certificates by a subject alternative name: a DNS name, a URI (such as a SPIFFE id,
   * {@code spiffe://acme.example/billing}), an e-mail address or an IP address, compared
   * exactly. The first name of the certificate that is mapped wins.
   *
   * @param byName subject alternative names
   * @return the mapping
   */
  static CertificateMapping subjectAlternativeNames(Map<String, ClientProfile> byName) {
    Map<String, ClientProfile> map = Map.copyOf(byName);
    return (leaf, fingerprint) -> {
      try {
        var names = leaf.getSubjectAlternativeNames();
        if (names == null) {
          return Optional.empty();
        }
        for (List<?> name : names) {
          // 1 e-mail, 2 DNS, 6 URI, 7 IP address; a directory name (4) is not matched here.
          boolean matched = name.size() >= 2 && name.get(0) instanceof Integer type
              && (type == 1 || type == 2 || type == 6 || type == 7);
          if (matched && name.get(1) instanceof String value) {
            ClientProfile client = map.get(value);
            if (client != null) {
              return Optional.of(client);
            }
          }
        }
        return Optional.empty();
      } catch (CertificateParsingException e) {
        return Optional.empty();
      }
    };
  }
}
