package dev.mcpgate.servlet;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Every encoding of a secret a search for leaks looks for, by name. */
final class EncodedForms {

  private EncodedForms() {}

  static Map<String, String> of(String secret) {
    byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("raw", secret);
    StringBuilder percent = new StringBuilder();
    for (byte b : utf8) {
      percent.append(String.format(Locale.ROOT, "%%%02X", b & 0xFF));
    }
    forms.put("percent-encoded", percent.toString());
    forms.put("percent-encoded lower case", percent.toString().toLowerCase(Locale.ROOT));
    forms.put("form-encoded", URLEncoder.encode(secret, StandardCharsets.UTF_8));
    forms.put("base64", Base64.getEncoder().encodeToString(utf8));
    forms.put("base64url", Base64.getUrlEncoder().encodeToString(utf8));
    for (int offset = 0; offset < 3; offset++) {
      // The characters that carry only the secret's bits when it sits inside longer Base64.
      byte[] shifted = new byte[offset + utf8.length];
      System.arraycopy(utf8, 0, shifted, offset, utf8.length);
      String standard = Base64.getEncoder().withoutPadding().encodeToString(shifted);
      String url = Base64.getUrlEncoder().withoutPadding().encodeToString(shifted);
      int first = (8 * offset + 5) / 6;
      int last = 8 * shifted.length / 6;
      forms.put("inside base64 at " + offset, standard.substring(first, last));
      forms.put("inside base64url at " + offset, url.substring(first, last));
    }
    forms.put("JSON with escaped slashes", secret.replace("/", "\\/"));
    StringBuilder lower = new StringBuilder();
    StringBuilder upper = new StringBuilder();
    StringBuilder decimal = new StringBuilder();
    StringBuilder hex = new StringBuilder();
    secret.codePoints().forEach(c -> {
      lower.append(String.format(Locale.ROOT, "\\u%04x", c));
      upper.append(String.format(Locale.ROOT, "\\u%04X", c));
      decimal.append("&#").append(c).append(';');
      hex.append(String.format(Locale.ROOT, "&#x%X;", c));
    });
    forms.put("JSON \\u escapes", lower.toString());
    forms.put("JSON \\U escapes", upper.toString());
    forms.put("HTML decimal references", decimal.toString());
    forms.put("HTML hexadecimal references", hex.toString());
    forms.put("HTML named references", secret.replace("&", "&amp;").replace("/", "&sol;")
        .replace("=", "&equals;").replace("+", "&plus;"));
    return forms;
  }
}
