package dev.mcpgate.core.identity;

import dev.mcpgate.core.internal.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The shape of an mcpgate API key: {@code mgk_<id>_<secret>}, 64 characters. The id is 16
 * lower-case hex digits (64 random bits, not secret: it names the key in logs, audit events and
 * listings and finds it in O(1)); the secret is 32 random bytes (256 bits) in unpadded
 * base64url, 43 characters.
 */
final class KeyFormat {

  static final String PREFIX = "mgk_";
  static final int ID_CHARS = 16;
  static final int SECRET_CHARS = 43;
  static final int LENGTH = PREFIX.length() + ID_CHARS + 1 + SECRET_CHARS;
  static final int HASH_BYTES = 32;

  private static final int SEPARATOR = PREFIX.length() + ID_CHARS;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private KeyFormat() {}

  static String generate() {
    byte[] id = new byte[ID_CHARS / 2];
    byte[] secret = new byte[32];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    return PREFIX + HEX.formatHex(id) + '_' + BASE64URL.encodeToString(secret);
  }

  /**
   * The id of something shaped like a key. Looks only at the length, the prefix, the id and the
   * separator, never at the secret's characters: those are compared as a whole, through the
   * key's hash.
   *
   * @return the id, or null if {@code key} is not shaped like a key
   */
  static @Nullable String idOf(String key) {
    if (key.length() != LENGTH || !key.startsWith(PREFIX) || key.charAt(SEPARATOR) != '_') {
      return null;
    }
    String id = key.substring(PREFIX.length(), SEPARATOR);
    return isKeyId(id) ? id : null;
  }

  /** Whether a key is exactly what {@link #generate()} makes, secret characters included. */
  static boolean isWellFormed(String key) {
    if (idOf(key) == null) {
      return false;
    }
    for (int i = SEPARATOR + 1; i < LENGTH; i++) {
      char c = key.charAt(i);
      boolean base64url = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
          || c == '-' || c == '_';
      if (!base64url) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code id} is 16 lower-case hex digits. */
  static boolean isKeyId(String id) {
    if (id.length() != ID_CHARS) {
      return false;
    }
    for (int i = 0; i < ID_CHARS; i++) {
      char c = id.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** SHA-256 of the key's UTF-8 bytes: 32 bytes whatever the input. */
  static byte[] hash(String key) {
    return Hashing.sha256(key.getBytes(StandardCharsets.UTF_8));
  }
}
