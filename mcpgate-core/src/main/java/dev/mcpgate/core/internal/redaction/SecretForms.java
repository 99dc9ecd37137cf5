package dev.mcpgate.core.internal.redaction;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The byte patterns that stand for one secret value in a body, before any escaping: the value's
 * UTF-8 bytes and its Base64 encodings (standard and URL alphabets, with and without padding, and
 * at each of the three alignments at which it can sit inside a longer Base64 text, such as a
 * Basic token or a JWT payload). Escaped forms (JSON, percent, form, HTML) are not listed: {@link
 * DecodedView} undoes the escaping, so the plain forms are found in any mix of escapes.
 */
final class SecretForms {

  private static final Base64.Encoder STANDARD = Base64.getEncoder().withoutPadding();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private SecretForms() {}

  /**
   * The patterns of a value.
   *
   * @param value the secret value
   * @return its patterns, without duplicates
   */
  static List<byte[]> of(String value) {
    byte[] plain = value.getBytes(StandardCharsets.UTF_8);
    Set<String> forms = new LinkedHashSet<>();
    forms.add(new String(plain, StandardCharsets.ISO_8859_1));
    for (Base64.Encoder encoder : List.of(STANDARD, URL)) {
      for (int offset = 0; offset < 3; offset++) {
        byte[] shifted = new byte[offset + plain.length];
        System.arraycopy(plain, 0, shifted, offset, plain.length);
        String encoded = encoder.encodeToString(shifted);
        // Characters that also carry bits of the bytes around the value differ from one
        // embedding to the next: only those carrying the value's bits alone are a pattern.
        int first = (8 * offset + 5) / 6;
        int bits = 8 * shifted.length;
        int last = bits / 6;
        if (offset == 0) {
          forms.add(encoded);
        }
        if (last - first >= 8) {
          forms.add(encoded.substring(first, last));
        }
      }
    }
    return forms.stream()
        .map(form -> form.getBytes(StandardCharsets.ISO_8859_1))
        .filter(form -> form.length > 0)
        .map(form -> Arrays.copyOf(form, form.length))
        .toList();
  }
}
