package dev.mcpgate.core.internal.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

  private static final String SECRET = "sk/live+Zq9 ~é*x_canary";
  private static final Redactor REDACTOR = Redactor.of(List.of(SECRET));

  /** Every encoding of the secret an echoing upstream was seen to use, or could. */
  static Map<String, String> forms(String secret) {
    byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("raw", secret);
    String percent = percentAll(utf8);
    forms.put("percent-encoded, upper case", percent);
    forms.put("percent-encoded, lower case", percent.toLowerCase(Locale.ROOT));
    forms.put("form-encoded", URLEncoder.encode(secret, StandardCharsets.UTF_8));
    forms.put("base64", Base64.getEncoder().encodeToString(utf8));
    forms.put("base64 unpadded", Base64.getEncoder().withoutPadding().encodeToString(utf8));
    forms.put("base64url", Base64.getUrlEncoder().encodeToString(utf8));
    forms.put("base64url unpadded",
        Base64.getUrlEncoder().withoutPadding().encodeToString(utf8));
    forms.put("inside a Basic token", Base64.getEncoder().encodeToString(
        ("user:" + secret).getBytes(StandardCharsets.UTF_8)));
    forms.put("JSON with escaped slashes", secret.replace("/", "\\/"));
    forms.put("JSON with every character as \\u", unicodeAll(secret, "\\u%04x"));
    forms.put("JSON with every character as \\U upper hex", unicodeAll(secret, "\\u%04X"));
    forms.put("JSON with every other character as \\u", unicodeEveryOther(secret));
    forms.put("HTML decimal references", references(secret, "&#%d;"));
    forms.put("HTML hexadecimal references", references(secret, "&#x%X;"));
    forms.put("HTML named references",
        secret.replace("/", "&sol;").replace("+", "&plus;").replace("*", "&ast;"));
    forms.put("percent-encoded inside JSON", percent.replace("%", "\\u0025"));
    forms.put("JSON inside HTML", secret.replace("/", "\\/").replace("\\", "&#92;"));
    return forms;
  }

  static String percentAll(byte[] utf8) {
    StringBuilder text = new StringBuilder();
    for (byte b : utf8) {
      text.append(String.format(Locale.ROOT, "%%%02X", b & 0xFF));
    }
    return text.toString();
  }

  static String unicodeAll(String secret, String format) {
    StringBuilder text = new StringBuilder();
    secret.chars().forEach(c -> text.append(String.format(Locale.ROOT, format, c)));
    return text.toString();
  }

  static String unicodeEveryOther(String secret) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < secret.length(); i++) {
      char c = secret.charAt(i);
      text.append(i % 2 == 0 ? String.format(Locale.ROOT, "\\u%04x", (int) c) : c);
    }
    return text.toString();
  }

  static String references(String secret, String format) {
    StringBuilder text = new StringBuilder();
    secret.codePoints().forEach(c -> text.append(String.format(Locale.ROOT, format, c)));
    return text.toString();
  }

  private static String redact(String text) {
    return REDACTOR.redact(text);
  }

  @Test
  void everyFormOfTheSecretIsReplacedInsideOrdinaryText() {
    for (Map.Entry<String, String> form : forms(SECRET).entrySet()) {
      String redacted = redact("{\"echo\":\"before " + form.getValue() + " after\"}");

      assertThat(redacted).as(form.getKey())
          .doesNotContain(form.getValue())
          .contains(Redactor.MARKER)
          .startsWith("{\"echo\":\"before ")
          .endsWith(" after\"}");
    }
  }

  @Test
  void aTextWithoutTheSecretIsReturnedUnchanged() {
    String text = "{\"path\":\"a\\/b\",\"q\":\"x%20y+z\",\"html\":\"&amp;&#47;\"}";

    assertThat(redact(text)).isSameAs(text);
  }

  @Test
  void eachValueOfASecretOfPartsIsItsOwnPattern() {
    Redactor parts = Redactor.of(List.of("first-part-value", "second-part-value"));

    assertThat(parts.redact("a=first-part-value&b=second-part-value"))
        .isEqualTo("a=[redacted]&b=[redacted]");
  }

  @Test
  void valuesShorterThanTheMinimumAreNotPatterns() {
    assertThat(Redactor.isLongEnough("1234567")).isFalse();
    assertThat(Redactor.isLongEnough("12345678")).isTrue();
    assertThat(Redactor.of(List.of("admin")).redact("admin logged in"))
        .isEqualTo("admin logged in");
  }

  @Test
  void aSecretStraddlingTheCapIsNeverCutInTwoAtAnyOffset() {
    for (Map.Entry<String, String> form : forms(SECRET).entrySet()) {
      String echo = form.getValue();
      for (int offset = 0; offset <= echo.length(); offset++) {
        int cap = echo.length() + 20;
        String padding = "x".repeat(cap - offset);
        byte[] body = (padding + echo + " and the rest of the body").getBytes(
            StandardCharsets.UTF_8);
        // The adapter reads up to the cap plus the lookahead; here the whole body fits.
        Redactor.Cut cut = REDACTOR.redactAndCut(body, false, cap);

        String shown = new String(cut.bytes(), StandardCharsets.UTF_8);
        assertThat(cut.bytes().length).isLessThanOrEqualTo(cap);
        assertNoPrefix(form.getKey() + " at offset " + offset, shown, echo);
      }
    }
  }

  @Test
  void aSecretCutOffByTheEndOfWhatWasReadIsDroppedFromItsFirstByte() {
    for (Map.Entry<String, String> form : forms(SECRET).entrySet()) {
      String echo = form.getValue();
      for (int kept = 1; kept < echo.length(); kept++) {
        byte[] body = ("head " + echo.substring(0, kept)).getBytes(StandardCharsets.UTF_8);

        Redactor.Cut cut = REDACTOR.redactAndCut(body, true, 10_000);

        String shown = new String(cut.bytes(), StandardCharsets.UTF_8);
        assertThat(cut.truncated()).isTrue();
        // The first 8 characters of a Basic token carry the user name, not the secret.
        int from = form.getKey().startsWith("inside a Basic token") ? 8 : 0;
        assertThat(shown).as(form.getKey() + " cut after " + kept).startsWith("head ");
        if (kept - from >= 2) {
          assertThat(shown.substring(5)).as(form.getKey() + " cut after " + kept)
              .doesNotContain(echo.substring(from, kept));
        }
      }
    }
  }

  @Test
  void aBodyWithinTheCapIsLeftWholeAndNotMarkedTruncated() {
    byte[] body = "{\"id\":7}".getBytes(StandardCharsets.UTF_8);

    Redactor.Cut cut = REDACTOR.redactAndCut(body, false, 100);

    assertThat(cut.bytes()).isEqualTo(body);
    assertThat(cut.truncated()).isFalse();
  }

  @Test
  void theCutNeverSplitsAMarker() {
    byte[] body = ("x".repeat(95) + SECRET).getBytes(StandardCharsets.UTF_8);

    Redactor.Cut cut = REDACTOR.redactAndCut(body, false, 100);

    assertThat(new String(cut.bytes(), StandardCharsets.UTF_8)).isEqualTo("x".repeat(95));
  }

  @Test
  void signaturesAddedForOneCallAreRedactedToo() {
    Redactor signed = REDACTOR.with(List.of("0123456789abcdef0123456789abcdef"));

    assertThat(signed.redact("Signature=0123456789abcdef0123456789abcdef"))
        .isEqualTo("Signature=[redacted]");
    assertThat(REDACTOR.with(List.of())).isSameAs(REDACTOR);
  }

  /**
   * No run of 4 or more characters of the secret's (or its echo's) start ends the text. The
   * first 8 characters of a Basic token encode the user name, not the secret.
   */
  private static void assertNoPrefix(String what, String shown, String echo) {
    assertThat(shown).as(what).doesNotContain(echo);
    List<String> prefixes = new ArrayList<>();
    String secretPart = what.startsWith("inside a Basic token") ? echo.substring(8) : echo;
    assertThat(shown).as(what).doesNotContain(secretPart);
    for (String whole : List.of(secretPart, SECRET)) {
      for (int length = 4; length <= whole.length(); length++) {
        prefixes.add(whole.substring(0, length));
      }
    }
    for (String prefix : prefixes) {
      assertThat(shown).as(what).doesNotEndWith(prefix);
    }
  }
}
