package dev.mcpgate.core.identity;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.InboundRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates callers by the API keys of a {@link ClientRegistry}, presented as {@code
 * Authorization: Bearer <key>} or in a header of their own (default {@value #DEFAULT_HEADER}).
 *
 * <p>An authenticated caller gets the key's client id, tenant, scopes and attributes, the key's
 * profile as its environment, auth method {@value #AUTH_METHOD}, the key's id (never the key) as
 * its token id, and the configured surface.
 *
 * <h2>Outcomes</h2>
 *
 * <ul>
 *   <li>No key: {@link IdentityResult.Unauthenticated}, so that {@link
 *       IdentityResolver#firstOf(List)} tries the next resolver. A bearer token that is not
 *       shaped like an mcpgate key ({@code mgk_...}), such as a JWT, counts as no key, for the
 *       same reason.
 *   <li>A key that is unknown, revoked (itself, its profile or its client), malformed, or sent
 *       twice in the key header; when bearer keys are read, two {@code Authorization} headers,
 *       whatever their scheme, or an {@code Authorization} header and a key header that do not
 *       carry the same key: {@link
 *       IdentityResult.Rejected} {@code (false, "invalid API key")}, one description for all of
 *       them. A request carrying two credentials is ambiguous, and is never read as the first.
 * </ul>
 *
 * <h2>Lookup and comparison</h2>
 *
 * <p>The key's non-secret id finds the stored hash in O(1). The presented key is then hashed
 * (SHA-256, fixed 32-byte output) and compared with the stored hash by {@link
 * MessageDigest#isEqual}, which takes the same time wherever the digests differ. When the id is
 * unknown the hash is still computed and compared, with a decoy, so the work done does not
 * depend on which part of the key is wrong. Nothing is cached: a revocation takes effect on the
 * very next request.
 *
 * <p>Immutable and thread-safe.
 */
public final class ApiKeyIdentityResolver implements IdentityResolver {

  /** The header read for a key, unless configured otherwise. */
  public static final String DEFAULT_HEADER = "X-Api-Key";

  /** The {@link CallerContext#authMethod()} of callers this resolver authenticates. */
  public static final String AUTH_METHOD = "apiKey";

  /** The one description of every rejected key. */
  static final String INVALID_DESCRIPTION = "invalid API key";

  private static final IdentityResult INVALID = IdentityResult.invalid(INVALID_DESCRIPTION);
  private static final byte[] DECOY = new byte[KeyFormat.HASH_BYTES];

  static {
    new SecureRandom().nextBytes(DECOY);
  }

  private final ClientRegistry registry;
  private final String header;
  private final boolean bearer;
  private final String surface;
  private final BiPredicate<byte[], byte[]> equalDigests;

  private ApiKeyIdentityResolver(Builder builder, BiPredicate<byte[], byte[]> equalDigests) {
    this.registry = builder.registry;
    this.header = builder.header;
    this.bearer = builder.bearer;
    this.surface = builder.surface;
    this.equalDigests = equalDigests;
  }

  /**
   * A resolver with the defaults: bearer tokens and the {@value #DEFAULT_HEADER} header, surface
   * {@code mcp}.
   *
   * @param registry the clients and their keys
   * @return the resolver
   */
  public static ApiKeyIdentityResolver of(ClientRegistry registry) {
    return builder(registry).build();
  }

  /**
   * A builder.
   *
   * @param registry the clients and their keys
   * @return a new builder with the defaults of {@link #of(ClientRegistry)}
   */
  public static Builder builder(ClientRegistry registry) {
    return new Builder(registry);
  }

  @Override
  public IdentityResult resolve(InboundRequest request) {
    List<String> authorizations = request.headers("Authorization");
    if (bearer && authorizations.size() > 1) {
      return INVALID;
    }
    List<String> values = request.headers(header);
    if (values.size() > 1) {
      return INVALID;
    }
    String headerKey = values.isEmpty() ? null : values.get(0).strip();
    String key = bearer ? bearerKey(request) : null;
    if (bearer && headerKey != null && !authorizations.isEmpty()
        && (key == null || !MessageDigest.isEqual(
            key.getBytes(StandardCharsets.UTF_8), headerKey.getBytes(StandardCharsets.UTF_8)))) {
      // Two credentials that disagree: neither is taken.
      return INVALID;
    }
    if (key == null) {
      if (headerKey == null) {
        return IdentityResult.unauthenticated();
      }
      key = headerKey;
    }
    String keyId = KeyFormat.idOf(key);
    if (keyId == null) {
      return INVALID;
    }
    StoredKey stored = registry.storedKey(keyId);
    // Hash and compare on every path, a decoy standing in for an unknown id: the time taken is
    // the same wherever the key is wrong.
    boolean equal = equalDigests.test(stored == null ? DECOY : stored.hash, KeyFormat.hash(key));
    if (stored == null || !equal) {
      return INVALID;
    }
    IssuedKey issued = stored.issued;
    Client client = registry.admitted(issued.clientId(), issued.profile());
    if (client == null) {
      return INVALID;
    }
    return new IdentityResult.Authenticated(new CallerContext(
        null,
        null,
        null,
        client.id(),
        surface,
        client.tenant(),
        issued.profile(),
        client.scopes(),
        AUTH_METHOD,
        issued.keyId(),
        client.attributes()));
  }

  /** The bearer token if it is shaped like an mcpgate key; anything else is another's. */
  private static @Nullable String bearerKey(InboundRequest request) {
    String authorization = request.header("Authorization");
    if (authorization == null) {
      return null;
    }
    String value = authorization.strip();
    if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = value.substring(7).strip();
    return token.startsWith(KeyFormat.PREFIX) ? token : null;
  }

  @Override
  public String toString() {
    return "ApiKeyIdentityResolver[header=" + header + ", bearer=" + bearer + ", surface="
        + surface + ", " + registry + "]";
  }

  /** Builds an {@link ApiKeyIdentityResolver}. Not thread-safe. */
  public static final class Builder {
    private final ClientRegistry registry;
    private String header = DEFAULT_HEADER;
    private boolean bearer = true;
    private String surface = "mcp";

    private Builder(ClientRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Sets the header read for a key when there is no bearer key.
     *
     * @param header a header name, such as {@value #DEFAULT_HEADER}
     * @return this builder
     */
    public Builder header(String header) {
      this.header = Objects.requireNonNull(header, "header");
      return this;
    }

    /**
     * Sets whether {@code Authorization: Bearer mgk_...} is read. On by default.
     *
     * @param bearer false to read the key header only
     * @return this builder
     */
    public Builder bearer(boolean bearer) {
      this.bearer = bearer;
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
     * Builds the resolver.
     *
     * @return the resolver
     * @throws IllegalArgumentException if the header name is blank or not a valid HTTP token, or
     *     the surface blank
     */
    public ApiKeyIdentityResolver build() {
      return build(MessageDigest::isEqual);
    }

    /** Builds with another digest comparison: for tests that watch the comparisons. */
    ApiKeyIdentityResolver build(BiPredicate<byte[], byte[]> equalDigests) {
      if (header.isEmpty() || !header.chars().allMatch(Builder::isTokenChar)) {
        throw new IllegalArgumentException("the API key header must be a header name, such as "
            + DEFAULT_HEADER + "; got '" + header + "'");
      }
      if (surface.isBlank()) {
        throw new IllegalArgumentException("the surface must not be blank");
      }
      return new ApiKeyIdentityResolver(this, Objects.requireNonNull(equalDigests));
    }

    private static boolean isTokenChar(int c) {
      return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
  }
}
