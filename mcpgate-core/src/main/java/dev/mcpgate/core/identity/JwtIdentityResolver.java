package dev.mcpgate.core.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.InboundRequest;
import dev.mcpgate.api.McpGateException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates callers by OAuth 2.1 bearer access tokens that are signed JWTs ({@code
 * Authorization: Bearer <jwt>}), verified against the authorization server's JSON Web Key Set.
 *
 * <p>A token is accepted only if all of these hold:
 *
 * <ul>
 *   <li>it is at most {@value #MAX_TOKEN_CHARS} characters long (checked before parsing) and is a
 *       compact JWS, with a {@code typ} that is absent, {@code JWT} or {@code at+jwt};
 *   <li>its {@code alg} is in the configured allowlist (default {@code RS256}, {@code ES256}):
 *       never {@code none} and never an HMAC algorithm, so that a public key can never be misused
 *       as a shared secret;
 *   <li>its signature verifies with a key of the configured key set, chosen by {@code kid}; the
 *       {@code jku}, {@code x5u}, {@code jwk} and {@code x5c} headers are ignored, so a token can
 *       never name its own key;
 *   <li>{@code iss} equals the configured issuer, {@code aud} contains the configured audience
 *       (this resource's URI, RFC 8707), so a token minted for another API is refused;
 *   <li>{@code exp} is present and not past, {@code nbf} (if present) is not in the future, each
 *       within the clock skew (default 60 seconds).
 * </ul>
 *
 * <p>What each request gets: no {@code Authorization: Bearer} header (none at all, or another
 * scheme such as {@code Basic} or {@code ApiKey}) → {@link IdentityResult.Unauthenticated} with the
 * required scopes; a bearer token that fails any check above, or that the {@linkplain
 * Builder#revocation revocation hook} reports revoked → {@link IdentityResult.Rejected} with {@code
 * insufficientScope = false} and a short reason that never contains the token; a valid token
 * lacking a {@linkplain Builder#requiredScopes required scope} → {@link IdentityResult.Rejected}
 * with {@code insufficientScope = true}. Because a request without a bearer token is merely
 * unauthenticated, {@link IdentityResolver#firstOf} goes on to the next resolver (an API-key
 * resolver, say); a bad bearer token is rejected and ends the chain.
 *
 * <p>Verified tokens are cached, keyed by the SHA-256 of the token (never the token), for no longer
 * than the token's {@code exp} (plus the skew) and the {@linkplain Builder#cacheMaximumAge maximum
 * age}; a cached check skips parsing and signature verification. The revocation hook and the scope
 * check run on every request, cached or not.
 *
 * <p>A key set that cannot be obtained at all (the JWKS URL has never answered) is a broken
 * dependency, not a bad token: {@link #resolve} throws a {@link McpGateException}.
 *
 * <p>Instances are immutable apart from their cache, and thread-safe.
 */
public final class JwtIdentityResolver implements IdentityResolver {

  /** The longest bearer token accepted, in characters; longer ones are refused unparsed. */
  public static final int MAX_TOKEN_CHARS = 8 * 1024;

  /** The largest clock skew {@link Builder#clockSkew(Duration)} accepts. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /** The algorithms {@link Builder#algorithms(Set)} accepts: asymmetric signatures only. */
  public static final Set<String> SUPPORTED_ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  private final Set<JWSAlgorithm> algorithms;
  private final DefaultJWTProcessor<SecurityContext> processor;
  private final String issuer;
  private final String audience;
  private final long skewMillis;
  private final Clock clock;
  private final Set<String> requiredScopes;
  private final Predicate<CallerContext> revocation;
  private final ClaimMapping mapping;
  private final @Nullable Cache<TokenKey, Verified> cache;
  private final IdentityResult unauthenticated;

  private JwtIdentityResolver(Builder builder, JWKSource<SecurityContext> keys) {
    this.algorithms = new LinkedHashSet<>();
    builder.algorithms.forEach(name -> algorithms.add(JWSAlgorithm.parse(name)));
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.copyOf(algorithms), keys));
    // typ and the claims are checked here, so that each failure gets its own short reason.
    processor.setJWSTypeVerifier((type, context) -> {});
    processor.setJWTClaimsSetVerifier((claims, context) -> {});
    this.issuer = Objects.requireNonNull(builder.issuer);
    this.audience = Objects.requireNonNull(builder.audience);
    this.skewMillis = builder.clockSkew.toMillis();
    this.clock = builder.clock;
    this.requiredScopes = Set.copyOf(builder.requiredScopes);
    this.revocation = builder.revocation;
    this.mapping = new ClaimMapping(builder);
    this.unauthenticated = new IdentityResult.Unauthenticated(requiredScopes);
    if (builder.cacheMaximumSize == 0) {
      this.cache = null;
    } else {
      long maximumAgeNanos = builder.cacheMaximumAge.toNanos();
      this.cache =
          Caffeine.newBuilder()
              .maximumSize(builder.cacheMaximumSize)
              .expireAfter(new UntilTokenExpiry(clock, maximumAgeNanos))
              .build();
    }
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public IdentityResult resolve(InboundRequest request) {
    String token = null;
    List<String> authorizations = request.headers("Authorization");
    if (authorizations.size() > 1) {
      // Two credentials, whatever their schemes: neither is taken.
      return rejected("more than one Authorization header");
    }
    if (!authorizations.isEmpty()) {
      String value = authorizations.get(0);
      if (value.regionMatches(true, 0, "Bearer", 0, 6)
          && (value.length() == 6 || value.charAt(6) == ' ')) {
        token = value.substring(6).strip();
      }
    }
    if (token == null) {
      return unauthenticated;
    }
    if (token.isEmpty()) {
      return rejected("empty bearer token");
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      return rejected("token too large");
    }
    CallerContext caller;
    if (cache == null) {
      Object outcome = verify(token);
      if (outcome instanceof IdentityResult result) {
        return result;
      }
      caller = ((Verified) outcome).caller();
    } else {
      TokenKey key = TokenKey.of(token);
      Verified verified = cache.getIfPresent(key);
      if (verified != null && clock.millis() > verified.validUntilMillis()) {
        cache.invalidate(key);
        return rejected("token expired");
      }
      if (verified == null) {
        Object outcome = verify(token);
        if (outcome instanceof IdentityResult result) {
          return result;
        }
        verified = (Verified) outcome;
        cache.put(key, verified);
      }
      caller = verified.caller();
    }
    if (revocation.test(caller)) {
      return rejected("token revoked");
    }
    if (!caller.scopes().containsAll(requiredScopes)) {
      return new IdentityResult.Rejected(true, "insufficient scope", requiredScopes);
    }
    return new IdentityResult.Authenticated(caller);
  }

  /**
   * Empties the verified-token cache: every token is verified again on its next use. Call it after
   * rotating away a compromised signing key.
   */
  public void invalidateAll() {
    if (cache != null) {
      cache.invalidateAll();
    }
  }

  /** Returns a {@link Verified} or the {@link IdentityResult} that refuses the token. */
  private Object verify(String token) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
      // Parsed here so that a payload that is not a JSON object reads as malformed.
      jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return rejected("malformed token");
    }
    JWSHeader header = jwt.getHeader();
    if (!algorithms.contains(header.getAlgorithm())) {
      return rejected("signing algorithm not accepted");
    }
    if (!acceptedType(header.getType())) {
      return rejected("token type not accepted");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(jwt, null);
    } catch (BadJWSException e) {
      return rejected("invalid signature");
    } catch (BadJOSEException e) {
      return rejected("no matching signing key");
    } catch (RateLimitReachedException e) {
      // An unknown kid within the refetch rate limit: the key set was just refreshed.
      return rejected("no matching signing key");
    } catch (KeySourceException e) {
      throw new McpGateException(
          McpGateException.ErrorCode.INTERNAL_ERROR, "JWT signing keys unavailable", e);
    } catch (JOSEException e) {
      return rejected("invalid signature");
    }
    Date expiry = claims.getExpirationTime();
    if (expiry == null) {
      return rejected("token has no expiry");
    }
    long now = clock.millis();
    if (now > expiry.getTime() + skewMillis) {
      return rejected("token expired");
    }
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null && now + skewMillis < notBefore.getTime()) {
      return rejected("token not yet valid");
    }
    if (!issuer.equals(claims.getIssuer())) {
      return rejected("wrong issuer");
    }
    List<String> audiences = claims.getAudience();
    if (!audiences.contains(audience)) {
      return rejected("token not issued for this resource");
    }
    return new Verified(mapping.caller(claims), expiry.getTime() + skewMillis);
  }

  private static boolean acceptedType(@Nullable JOSEObjectType type) {
    if (type == null) {
      return true;
    }
    // RFC 9068 section 4: "at+jwt" and "application/at+jwt" name the same type, in any case.
    String name = type.getType().toLowerCase(Locale.ROOT);
    if (name.startsWith("application/")) {
      name = name.substring("application/".length());
    }
    return name.equals("jwt") || name.equals("at+jwt");
  }

  private IdentityResult rejected(String reason) {
    return new IdentityResult.Rejected(false, reason, requiredScopes);
  }

  /** A verified token's caller and the instant, in epoch millis, after which it is expired. */
  private record Verified(CallerContext caller, long validUntilMillis) {}

  /** The SHA-256 of a token: the cache never holds the token itself. */
  private record TokenKey(long a, long b, long c, long d) {
    static TokenKey of(String token) {
      ByteBuffer digest = ByteBuffer.wrap(KeyFormat.hash(token));
      return new TokenKey(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
    }
  }

  /** Keeps an entry no longer than its token is valid, nor than the maximum age. */
  private static final class UntilTokenExpiry implements Expiry<TokenKey, Verified> {
    private final Clock clock;
    private final long maximumAgeNanos;

    UntilTokenExpiry(Clock clock, long maximumAgeNanos) {
      this.clock = clock;
      this.maximumAgeNanos = maximumAgeNanos;
    }

    @Override
    public long expireAfterCreate(TokenKey key, Verified value, long currentTime) {
      long remaining = Duration.ofMillis(value.validUntilMillis() - clock.millis()).toNanos();
      return Math.max(0, Math.min(remaining, maximumAgeNanos));
    }

    @Override
    public long expireAfterUpdate(
        TokenKey key, Verified value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(
        TokenKey key, Verified value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  /** Turns verified claims into a caller context, as the builder configured. */
  private static final class ClaimMapping {
    private final String subject;
    private final List<String> clientId;
    private final @Nullable String agent;
    private final @Nullable String workload;
    private final @Nullable String tenant;
    private final @Nullable String environment;
    private final @Nullable String surface;
    private final List<String> scopes;
    private final List<String> roles;
    private final Map<String, String> attributes;

    ClaimMapping(Builder builder) {
      this.subject = builder.subjectClaim;
      this.clientId = List.copyOf(builder.clientIdClaims);
      this.agent = builder.agentClaim;
      this.workload = builder.workloadClaim;
      this.tenant = builder.tenantClaim;
      this.environment = builder.environmentClaim;
      this.surface = builder.surfaceClaim;
      this.scopes = List.copyOf(builder.scopeClaims);
      this.roles = List.copyOf(builder.roleClaims);
      this.attributes = Map.copyOf(builder.attributeClaims);
    }

    CallerContext caller(JWTClaimsSet claims) {
      Map<String, Object> all = claims.getClaims();
      String client = null;
      for (int i = 0; client == null && i < clientId.size(); i++) {
        client = text(all, clientId.get(i));
      }
      String surfaceValue = text(all, surface);
      CallerContext.Builder caller =
          CallerContext.builder()
              .subject(text(all, subject))
              .clientId(client)
              .agent(text(all, agent))
              .workload(text(all, workload))
              .tenant(text(all, tenant))
              .environment(text(all, environment))
              .surface(surfaceValue == null || surfaceValue.isBlank() ? "mcp" : surfaceValue)
              .authMethod("bearer")
              .tokenId(claims.getJWTID());
      for (String claim : scopes) {
        caller.scopes(strings(claim(all, claim)));
      }
      for (String claim : roles) {
        caller.scopes(strings(claim(all, claim)));
      }
      attributes.forEach(
          (attribute, claim) -> {
            String value = text(all, claim);
            if (value != null) {
              caller.attribute(attribute, value);
            }
          });
      return caller.build();
    }

    /**
     * A claim by name, or else by a dotted path into nested objects ({@code realm_access.roles}):
     * names that contain dots themselves (URI-named claims) still work.
     */
    private static @Nullable Object claim(Map<String, Object> claims, @Nullable String name) {
      if (name == null) {
        return null;
      }
      Object value = claims.get(name);
      if (value != null || name.indexOf('.') < 0) {
        return value;
      }
      Object node = claims;
      for (String part : name.split("\\.", -1)) {
        if (!(node instanceof Map<?, ?> map)) {
          return null;
        }
        node = map.get(part);
      }
      return node;
    }

    private static @Nullable String text(Map<String, Object> claims, @Nullable String name) {
      Object value = claim(claims, name);
      return value instanceof String || value instanceof Number || value instanceof Boolean
          ? value.toString()
          : null;
    }

    /** A space-separated string ({@code scope}) or an array of strings ({@code scp}, roles). */
    private static List<String> strings(@Nullable Object value) {
      List<String> out = new ArrayList<>();
      if (value instanceof String s) {
        for (String part : s.split(" ")) {
          if (!part.isEmpty()) {
            out.add(part);
          }
        }
      } else if (value instanceof Collection<?> values) {
        for (Object element : values) {
          if (element instanceof String s && !s.isBlank()) {
            out.add(s);
          }
        }
      }
      return out;
    }
  }

  /**
   * Builds a {@link JwtIdentityResolver}. Exactly one key source ({@link #jwksUrl}, {@link #jwkSet}
   * or {@link #jwkSource}), the {@link #issuer} and the {@link #audience} are required. Not
   * thread-safe.
   */
  public static final class Builder {
    private @Nullable URI jwksUrl;
    private @Nullable JWKSource<SecurityContext> jwkSource;
    private int keySources;
    private @Nullable String issuer;
    private @Nullable String audience;
    private Set<String> algorithms = Set.of("RS256", "ES256");
    private Duration clockSkew = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();
    private String subjectClaim = "sub";
    private List<String> clientIdClaims = List.of("client_id", "azp");
    private @Nullable String agentClaim;
    private @Nullable String workloadClaim;
    private @Nullable String tenantClaim;
    private @Nullable String environmentClaim;
    private @Nullable String surfaceClaim;
    private List<String> scopeClaims = List.of("scope", "scp");
    private List<String> roleClaims = List.of();
    private final Map<String, String> attributeClaims = new LinkedHashMap<>();
    private Set<String> requiredScopes = Set.of();
    private Predicate<CallerContext> revocation = caller -> false;
    private long cacheMaximumSize = 10_000;
    private Duration cacheMaximumAge = Duration.ofMinutes(5);

    private Builder() {}

    /**
     * Fetches the signing keys from a JWKS URL (the authorization server's {@code jwks_uri}). The
     * key set is cached for five minutes; a token with an unknown {@code kid} triggers a refetch,
     * at most one per 30 seconds, so that a key rotation is picked up at once and a flood of
     * made-up key ids cannot hammer the server; a failed refetch is retried once and, while the
     * server is down, the last key set keeps being used.
     *
     * @param jwksUrl an {@code https} URL ({@code http} only for a loopback host)
     * @return this builder
     * @throws IllegalArgumentException if the URL is not absolute {@code https}, or {@code http} on
     *     a host other than {@code localhost}, {@code 127.0.0.1} or {@code [::1]}
     */
    public Builder jwksUrl(URI jwksUrl) {
      String scheme = String.valueOf(jwksUrl.getScheme()).toLowerCase(Locale.ROOT);
      String host = String.valueOf(jwksUrl.getHost());
      boolean loopback =
          host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
      if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
        throw new IllegalArgumentException(
            "jwksUrl must be an https URL (http only for a loopback host): " + jwksUrl);
      }
      this.jwksUrl = jwksUrl;
      this.jwkSource = null;
      keySources++;
      return this;
    }

    /**
     * Verifies with a fixed key set: for keys configured by hand and for tests.
     *
     * @param jwkSet the public keys
     * @return this builder
     */
    public Builder jwkSet(JWKSet jwkSet) {
      this.jwkSource = new ImmutableJWKSet<>(jwkSet.toPublicJWKSet());
      this.jwksUrl = null;
      keySources++;
      return this;
    }

    /**
     * Verifies with keys from any nimbus {@link JWKSource}, such as one built with {@link
     * JWKSourceBuilder} and settings of its own.
     *
     * @param jwkSource the key source
     * @return this builder
     */
    public Builder jwkSource(JWKSource<SecurityContext> jwkSource) {
      this.jwkSource = Objects.requireNonNull(jwkSource, "jwkSource");
      this.jwksUrl = null;
      keySources++;
      return this;
    }

    /**
     * Sets the issuer tokens must name in {@code iss}, compared exactly.
     *
     * @param issuer the authorization server's issuer identifier
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder issuer(String issuer) {
      this.issuer = nonBlank(issuer, "issuer");
      return this;
    }

    /**
     * Sets the audience tokens must contain in {@code aud}: this resource's URI (RFC 8707), as
     * advertised in its protected-resource metadata.
     *
     * @param audience the resource identifier, compared exactly
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder audience(String audience) {
      this.audience = nonBlank(audience, "audience");
      return this;
    }

    /**
     * Sets the accepted signature algorithms; the default is {@code RS256} and {@code ES256}.
     *
     * @param algorithms JOSE names among {@link #SUPPORTED_ALGORITHMS}
     * @return this builder
     * @throws IllegalArgumentException if empty, or if one is not supported (such as {@code none}
     *     or {@code HS256})
     */
    public Builder algorithms(Set<String> algorithms) {
      if (algorithms.isEmpty()) {
        throw new IllegalArgumentException("algorithms must not be empty");
      }
      for (String algorithm : algorithms) {
        if (!SUPPORTED_ALGORITHMS.contains(algorithm)) {
          throw new IllegalArgumentException(
              "algorithm " + algorithm + " is not supported; use one of " + SUPPORTED_ALGORITHMS);
        }
      }
      this.algorithms = Set.copyOf(algorithms);
      return this;
    }

    /**
     * Sets how far {@code exp} and {@code nbf} may be off from this clock; default 60 seconds.
     *
     * @param clockSkew between zero and {@link #MAX_CLOCK_SKEW}
     * @return this builder
     * @throws IllegalArgumentException if negative or above five minutes
     */
    public Builder clockSkew(Duration clockSkew) {
      if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
        throw new IllegalArgumentException("clockSkew must be between 0 and 5 minutes");
      }
      this.clockSkew = clockSkew;
      return this;
    }

    /**
     * Sets the clock that {@code exp} and {@code nbf} are checked against; default UTC system.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the claim that names the end user; default {@code sub}. Every claim name here and below
     * may be a dotted path into nested objects, such as {@code realm_access.roles}.
     *
     * @param claim the claim's name
     * @return this builder
     */
    public Builder subjectClaim(String claim) {
      this.subjectClaim = nonBlank(claim, "subjectClaim");
      return this;
    }

    /**
     * Sets the claims that give the client id, the first present wins; default {@code client_id},
     * then {@code azp}.
     *
     * @param claims the claims' names, in order
     * @return this builder
     */
    public Builder clientIdClaims(String... claims) {
      this.clientIdClaims = List.of(claims);
      return this;
    }

    /**
     * Sets the claim that names the AI agent; none by default.
     *
     * @param claim the claim's name
     * @return this builder
     */
    public Builder agentClaim(String claim) {
      this.agentClaim = nonBlank(claim, "agentClaim");
      return this;
    }

    /**
     * Sets the claim that names the workload; none by default.
     *
     * @param claim the claim's name
     * @return this builder
     */
    public Builder workloadClaim(String claim) {
      this.workloadClaim = nonBlank(claim, "workloadClaim");
      return this;
    }

    /**
     * Sets the claim that names the tenant; none by default.
     *
     * @param claim the claim's name
     * @return this builder
     */
    public Builder tenantClaim(String claim) {
      this.tenantClaim = nonBlank(claim, "tenantClaim");
      return this;
    }

    /**
     * Sets the claim that names the environment or profile; none by default.
     *
     * @param claim the claim's name
     * @return this builder
     */
    public Builder environmentClaim(String claim) {
      this.environmentClaim = nonBlank(claim, "environmentClaim");
      return this;
    }

    /**
     * Sets the claim that names the surface; none by default, and the surface is {@code mcp} when
     * the claim is unset or absent.
     *
     * @param claim the claim's name
     * @return this builder
     */
    public Builder surfaceClaim(String claim) {
      this.surfaceClaim = nonBlank(claim, "surfaceClaim");
      return this;
    }

    /**
     * Sets the claims that hold scopes, each a space-separated string or an array of strings;
     * default {@code scope} and {@code scp}.
     *
     * @param claims the claims' names
     * @return this builder
     */
    public Builder scopeClaims(String... claims) {
      this.scopeClaims = List.of(claims);
      return this;
    }

    /**
     * Sets the claims that hold roles, added to the caller's scopes; none by default.
     *
     * @param claims the claims' names, such as {@code roles} or {@code realm_access.roles}
     * @return this builder
     */
    public Builder roleClaims(String... claims) {
      this.roleClaims = List.of(claims);
      return this;
    }

    /**
     * Copies a claim into the caller's {@linkplain CallerContext#attributes() attributes}, when the
     * token has it as a string, number or boolean.
     *
     * @param attribute the attribute's name
     * @param claim the claim's name
     * @return this builder
     */
    public Builder attributeClaim(String attribute, String claim) {
      attributeClaims.put(nonBlank(attribute, "attribute"), nonBlank(claim, "claim"));
      return this;
    }

    /**
     * Sets the scopes every token must carry; a valid token without all of them is answered {@code
     * insufficient_scope}. They are also advertised in challenges. None by default.
     *
     * @param scopes the required scopes
     * @return this builder
     */
    public Builder requiredScopes(Set<String> scopes) {
      this.requiredScopes = Set.copyOf(scopes);
      return this;
    }

    /**
     * Sets the revocation hook, asked on every request, cached or not: true means the caller's
     * token (or client, or user) is revoked and the request is rejected. It must be fast and
     * thread-safe; an exception it throws propagates. By default nothing is revoked.
     *
     * @param revoked true if the caller must lose access
     * @return this builder
     */
    public Builder revocation(Predicate<CallerContext> revoked) {
      this.revocation = Objects.requireNonNull(revoked, "revoked");
      return this;
    }

    /**
     * Sets how many verified tokens are cached; default 10,000. Zero disables the cache.
     *
     * @param maximumSize zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder cacheMaximumSize(long maximumSize) {
      if (maximumSize < 0) {
        throw new IllegalArgumentException("cacheMaximumSize must not be negative");
      }
      this.cacheMaximumSize = maximumSize;
      return this;
    }

    /**
     * Sets how long a verified token stays cached at most, even if it expires later; default five
     * minutes. It bounds how long a token signed by a key since removed from the key set keeps
     * working (see also {@link JwtIdentityResolver#invalidateAll()}).
     *
     * @param maximumAge positive
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder cacheMaximumAge(Duration maximumAge) {
      if (maximumAge.isNegative() || maximumAge.isZero()) {
        throw new IllegalArgumentException("cacheMaximumAge must be positive");
      }
      this.cacheMaximumAge = maximumAge;
      return this;
    }

    /**
     * Builds the resolver.
     *
     * @return the resolver
     * @throws IllegalArgumentException if not exactly one key source was set, or the issuer or the
     *     audience is missing
     */
    public JwtIdentityResolver build() {
      if (keySources != 1) {
        throw new IllegalArgumentException("set exactly one of jwksUrl, jwkSet or jwkSource");
      }
      if (issuer == null) {
        throw new IllegalArgumentException("issuer is required");
      }
      if (audience == null) {
        throw new IllegalArgumentException("audience (this resource's URI) is required");
      }
      JWKSource<SecurityContext> keys = jwkSource;
      if (jwksUrl != null) {
        try {
          keys =
              JWKSourceBuilder.<SecurityContext>create(jwksUrl.toURL())
                  .retrying(true)
                  .outageTolerant(true)
                  .build();
        } catch (MalformedURLException e) {
          throw new IllegalArgumentException("jwksUrl is not a URL: " + jwksUrl, e);
        }
      }
      return new JwtIdentityResolver(this, Objects.requireNonNull(keys));
    }

    private static String nonBlank(String value, String name) {
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }
  }
}
