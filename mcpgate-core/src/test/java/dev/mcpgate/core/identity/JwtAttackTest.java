package dev.mcpgate.core.identity;

import static dev.mcpgate.core.identity.Tokens.AUDIENCE;
import static dev.mcpgate.core.identity.Tokens.EC;
import static dev.mcpgate.core.identity.Tokens.ISSUER;
import static dev.mcpgate.core.identity.Tokens.KEYS;
import static dev.mcpgate.core.identity.Tokens.NOW;
import static dev.mcpgate.core.identity.Tokens.RSA;
import static dev.mcpgate.core.identity.Tokens.base64Url;
import static dev.mcpgate.core.identity.Tokens.bearer;
import static dev.mcpgate.core.identity.Tokens.claims;
import static dev.mcpgate.core.identity.Tokens.rs256;
import static dev.mcpgate.core.identity.Tokens.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.core.testing.MutableClock;
import dev.mcpgate.testkit.JwksServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known attacks on JWT validation. Each must end as Unauthenticated or Rejected (401 or 403 at the
 * transport) and nothing else, with a reason that never echoes the token.
 */
class JwtAttackTest {

  private final MutableClock clock = new MutableClock(NOW);
  private final JwtIdentityResolver resolver =
      JwtIdentityResolver.builder()
          .jwkSet(KEYS)
          .issuer(ISSUER)
          .audience(AUDIENCE)
          .clock(clock)
          .build();

  private static JWSHeader rs256Header(String kid) {
    return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build();
  }

  /** Asserts a 401 with the given reason, and that the reason does not echo the token. */
  private void assertRejected(JwtIdentityResolver resolver, String token, String reason) {
    IdentityResult result = resolver.resolve(bearer(token));
    assertThat(result).isEqualTo(IdentityResult.invalid(reason));
    assertThat(reason).doesNotContain(token);
  }

  private void assertRejected(String token, String reason) {
    assertRejected(resolver, token, reason);
  }

  @Test
  void algNoneIsRejected() {
    String unsecured = new PlainJWT(claims().build()).serialize();
    String noneWithKid =
        base64Url("{\"alg\":\"none\",\"kid\":\"rsa-1\"}")
            + "."
            + claims().build().toPayload().toBase64URL()
            + ".";
    String noneWithSignature = noneWithKid + rs256(claims().build()).split("\\.")[2];

    assertRejected(unsecured, "malformed token");
    assertRejected(noneWithKid, "malformed token");
    assertRejected(noneWithSignature, "malformed token");
  }

  @Test
  void rs256ToHs256ConfusionWithThePublicKeyAsSecretIsRejected() throws JOSEException {
    byte[] der = RSA.toRSAPublicKey().getEncoded();
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END PUBLIC KEY-----\n";
    JWSHeader hs256 = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(RSA.getKeyID()).build();

    String withDer = sign(hs256, claims().build(), new MACSigner(der));
    String withPem =
        sign(hs256, claims().build(), new MACSigner(pem.getBytes(StandardCharsets.UTF_8)));

    assertRejected(withDer, "signing algorithm not accepted");
    assertRejected(withPem, "signing algorithm not accepted");
  }

  @Test
  void anUnknownKidIsRejectedWithAStaticKeySet() {
    RSAKey other = Tokens.rsa("rsa-2");

    assertRejected(sign(rs256Header("rsa-2"), claims().build(), other), "no matching signing key");
  }

  @Test
  void anUnknownKidRefetchesTheJwksOnceThenIsRejected() throws Exception {
    RSAKey other = Tokens.rsa("rsa-2");
    try (JwksServer server = JwksServer.start(KEYS.toPublicJWKSet().toString())) {
      JwtIdentityResolver remote =
          JwtIdentityResolver.builder()
              .jwksUrl(server.uri())
              .issuer(ISSUER)
              .audience(AUDIENCE)
              .clock(clock)
              .build();
      assertThat(remote.resolve(bearer(rs256(claims().build()))))
          .isInstanceOf(IdentityResult.Authenticated.class);
      assertThat(server.hits()).isEqualTo(1);

      assertRejected(
          remote, sign(rs256Header("rsa-2"), claims().build(), other), "no matching signing key");
      assertThat(server.hits()).isEqualTo(2);

      // A flood of made-up key ids does not turn into a flood of fetches.
      for (int i = 0; i < 5; i++) {
        assertRejected(
            remote,
            sign(rs256Header("made-up-" + i), claims().build(), other),
            "no matching signing key");
      }
      assertThat(server.hits()).isEqualTo(2);
    }
  }

