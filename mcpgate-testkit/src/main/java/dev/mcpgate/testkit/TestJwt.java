package dev.mcpgate.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mints signed JSON Web Tokens (compact JWS, RFC 7515/7519) for tests, with a {@link TestKey}:
 * valid tokens for the happy path, and tokens that are wrong in one chosen way (expired, another
 * audience, an unexpected {@code typ}, a header member of the test's choosing) for the rest.
 *
 * <pre>{@code
 * String token = TestJwt.builder()
 *     .issuer("https://auth.example.com")
 *     .audience("https://api.example.com/mcp")
 *     .subject("alice")
 *     .claim("scope", "orders:read")
 *     .issuedAt(now).expiresAt(now.plus(Duration.ofMinutes(10)))
 *     .signWith(key);
 * IdentityResult result = resolver.resolve(TestRequest.bearer(token));
 * }</pre>
 *
 * <p>The header is {@code {"alg":key.algorithm(),"typ":"JWT","kid":key.keyId()}} unless changed;
 * claims are written in the order set, times as seconds since the epoch. A fresh {@code jti} is
 * set unless the test sets one or removes it. The builder is not thread-safe; minting is.
 */
public final class TestJwt {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private TestJwt() {}

  /**
   * A builder with no claims but a fresh {@code jti}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Base64url without padding, as JWS encodes its parts: for hand-made tokens.
   *
   * @param text the text, encoded as UTF-8
   * @return the encoding
   */
  public static String base64Url(String text) {
    return BASE64URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Builds and signs one token. Not thread-safe. */
  public static final class Builder {
    private final Map<String, @Nullable Object> header = new LinkedHashMap<>();
    private final Map<String, @Nullable Object> claims = new LinkedHashMap<>();
    private @Nullable String type = "JWT";
    private @Nullable String keyId;
    private boolean keepKeyId = true;

    private Builder() {
      claims.put("jti", UUID.randomUUID().toString());
    }

    /**
     * Sets {@code iss}.
     *
     * @param issuer the issuer
     * @return this builder
     */
    public Builder issuer(String issuer) {
      return claim("iss", issuer);
    }

    /**
     * Sets {@code aud} to one audience, as a string.
     *
     * @param audience the audience
     * @return this builder
     */
    public Builder audience(String audience) {
      return claim("aud", audience);
    }

    /**
     * Sets {@code aud} to several audiences, as an array.
     *
     * @param audiences the audiences
     * @return this builder
     */
    public Builder audiences(String... audiences) {
      return claim("aud", List.of(audiences));
    }

    /**
     * Sets {@code sub}.
     *
     * @param subject the subject
     * @return this builder
     */
    public Builder subject(String subject) {
      return claim("sub", subject);
    }

    /**
     * Sets {@code iat}.
     *
     * @param time the time, written in whole seconds
     * @return this builder
     */
    public Builder issuedAt(Instant time) {
      return claim("iat", time.getEpochSecond());
    }

    /**
     * Sets {@code nbf}.
     *
     * @param time the time, written in whole seconds
     * @return this builder
     */
    public Builder notBefore(Instant time) {
      return claim("nbf", time.getEpochSecond());
    }

    /**
     * Sets {@code exp}.
     *
     * @param time the time, written in whole seconds
     * @return this builder
     */
    public Builder expiresAt(Instant time) {
      return claim("exp", time.getEpochSecond());
    }

    /**
     * Sets {@code iat} to now and {@code exp} to now plus a lifetime, by the system clock.
     *
     * @param lifetime how long the token is valid; negative for a token already expired
     * @return this builder
     */
    public Builder expiresIn(Duration lifetime) {
      Instant now = Instant.now();
      return issuedAt(now).expiresAt(now.plus(lifetime));
    }

    /**
     * Sets {@code jti}.
     *
     * @param id the token id
     * @return this builder
     */
    public Builder tokenId(String id) {
      return claim("jti", id);
    }

    /**
     * Sets any claim, replacing an earlier value; a value of {@code null} removes the claim.
     *
     * @param name the claim's name
     * @param value a string, number, boolean, list or map (written as JSON), or null
     * @return this builder
     */
    public Builder claim(String name, @Nullable Object value) {
      Objects.requireNonNull(name, "name");
      if (value == null) {
        claims.remove(name);
      } else {
        claims.put(name, value);
      }
      return this;
    }

    /**
     * Sets the header's {@code typ}, such as {@code at+jwt}; null leaves it out.
     *
     * @param type the type, or null
     * @return this builder
     */
    public Builder type(@Nullable String type) {
      this.type = type;
      return this;
    }

    /**
     * Sets the header's {@code kid} instead of the signing key's own; null leaves it out.
     *
     * @param keyId the key id, or null
     * @return this builder
     */
    public Builder keyId(@Nullable String keyId) {
      this.keyId = keyId;
      this.keepKeyId = false;
      return this;
    }

    /**
     * Sets any header member, such as {@code jku} or {@code crit}, replacing what the builder
     * would write; a value of {@code null} removes the member. {@code alg} can be set too, to
     * sign with one algorithm while claiming another.
     *
     * @param name the member's name
     * @param value its value, or null
     * @return this builder
     */
    public Builder header(String name, @Nullable Object value) {
      header.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /**
     * The claims as a JSON object, as they will be signed.
     *
     * @return the JSON text
     */
    public String claimsJson() {
      return JSON.writeValueAsString(claims);
    }

    /**
     * Signs the token.
     *
     * @param key the key; its algorithm goes in {@code alg} and its id in {@code kid}
     * @return the compact serialization, {@code header.payload.signature}
     */
    public String signWith(TestKey key) {
      Map<String, @Nullable Object> joseHeader = new LinkedHashMap<>();
      joseHeader.put("alg", key.algorithm());
      if (type != null) {
        joseHeader.put("typ", type);
      }
      String kid = keepKeyId ? key.keyId() : keyId;
      if (kid != null) {
        joseHeader.put("kid", kid);
      }
      header.forEach((name, value) -> {
        if (value == null) {
          joseHeader.remove(name);
        } else {
          joseHeader.put(name, value);
        }
      });
      String signingInput = BASE64URL.encodeToString(JSON.writeValueAsBytes(joseHeader)) + "."
          + BASE64URL.encodeToString(JSON.writeValueAsBytes(claims));
      return signingInput + "." + BASE64URL.encodeToString(key.sign(signingInput));
    }
  }
}
