package dev.mcpgate.core.identity;

import static dev.mcpgate.testkit.TestRequest.bearer;
import static dev.mcpgate.testkit.TestRequest.certificate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.testkit.TestRequest;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client certificates (made once with keytool, valid for 100 years, in {@code
 * src/test/resources/identity}) mapped to clients of a registry.
 */
class MutualTlsIdentityResolverTest {

  private static final IdentityResult NOT_ACCEPTED =
      new IdentityResult.Rejected(false, "client certificate not accepted", Set.of());

  private static final X509Certificate BILLING = load("billing");
  private static final X509Certificate REPORTS = load("reports");
  private static final X509Certificate STRANGER = load("stranger");

  private ClientRegistry registry;
  private MutualTlsIdentityResolver resolver;

  private static X509Certificate load(String name) {
    try (InputStream in = MutualTlsIdentityResolverTest.class.getResourceAsStream(
        "/identity/" + name + ".pem")) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void billingByFingerprintAndReportsBySubject() {
    registry = new ClientRegistry();
    registry.registerClient(
        Client.builder("billing-service").tenant("acme").scopes("invoices:read").build());
    registry.registerClient(Client.builder("reports").tenant("acme").build());
    resolver = MutualTlsIdentityResolver.builder(registry)
        .mapping(CertificateMapping.fingerprints(Map.of(
            MutualTlsIdentityResolver.fingerprint(BILLING).toUpperCase(),
            new ClientProfile("billing-service", "production"))))
        .mapping(CertificateMapping.subjects(Map.of(
            "cn=REPORTS, o=Acme, c=DE", new ClientProfile("reports", "sandbox"))))
        .build();
  }

  private static CallerContext authenticated(IdentityResult result) {
    assertThat(result).isInstanceOf(IdentityResult.Authenticated.class);
    return ((IdentityResult.Authenticated) result).caller();
  }

  @Test
  void aCertificateMappedByFingerprintAuthenticatesItsClientAndProfile() {
    CallerContext caller = authenticated(resolver.resolve(certificate(BILLING)));

    assertThat(caller.clientId()).isEqualTo("billing-service");
    assertThat(caller.environment()).isEqualTo("production");
    assertThat(caller.tenant()).isEqualTo("acme");
    assertThat(caller.scopes()).containsExactly("invoices:read");
    assertThat(caller.authMethod()).isEqualTo("mtls");
    assertThat(caller.tokenId()).isEqualTo(MutualTlsIdentityResolver.fingerprint(BILLING));
    assertThat(caller.workload()).isEqualTo("CN=billing-service,O=Acme,C=DE");
  }

  @Test
  void aCertificateMappedBySubjectAuthenticatesInCanonicalForm() {
    assertThat(authenticated(resolver.resolve(certificate(REPORTS))).environment())
        .isEqualTo("sandbox");
  }

  @Test
  void aCertificateMappedBySubjectAlternativeNameAuthenticates() {
    MutualTlsIdentityResolver bySpiffeId = MutualTlsIdentityResolver.builder(registry)
        .mapping(CertificateMapping.subjectAlternativeNames(Map.of(
            "spiffe://acme.example/billing", new ClientProfile("billing-service", "sandbox"))))
        .build();

    assertThat(authenticated(bySpiffeId.resolve(certificate(BILLING))).environment())
        .isEqualTo("sandbox");
    assertThat(bySpiffeId.resolve(certificate(REPORTS))).isEqualTo(NOT_ACCEPTED);
  }

  @Test
  void anUnknownCertificateIsRejected() {
    assertThat(resolver.resolve(certificate(STRANGER))).isEqualTo(NOT_ACCEPTED);
  }

  @Test
  void noCertificateIsUnauthenticated() {
    assertThat(resolver.resolve(TestRequest.none()))
        .isEqualTo(IdentityResult.unauthenticated());
  }

  @Test
  void aCertificateMappedToAClientNobodyRegisteredIsRejected() {
    MutualTlsIdentityResolver dangling = MutualTlsIdentityResolver.builder(registry)
        .mapping((leaf, fingerprint) -> Optional.of(new ClientProfile("ghost", "sandbox")))
        .build();

    assertThat(dangling.resolve(certificate(BILLING))).isEqualTo(NOT_ACCEPTED);
  }

  @Test
  void aCertificateOutsideItsValidityPeriodIsRejected() {
    MutualTlsIdentityResolver later = MutualTlsIdentityResolver.builder(registry)
        .mapping((leaf, fingerprint) ->
            Optional.of(new ClientProfile("billing-service", "production")))
        .clock(Clock.fixed(Instant.parse("2200-01-01T00:00:00Z"), ZoneOffset.UTC))
        .build();

    assertThat(later.resolve(certificate(BILLING))).isEqualTo(NOT_ACCEPTED);
  }

  @Test
  void aRevokedProfileOrClientFailsOnTheVeryNextRequest() {
    authenticated(resolver.resolve(certificate(BILLING)));
    authenticated(resolver.resolve(certificate(REPORTS)));

    registry.revokeProfile("billing-service", "production");
    registry.revokeClient("reports");

    assertThat(resolver.resolve(certificate(BILLING))).isEqualTo(NOT_ACCEPTED);
    assertThat(resolver.resolve(certificate(REPORTS))).isEqualTo(NOT_ACCEPTED);

    registry.reinstateProfile("billing-service", "production");
    authenticated(resolver.resolve(certificate(BILLING)));
  }

  @Test
  void aResolverNeedsAMapping() {
    assertThatThrownBy(() -> MutualTlsIdentityResolver.builder(registry).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mapping");
    assertThatThrownBy(() -> CertificateMapping.fingerprints(
            Map.of("ab:cd", new ClientProfile("billing-service", "sandbox"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void firstOfAnswersWithTheFirstResolverThatRecognizesTheRequest() {
    String key = ClientRegistry.generateKey();
    registry.addKey("billing-service", "sandbox", key);
    ApiKeyIdentityResolver apiKey = ApiKeyIdentityResolver.of(registry);
    IdentityResolver keyFirst = IdentityResolver.firstOf(List.of(apiKey, resolver));
    IdentityResolver certificateFirst = IdentityResolver.firstOf(List.of(resolver, apiKey));

    // Both presented: the first resolver in the list decides.
    TestRequest both = certificate(BILLING).with("Authorization", "Bearer " + key);
    assertThat(authenticated(keyFirst.resolve(both)).authMethod()).isEqualTo("apiKey");
    assertThat(authenticated(certificateFirst.resolve(both)).authMethod()).isEqualTo("mtls");
    // Only one presented: the other resolver steps aside.
    assertThat(authenticated(keyFirst.resolve(certificate(BILLING))).authMethod())
        .isEqualTo("mtls");
    assertThat(authenticated(certificateFirst.resolve(bearer(key))).authMethod())
        .isEqualTo("apiKey");
    // A rejection is an answer: a bad key is not rescued by a good certificate behind it.
    TestRequest badKeyGoodCertificate =
        certificate(BILLING).with("X-Api-Key", TimingKeys.wrongLast(key));
    assertThat(keyFirst.resolve(badKeyGoodCertificate)).isInstanceOf(IdentityResult.Rejected.class);
    // Neither: unauthenticated, for the transport's 401 challenge.
    assertThat(keyFirst.resolve(TestRequest.none()))
        .isInstanceOf(IdentityResult.Unauthenticated.class);
  }
}
