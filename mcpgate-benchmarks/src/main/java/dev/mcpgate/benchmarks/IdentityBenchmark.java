package dev.mcpgate.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.InboundRequest;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.identity.JwtIdentityResolver;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.core.policy.RulePolicyEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of {@link JwtIdentityResolver#resolve} for a request with {@code Authorization: Bearer
 * <jwt>} (a typical access token of about 600 characters, static key set): with the verified-token
 * cache disabled, so that every call parses the token, verifies its RS256 or ES256 signature,
 * checks the claims and maps them; and with the cache, as every request after a token's first is
 * resolved.
 *
 * <p>Goals: uncached RS256 p50 at most 60 µs; cached well under the 3 µs that identity and policy
 * together may cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class IdentityBenchmark {

  private static final String ISSUER = "https://auth.example.com";
  private static final String AUDIENCE = "https://api.example.com/mcp";

  private JwtIdentityResolver uncached;
  private JwtIdentityResolver cached;
  private InboundRequest rs256;
  private InboundRequest es256;
  private RulePolicyEngine policy;
  private ToolDefinition tool;
  private Map<String, Object> arguments;

  /** Mints keys and tokens once per fork and checks that every measured call authenticates. */
  @Setup(Level.Trial)
  public void setUp() throws JOSEException {
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    JWKSet keys = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()));
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject("alice@example.com")
            .claim("client_id", "partner-a")
            .claim("scope", "tools:read tools:call")
            .claim("tenant", "acme")
            .jwtID("5b0f3a1e-7c55-4a7e-9a55-0e6f1c2d3b4a")
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plus(Duration.ofDays(1))))
            .build();
    rs256 =
        BearerRequest.of(
            sign(
                new SignedJWT(header(JWSAlgorithm.RS256, "rsa-1"), claims), new RSASSASigner(rsa)));
    es256 =
        BearerRequest.of(
            sign(new SignedJWT(header(JWSAlgorithm.ES256, "ec-1"), claims), new ECDSASigner(ec)));
    JwtIdentityResolver.Builder builder =
        JwtIdentityResolver.builder()
            .jwkSet(keys)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .tenantClaim("tenant")
            .requiredScopes(Set.of("tools:call"));
    uncached = builder.cacheMaximumSize(0).build();
    cached = builder.cacheMaximumSize(10_000).build();
    // The 200 rules of PolicyListBenchmark, plus the one that lets this token's caller in.
    List<PolicyRule> rules = new ArrayList<>(PolicyListBenchmark.rules());
    rules.add(PolicyRule.allow("acme-tickets").tenants("acme").anyScope("tools:call")
        .tags("tickets").build());
    policy = RulePolicyEngine.of(rules);
    tool = SampleTools.apiTools(5_000).stream()
        .filter(candidate -> candidate.name().startsWith("tickets_get_"))
        .findFirst().orElseThrow();
    arguments = Map.of("id", "T-1001");
    if (!(identityAndPolicy() instanceof PolicyDecision.Allow)) {
      throw new IllegalStateException("the caller should be allowed");
    }
    for (JwtIdentityResolver resolver : List.of(uncached, cached)) {
      for (InboundRequest request : List.of(rs256, es256)) {
        IdentityResult result = resolver.resolve(request);
        if (!(result instanceof IdentityResult.Authenticated)) {
          throw new IllegalStateException("the token does not authenticate: " + result);
        }
      }
    }
  }

  /**
   * Parse, verify (RS256, 2048-bit key), check and map one token.
   *
   * @return the outcome
   */
  @Benchmark
  public IdentityResult uncachedRs256() {
    return uncached.resolve(rs256);
  }

  /**
   * Parse, verify (ES256, P-256), check and map one token.
   *
   * @return the outcome
   */
  @Benchmark
  public IdentityResult uncachedEs256() {
    return uncached.resolve(es256);
  }

  /**
   * Resolve a token verified before: hash it, find it in the cache, ask the revocation hook, check
   * the required scopes.
   *
   * @return the outcome
   */
  @Benchmark
  public IdentityResult cachedRs256() {
    return cached.resolve(rs256);
  }

  /**
   * What a {@code tools/call} costs before its handler: the caller from a cached token, then the
   * policy's two decisions (as a listing, so a hidden tool answers as unknown, then with the
   * arguments) under a 201-rule {@link RulePolicyEngine}. Goal: p50 at most 3 µs.
   *
   * @return the call's decision
   */
  @Benchmark
  public PolicyDecision identityAndPolicy() {
    CallerContext caller = ((IdentityResult.Authenticated) cached.resolve(rs256)).caller();
    PolicyDecision listing = policy.decide(PolicyRequest.forListing(caller, tool));
    return listing.allowed() ? policy.decide(new PolicyRequest(caller, tool, arguments)) : listing;
  }

  private static JWSHeader header(JWSAlgorithm algorithm, String kid) {
    return new JWSHeader.Builder(algorithm).keyID(kid).build();
  }

  private static String sign(SignedJWT jwt, com.nimbusds.jose.JWSSigner signer)
      throws JOSEException {
    jwt.sign(signer);
    return jwt.serialize();
  }
}
