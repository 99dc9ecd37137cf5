package dev.mcpgate.core.identity;

import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.InboundRequest;
import dev.mcpgate.testkit.JwksServer;
import dev.mcpgate.testkit.TestJwt;
import dev.mcpgate.testkit.TestKey;
import dev.mcpgate.testkit.TestRequest;
import dev.mcpgate.testkit.contract.IdentityResolverContract;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

/**
 * Each of core's identity resolvers honours the identity resolver contract. The JWT resolver
 * verifies tokens the test kit mints with the JDK's crypto against keys it fetches from the kit's
 * key set server.
 */
class IdentityResolverContractTest {

  private static final String ISSUER = "https://auth.example.com";
  private static final String AUDIENCE = "https://api.example.com/mcp";
  private static final TestKey RSA = TestKey.rs256("rsa-1");
  private static final TestKey EC = TestKey.es256("ec-1");
  /** The right key id, another key: what a forger has. */
  private static final TestKey FORGED = TestKey.rs256("rsa-1");
  private static final JwksServer KEYS = JwksServer.start(RSA, EC);

  @AfterAll
  static void stopKeySet() {
    KEYS.close();
  }

  private static JwtIdentityResolver jwt() {
    return JwtIdentityResolver.builder().jwksUrl(KEYS.uri()).issuer(ISSUER).audience(AUDIENCE)
        .build();
  }

  private static TestJwt.Builder validClaims() {
    return TestJwt.builder().issuer(ISSUER).audience(AUDIENCE).subject("alice")
        .claim("client_id", "client-1").claim("scope", "tools:read")
        .tokenId("jti-1").expiresIn(Duration.ofMinutes(10));
  }

  @Nested
  class JwtWithRs256 extends IdentityResolverContract {
    private final String token = validClaims().signWith(RSA);
    private final String forged = validClaims().signWith(FORGED);

    @Override
    protected IdentityResolver resolver() {
      return jwt();
    }

    @Override
    protected InboundRequest authenticated() {
      return TestRequest.bearer(token);
    }

    @Override
    protected InboundRequest rejected() {
      return TestRequest.bearer(forged);
    }
  }

  @Nested
  class JwtWithEs256 extends IdentityResolverContract {
    private final String token = validClaims().signWith(EC);
    private final String expired = validClaims().expiresIn(Duration.ofHours(-1)).signWith(EC);

    @Override
    protected IdentityResolver resolver() {
      return jwt();
    }

    @Override
    protected InboundRequest authenticated() {
      return TestRequest.bearer(token);
    }

    @Override
    protected InboundRequest rejected() {
      return TestRequest.bearer(expired);
    }
  }

  @Nested
  class ApiKey extends IdentityResolverContract {
    private final ClientRegistry registry = new ClientRegistry();
    private final String key = ClientRegistry.generateKey();

    ApiKey() {
      registry.registerClient(Client.builder("billing-service").tenant("acme")
          .scopes("invoices:read").build());
      registry.addKey("billing-service", "sandbox", key);
    }

    @Override
    protected IdentityResolver resolver() {
      return ApiKeyIdentityResolver.of(registry);
    }

    @Override
    protected InboundRequest authenticated() {
      return TestRequest.bearer(key);
    }

    @Override
    protected InboundRequest rejected() {
      return TestRequest.none().with("X-Api-Key", TimingKeys.wrongLast(key));
    }
  }

  @Nested
  class MutualTls extends IdentityResolverContract {
    private final X509Certificate billing = load("billing");
    private final ClientRegistry registry = new ClientRegistry();

    MutualTls() {
      registry.registerClient(Client.builder("billing-service").tenant("acme").build());
    }

    @Override
    protected IdentityResolver resolver() {
      return MutualTlsIdentityResolver.builder(registry)
          .mapping(CertificateMapping.fingerprints(Map.of(
              MutualTlsIdentityResolver.fingerprint(billing),
              new ClientProfile("billing-service", "production"))))
          .build();
    }

    @Override
    protected InboundRequest authenticated() {
      return TestRequest.certificate(billing);
    }

    @Override
    protected InboundRequest rejected() {
      return TestRequest.certificate(load("stranger"));
    }
  }

  private static X509Certificate load(String name) {
    try (InputStream in = IdentityResolverContractTest.class.getResourceAsStream(
        "/identity/" + name + ".pem")) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | CertificateException e) {
      throw new IllegalStateException(e);
    }
  }
}