  @Test
  void aKidWithPathTraversalOrSqlIsJustAnUnknownKid() {
    for (String kid :
        List.of(
            "../../../../../../dev/null",
            "/etc/passwd",
            "' OR '1'='1' --",
            "rsa-1'; DROP TABLE keys; --",
            "rsa-1\u0000",
            "rsa-1\r\nX-Injected: 1")) {
      assertRejected(sign(rs256Header(kid), claims().build(), RSA), "no matching signing key");
    }
  }

  @Test
  void jkuAndX5uHeadersAreIgnoredAndTheAttackerServerNeverContacted() throws Exception {
    RSAKey attacker = Tokens.rsa("attacker");
    try (JwksServer attackerServer =
            JwksServer.start(new JWKSet(attacker).toPublicJWKSet().toString());
        JwksServer legit = JwksServer.start(KEYS.toPublicJWKSet().toString())) {
      JwtIdentityResolver remote =
          JwtIdentityResolver.builder()
              .jwksUrl(legit.uri())
              .issuer(ISSUER)
              .audience(AUDIENCE)
              .clock(clock)
              .build();
      URI evil = attackerServer.uri();
      JWSHeader withOwnKid =
          new JWSHeader.Builder(JWSAlgorithm.RS256)
              .keyID("attacker")
              .jwkURL(evil)
              .x509CertURL(evil)
              .build();
      JWSHeader withLegitKid =
          new JWSHeader.Builder(JWSAlgorithm.RS256)
              .keyID(RSA.getKeyID())
              .jwkURL(evil)
              .x509CertURL(evil)
              .build();
      JWSHeader withEmbeddedKey =
          new JWSHeader.Builder(JWSAlgorithm.RS256).jwk(attacker.toPublicJWK()).build();

      for (JwtIdentityResolver target : List.of(resolver, remote)) {
        assertRejected(
            target, sign(withOwnKid, claims().build(), attacker), "no matching signing key");
        assertRejected(target, sign(withLegitKid, claims().build(), attacker), "invalid signature");
        assertRejected(
            target, sign(withEmbeddedKey, claims().build(), attacker), "invalid signature");
      }
      assertThat(attackerServer.hits()).isZero();
    }
  }

  @Test
  void anExpiredTokenIsRejected() {
    String token = rs256(claims().expirationTime(Date.from(NOW.minusSeconds(61))).build());

    assertRejected(token, "token expired");
  }

  @Test
  void aTokenNotYetValidBeyondTheSkewIsRejected() {
    String token = rs256(claims().notBeforeTime(Date.from(NOW.plusSeconds(61))).build());

    assertRejected(token, "token not yet valid");
  }

  @Test
  void expiryAndNotBeforeInsideTheSkewAreAccepted() {
    String justExpired = rs256(claims().expirationTime(Date.from(NOW.minusSeconds(59))).build());
    String almostValid = rs256(claims().notBeforeTime(Date.from(NOW.plusSeconds(59))).build());

    assertThat(resolver.resolve(bearer(justExpired)))
        .isInstanceOf(IdentityResult.Authenticated.class);
    assertThat(resolver.resolve(bearer(almostValid)))
        .isInstanceOf(IdentityResult.Authenticated.class);
  }

  @Test
  void theSkewIsConfigurable() {
    JwtIdentityResolver strict =
        JwtIdentityResolver.builder()
            .jwkSet(KEYS)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .clock(clock)
            .clockSkew(Duration.ZERO)
            .build();

    assertRejected(
        strict,
        rs256(claims().expirationTime(Date.from(NOW.minusSeconds(1))).build()),
        "token expired");
  }

  @Test
  void aWrongIssuerIsRejected() {
    assertRejected(rs256(claims().issuer("https://evil.example.com").build()), "wrong issuer");
    assertRejected(rs256(claims().issuer(ISSUER + "/").build()), "wrong issuer");
    assertRejected(rs256(claims().issuer(null).build()), "wrong issuer");
  }

  @Test
  void aTokenForAnotherAudienceIsRejected() {
    String passthrough = rs256(claims().audience("https://other-api.example.com").build());
    String noAudience = rs256(claims().audience((String) null).build());

    assertRejected(passthrough, "token not issued for this resource");
    assertRejected(noAudience, "token not issued for this resource");
    assertThat(
            resolver.resolve(
                bearer(
                    rs256(
                        claims()
                            .audience(List.of("https://other.example.com", AUDIENCE))
                            .build()))))
        .isInstanceOf(IdentityResult.Authenticated.class);
  }

