package dev.mcpgate.testkit;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * A signing key for test tokens, made with the JDK's own crypto: an RSA key for {@code RS256}, a
 * P-256 key for {@code ES256}, or a shared secret for {@code HS256}. Each has a key id ({@code
 * kid}); the public half of an RSA or EC key is published by {@link JwksServer} or {@link
 * #jwksDocument(TestKey...)}.
 *
 * <pre>{@code
 * TestKey key = TestKey.rs256("key-1");
 * try (JwksServer jwks = JwksServer.start(key)) {
 *   String token = TestJwt.builder().issuer("https://auth.example.com").subject("alice")
 *       .expiresIn(Duration.ofMinutes(5)).signWith(key);
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe. Its {@code toString} names the algorithm and the key id only.
 */
public final class TestKey {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final String algorithm;
  private final String keyId;
  private final @Nullable KeyPair pair;
  private final byte @Nullable [] secret;

  private TestKey(String algorithm, String keyId, @Nullable KeyPair pair, byte @Nullable [] secret) {
    if (keyId.isBlank()) {
      throw new IllegalArgumentException("a key id must not be blank");
    }
    this.algorithm = algorithm;
    this.keyId = keyId;
    this.pair = pair;
    this.secret = secret;
  }

  /**
   * A new 2048-bit RSA key for {@code RS256}.
   *
   * @param keyId the key id ({@code kid})
   * @return the key
   * @throws IllegalArgumentException if the key id is blank
   */
  public static TestKey rs256(String keyId) {
    return new TestKey("RS256", keyId, generate("RSA", null), null);
  }

  /**
   * A new P-256 key for {@code ES256}.
   *
   * @param keyId the key id ({@code kid})
   * @return the key
   * @throws IllegalArgumentException if the key id is blank
   */
  public static TestKey es256(String keyId) {
    return new TestKey("ES256", keyId, generate("EC", new ECGenParameterSpec("secp256r1")), null);
  }

  /**
   * A shared secret for {@code HS256}. Never published in a key set.
   *
   * @param keyId the key id ({@code kid})
   * @param secret at least 32 bytes, as RFC 7518 requires for HS256
   * @return the key
   * @throws IllegalArgumentException if the key id is blank or the secret shorter than 32 bytes
   */
  public static TestKey hs256(String keyId, byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException(
          "an HS256 secret needs at least 32 bytes, was " + secret.length);
    }
    return new TestKey("HS256", keyId, null, secret.clone());
  }

  /**
   * The JWS algorithm this key signs with.
   *
   * @return {@code RS256}, {@code ES256} or {@code HS256}
   */
  public String algorithm() {
    return algorithm;
  }

  /**
   * The key id.
   *
   * @return the {@code kid}
   */
  public String keyId() {
    return keyId;
  }

  /**
   * The public key, for a resolver configured with keys rather than a key set URL.
   *
   * @return the public key; empty for an {@code HS256} secret
   */
  public Optional<PublicKey> publicKey() {
    return pair == null ? Optional.empty() : Optional.of(pair.getPublic());
  }

  /**
   * The public half as a JSON Web Key (RFC 7517): {@code kty}, {@code kid}, {@code use}, {@code
   * alg} and the key's parameters.
   *
   * @return the JWK's members in order
   * @throws IllegalStateException for an {@code HS256} secret, which is never published
   */
  public Map<String, Object> publicJwk() {
    Map<String, Object> jwk = new LinkedHashMap<>();
    if (pair == null) {
      throw new IllegalStateException("an HS256 secret has no public half to publish");
    }
    if (pair.getPublic() instanceof RSAPublicKey rsa) {
      jwk.put("kty", "RSA");
      jwk.put("kid", keyId);
      jwk.put("use", "sig");
      jwk.put("alg", algorithm);
      jwk.put("n", BASE64URL.encodeToString(unsigned(rsa.getModulus(), 0)));
      jwk.put("e", BASE64URL.encodeToString(unsigned(rsa.getPublicExponent(), 0)));
    } else {
      ECPublicKey ec = (ECPublicKey) pair.getPublic();
      jwk.put("kty", "EC");
      jwk.put("kid", keyId);
      jwk.put("use", "sig");
      jwk.put("alg", algorithm);
      jwk.put("crv", "P-256");
      jwk.put("x", BASE64URL.encodeToString(unsigned(ec.getW().getAffineX(), 32)));
      jwk.put("y", BASE64URL.encodeToString(unsigned(ec.getW().getAffineY(), 32)));
    }
    return jwk;
  }

  /**
   * A JWK Set document, {@code {"keys":[...]}}, with the public halves of RSA and EC keys; an
   * {@code HS256} secret among them is left out.
   *
   * @param keys the keys
   * @return the JSON text
   */
  public static String jwksDocument(TestKey... keys) {
    StringBuilder json = new StringBuilder("{\"keys\":[");
    boolean first = true;
    for (TestKey key : keys) {
      if (key.pair == null) {
        continue;
      }
      if (!first) {
        json.append(',');
      }
      first = false;
      json.append(TestJwt.JSON.writeValueAsString(key.publicJwk()));
    }
    return json.append("]}").toString();
  }

  /**
   * Signs a JWS signing input ({@code base64url(header) "." base64url(payload)}).
   *
   * @param signingInput the input
   * @return the signature as JWS wants it (for ES256, R and S, 32 bytes each)
   */
  byte[] sign(String signingInput) {
    byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
    try {
      if (secret != null) {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return mac.doFinal(input);
      }
      PrivateKey key = Objects.requireNonNull(pair).getPrivate();
      Signature signature = Signature.getInstance(
          algorithm.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
      signature.initSign(key);
      signature.update(input);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot sign " + algorithm, e);
    }
  }

  private static KeyPair generate(String type, @Nullable ECGenParameterSpec curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
      if (curve == null) {
        generator.initialize(2048);
      } else {
        generator.initialize(curve);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make a " + type + " key", e);
    }
  }

  /** Big-endian bytes without a sign byte, left-padded to {@code length} when given. */
  private static byte[] unsigned(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (length > bytes.length) {
      byte[] padded = new byte[length];
      System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
      return padded;
    }
    return bytes;
  }

  /** The algorithm and the key id; never key material. */
  @Override
  public String toString() {
    return "TestKey[" + algorithm + ", kid " + keyId + "]";
  }
}
