package dev.mcpgate.core.identity;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.InboundRequest;
import dev.mcpgate.core.internal.Hashing;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates callers by the client certificate of a mutually authenticated TLS connection
 * ({@link InboundRequest#clientCertificates()}), mapped to a client and profile of a {@link
 * ClientRegistry} by a {@link CertificateMapping}.
 *
 * <p>The container (or the TLS-terminating proxy in front of it) has already verified the chain
 * against its trust store; this resolver decides whose certificate it is, checks that it is
 * within its validity period now (a connection can outlive its certificate), and that the
 * registry has not revoked the client or the profile. An authenticated caller gets the client's
 * id, tenant, scopes and attributes, the profile as its environment, the certificate's subject
 * (RFC 2253) as its workload, its SHA-256 fingerprint as its token id, auth method {@value
 * #AUTH_METHOD} and the configured surface.
 *
 * <ul>
 *   <li>No client certificate: {@link IdentityResult.Unauthenticated}, so that {@link
 *       IdentityResolver#firstOf(List)} tries the next resolver.
 *   <li>A certificate that is not mapped, mapped to a client the registry does not know, to a
 *       revoked client or profile, or outside its validity period: {@link
 *       IdentityResult.Rejected} {@code (false, "client certificate not accepted")}.
 * </ul>
 *
 * <p>Nothing is cached: a revocation in the registry takes effect on the very next request.
 * Immutable and thread-safe.
 */
public final class MutualTlsIdentityResolver implements IdentityResolver {

  /** The {@link CallerContext#authMethod()} of callers this resolver authenticates. */
  public static final String AUTH_METHOD = "mtls";

  private static final IdentityResult NOT_ACCEPTED =
      IdentityResult.invalid("client certificate not accepted");
  private static final HexFormat HEX = HexFormat.of();

  private final ClientRegistry registry;
  private final CertificateMapping mapping;
  private final String surface;
  private final Clock clock;

  private MutualTlsIdentityResolver(Builder builder, CertificateMapping mapping) {
    this.registry = builder.registry;
    this.mapping = mapping;
    this.surface = builder.surface;
    this.clock = builder.clock;
  }

  /**
   * A builder.
   *
   * @param registry the clients certificates are mapped to
   * @return a new builder
   */
  public static Builder builder(ClientRegistry registry) {
    return new Builder(registry);
  }

  @Override
  public IdentityResult resolve(InboundRequest request) {
    List<X509Certificate> chain = request.clientCertificates();
    if (chain.isEmpty()) {
      return IdentityResult.unauthenticated();
    }
    X509Certificate leaf = chain.get(0);
    try {
      leaf.checkValidity(Date.from(clock.instant()));
    } catch (CertificateException e) {
      return NOT_ACCEPTED;
    }
    String fingerprint = fingerprint(leaf);
    Optional<ClientProfile> mapped = mapping.map(leaf, fingerprint);
    if (mapped.isEmpty()) {
      return NOT_ACCEPTED;
    }
    ClientProfile target = mapped.get();
    Client client = registry.admitted(target.clientId(), target.profile());
    if (client == null) {
      return NOT_ACCEPTED;
    }
    return new IdentityResult.Authenticated(new CallerContext(
        null,
        null,
        leaf.getSubjectX500Principal().getName(),
        client.id(),
        surface,
        client.tenant(),
        target.profile(),
        client.scopes(),
        AUTH_METHOD,
        fingerprint,
        client.attributes()));
  }

  /**
   * The SHA-256 fingerprint of a certificate, as {@link CertificateMapping} receives it.
   *
   * @param certificate the certificate
   * @return SHA-256 of its DER encoding, 64 lower-case hex digits
   * @throws IllegalArgumentException if the certificate cannot be encoded
   */
  public static String fingerprint(X509Certificate certificate) {
    try {
      return HEX.formatHex(Hashing.sha256(certificate.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("the certificate cannot be encoded", e);
    }
  }

  @Override
  public String toString() {
    return "MutualTlsIdentityResolver[surface=" + surface + ", " + registry + "]";
  }

  /** Builds a {@link MutualTlsIdentityResolver}. Not thread-safe. */
  public static final class Builder {
    private final ClientRegistry registry;
    private CertificateMapping mapping = (leaf, fingerprint) -> Optional.empty();
    private boolean mapped;
    private String surface = "mcp";
    private Clock clock = Clock.systemUTC();

    private Builder(ClientRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Adds a mapping from certificates to clients; mappings added earlier are asked first.
     *
     * @param mapping such as {@link CertificateMapping#fingerprints(java.util.Map)}
     * @return this builder
     */
    public Builder mapping(CertificateMapping mapping) {
      Objects.requireNonNull(mapping, "mapping");
      this.mapping = mapped ? this.mapping.orElse(mapping) : mapping;
      mapped = true;
      return this;
    }

    /**
     * Sets the surface authenticated callers are given.
     *
     * @param surface such as {@code mcp} (the default) or {@code rest}
     * @return this builder
     */
    public Builder surface(String surface) {
      this.surface = Objects.requireNonNull(surface, "surface");
      return this;
    }

    /**
     * Sets the clock the certificate's validity period is checked against.
     *
     * @param clock the clock; the system's by default
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the resolver.
     *
     * @return the resolver
     * @throws IllegalArgumentException if no mapping was added or the surface is blank
     */
    public MutualTlsIdentityResolver build() {
      if (!mapped) {
        throw new IllegalArgumentException(
            "add a certificate mapping (mapping(...)): without one no certificate is accepted");
      }
      if (surface.isBlank()) {
        throw new IllegalArgumentException("the surface must not be blank");
      }
      return new MutualTlsIdentityResolver(this, mapping);
    }
  }
}