  @Test
  void aTokenWithoutExpiryIsRejected() {
    assertRejected(rs256(claims().expirationTime(null).build()), "token has no expiry");
  }

  @Test
  void anEs256SignatureWithRAndSZeroIsRejected() {
    // CVE-2022-21449 ("psychic signatures"): r = s = 0 verified against any key on some JDKs.
    String signingInput =
        base64Url("{\"alg\":\"ES256\",\"kid\":\"" + EC.getKeyID() + "\"}")
            + "."
            + claims().build().toPayload().toBase64URL();

    assertRejected(signingInput + "." + base64Url(new byte[64]), "invalid signature");
    // The same in DER form, as some broken verifiers accept it.
    assertRejected(
        signingInput + "." + base64Url(new byte[] {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00}),
        "invalid signature");
  }

  @Test
  void claimsOfTheWrongTypeAreRejectedNotThrown() throws JOSEException {
    String valid = "\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\"";
    long exp = NOW.getEpochSecond() + 600;
    for (String payload :
        List.of(
            "{" + valid + ",\"exp\":\"tomorrow\"}",
            "{" + valid + ",\"exp\":" + exp + ",\"nbf\":[1]}",
            "{\"iss\":42,\"aud\":\"" + AUDIENCE + "\",\"exp\":" + exp + "}",
            "{\"iss\":\"" + ISSUER + "\",\"aud\":{\"a\":1},\"exp\":" + exp + "}",
            "{" + valid + ",\"exp\":" + exp + ",\"jti\":{},\"sub\":[]}",
            "[1,2,3]",
            "\"just a string\"")) {
      JWSObject jws =
          new JWSObject(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID()).build(),
              new Payload(payload));
      jws.sign(new RSASSASigner(RSA));

      IdentityResult result = resolver.resolve(bearer(jws.serialize()));

      assertThat(result).as(payload).isInstanceOf(IdentityResult.Rejected.class);
    }
  }

  @Test
  void oddlyTypedMappedClaimsAreIgnored() throws JOSEException {
    String token =
        rs256(claims().claim("scope", 42).claim("client_id", List.of("a")).subject(null).build());

    IdentityResult result = resolver.resolve(bearer(token));

    assertThat(result).isInstanceOf(IdentityResult.Authenticated.class);
    assertThat(((IdentityResult.Authenticated) result).caller().scopes()).isEmpty();
  }

  @Test
  void aTamperedPayloadIsRejected() {
    String[] parts = rs256(claims().build()).split("\\.");
    JWTClaimsSet elevated = claims().claim("scope", "tools:admin").build();

    assertRejected(
        parts[0] + "." + elevated.toPayload().toBase64URL() + "." + parts[2], "invalid signature");
  }

  @Test
  void aTamperedSignatureIsRejected() {
    String token = rs256(claims().build());
    char last = token.charAt(token.length() - 2);

    assertRejected(
        token.substring(0, token.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + token.charAt(token.length() - 1),
        "invalid signature");
  }

  @Test
  void garbageIsRejectedAsMalformed() {
    for (String garbage :
        List.of(
            "not-a-jwt",
            "a.b.c",
            "..",
            "eyJhbGciOiJSUzI1NiJ9",
            "eyJhbGciOiJSUzI1NiJ9.e30",
            Base64.encode("{\"alg\":\"RS256\"}").toString() + ".!!!.???",
            "\u00e9\u00e9.\u00e9.\u00e9")) {
      assertRejected(garbage, "malformed token");
    }
  }

  @Test
  void anEncryptedTokenIsRejectedAsMalformed() {
    String fiveParts = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d";

    assertRejected(fiveParts, "malformed token");
  }

  @Test
  void anOversizedTokenIsRejectedBeforeParsing() {
    String huge = rs256(claims().claim("padding", "x".repeat(9 * 1024)).build());

    assertRejected(huge, "token too large");
    assertRejected("a".repeat(JwtIdentityResolver.MAX_TOKEN_CHARS + 1), "token too large");
  }

  @Test
  void anUnexpectedTokenTypeIsRejected() {
    JWSHeader idToken =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .keyID(RSA.getKeyID())
            .type(new com.nimbusds.jose.JOSEObjectType("JOSE+JSON"))
            .build();

    assertRejected(sign(idToken, claims().build(), RSA), "token type not accepted");
  }
}
