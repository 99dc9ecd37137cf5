package dev.mcpgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Minted tokens are well-formed compact JWS that a standard verifier accepts with the public key
 * the key set publishes.
 */
class TestJwtTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
  private static final TestKey RSA = TestKey.rs256("rsa-1");
  private static final TestKey EC = TestKey.es256("ec-1");
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static JsonNode part(String token, int index) {
    return JSON.readTree(BASE64URL.decode(token.split("\\.")[index]));
  }

  private static boolean verifies(String token, PublicKey key, String algorithm) throws Exception {
    int dot = token.lastIndexOf('.');
    Signature signature = Signature.getInstance(algorithm);
    signature.initVerify(key);
    signature.update(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
    return signature.verify(BASE64URL.decode(token.substring(dot + 1)));
  }

  /** The public key rebuilt from the key set document alone, as a verifier would. */
  private static PublicKey published(String document, String kid) throws Exception {
    for (JsonNode jwk : JSON.readTree(document).path("keys")) {
      if (!jwk.path("kid").asString().equals(kid)) {
        continue;
      }
      if (jwk.path("kty").asString().equals("RSA")) {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
            number(jwk, "n"), number(jwk, "e")));
      }
      ECPublicKey template = (ECPublicKey) EC.publicKey().orElseThrow();
      return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
          new ECPoint(number(jwk, "x"), number(jwk, "y")), template.getParams()));
    }
    throw new AssertionError("no key " + kid + " in " + document);
  }

  private static BigInteger number(JsonNode jwk, String member) {
    return new BigInteger(1, BASE64URL.decode(jwk.path(member).asString()));
  }

  @Test
  void anRs256TokenVerifiesWithThePublishedKey() throws Exception {
    String token = TestJwt.builder().issuer("https://auth.example.com").subject("alice")
        .audience("https://api.example.com/mcp").issuedAt(NOW).expiresAt(NOW.plusSeconds(600))
        .claim("scope", "orders:read").signWith(RSA);

    assertThat(part(token, 0).toString())
        .isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}");
    JsonNode claims = part(token, 1);
    assertThat(claims.path("iss").asString()).isEqualTo("https://auth.example.com");
    assertThat(claims.path("sub").asString()).isEqualTo("alice");
    assertThat(claims.path("aud").asString()).isEqualTo("https://api.example.com/mcp");
    assertThat(claims.path("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 600);
    assertThat(claims.path("jti").asString()).isNotBlank();
    assertThat(verifies(token, published(TestKey.jwksDocument(RSA, EC), "rsa-1"),
        "SHA256withRSA")).isTrue();
  }

  @Test
  void anEs256TokenCarriesARawSignatureThatVerifiesWithThePublishedKey() throws Exception {
    String token = TestJwt.builder().subject("alice").signWith(EC);

    assertThat(BASE64URL.decode(token.substring(token.lastIndexOf('.') + 1))).hasSize(64);
    assertThat(verifies(token, published(TestKey.jwksDocument(RSA, EC), "ec-1"),
        "SHA256withECDSAinP1363Format")).isTrue();
  }

  @Test
  void anHs256TokenIsAnHmacOfItsSigningInput() throws Exception {
    byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    String token = TestJwt.builder().subject("alice").signWith(TestKey.hs256("shared", secret));

    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    int dot = token.lastIndexOf('.');
    assertThat(BASE64URL.decode(token.substring(dot + 1))).isEqualTo(
        mac.doFinal(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII)));
    assertThat(part(token, 0).path("alg").asString()).isEqualTo("HS256");
  }

  @Test
  void aSharedSecretIsNeverPublished() {
    TestKey shared = TestKey.hs256("shared", new byte[32]);
    assertThat(TestKey.jwksDocument(shared, RSA)).doesNotContain("shared").contains("rsa-1");
    assertThatThrownBy(shared::publicJwk).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aShortSharedSecretIsRefused() {
    assertThatThrownBy(() -> TestKey.hs256("shared", new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an HS256 secret needs at least 32 bytes, was 31");
  }

  @Test
  void theHeaderCanBeWrongOnPurpose() {
    String token = TestJwt.builder().type("at+jwt").keyId(null).header("alg", "none")
        .header("jku", "https://attacker.example/jwks.json").claim("jti", null).signWith(RSA);

    assertThat(part(token, 0).toString())
        .isEqualTo("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"jku\":\"https://attacker.example/jwks.json\"}");
    assertThat(part(token, 1).has("jti")).isFalse();
  }

  @Test
  void severalAudiencesAreAnArray() {
    String token = TestJwt.builder().audiences("a", "b").signWith(EC);
    assertThat(part(token, 1).path("aud").toString()).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void aKeyDescribesItselfWithoutKeyMaterial() {
    assertThat(RSA).hasToString("TestKey[RS256, kid rsa-1]");
  }

  @Test
  void theKeySetServerServesTheKeysCountsHitsAndRotates() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    try (JwksServer jwks = JwksServer.start(RSA)) {
      HttpResponse<String> first = http.send(HttpRequest.newBuilder(jwks.uri()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(first.body()).isEqualTo(TestKey.jwksDocument(RSA));
      assertThat(jwks.uri().toString()).startsWith("http://127.0.0.1:").endsWith("/jwks.json");

      jwks.rotate(EC);
      String second = http.send(HttpRequest.newBuilder(jwks.uri()).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(second).contains("\"kid\":\"ec-1\"").doesNotContain("rsa-1");
      assertThat(jwks.hits()).isEqualTo(2);
    }
  }
}
