package dev.mcpgate.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The digests the engine needs (key hashes, certificate fingerprints, request signing), with
 * the JVM's guaranteed algorithms. Thread-safe.
 */
public final class Hashing {

  private Hashing() {}

  /**
   * SHA-256, which every Java platform has.
   *
   * @param bytes what to digest
   * @return the 32-byte digest
   */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * An HMAC of a text's UTF-8 bytes.
   *
   * @param algorithm the JCA name of the MAC, such as {@code HmacSHA256}
   * @param key the secret key
   * @param text what to authenticate
   * @return the MAC
   * @throws IllegalStateException if the JVM lacks {@code algorithm}
   */
  public static byte[] hmac(String algorithm, byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM lacks " + algorithm, e);
    }
  }
}
