package dev.mcpgate.core.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
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
import dev.mcpgate.api.InboundRequest;
import dev.mcpgate.testkit.TestRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Keys, tokens and requests for the JWT resolver's tests. */
final class Tokens {

  static final String ISSUER = "https://auth.example.com";
  static final String AUDIENCE = "https://api.example.com/mcp";
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  static final RSAKey RSA = rsa("rsa-1");
  static final ECKey EC = ec("ec-1");
  static final JWKSet KEYS = new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK()));

  private Tokens() {}

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Valid claims: right issuer and audience, ten minutes left. */
  static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject("alice")
        .claim("client_id", "client-1")
        .claim("scope", "tools:read tools:call")
        .jwtID(UUID.randomUUID().toString())
        .issueTime(Date.from(NOW))
        .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(10))));
  }

  static String rs256(JWTClaimsSet claims) {
    return sign(
        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID()).build(), claims, RSA);
  }

  static String es256(JWTClaimsSet claims) {
    return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(EC.getKeyID()).build(), claims, EC);
  }

  static String sign(JWSHeader header, JWTClaimsSet claims, RSAKey key) {
    try {
      return sign(header, claims, new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(JWSHeader header, JWTClaimsSet claims, ECKey key) {
    try {
      return sign(header, claims, new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  static String base64Url(String text) {
    return base64Url(text.getBytes(StandardCharsets.UTF_8));
  }

  static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static InboundRequest bearer(String token) {
    return request("Bearer " + token);
  }

  static InboundRequest request(String... authorization) {
    TestRequest request = TestRequest.none();
    for (String value : authorization) {
      request = request.with("Authorization", value);
    }
    return request;
  }
}
