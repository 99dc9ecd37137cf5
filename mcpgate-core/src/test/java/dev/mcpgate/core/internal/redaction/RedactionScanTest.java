package dev.mcpgate.core.internal.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.core.internal.redaction.DecodedView.Decoding;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The redactor's shortcuts (skipping bytes that begin no pattern, deciding from one pass which
 * decodings have anything to undo, scanning a decoded view only around what it decoded) change
 * nothing it answers: on thousands of random bodies full of escapes, secrets, their forms and
 * their fragments, it answers byte for byte what a brute-force search of every decoded view,
 * whole, answers.
 */
class RedactionScanTest {

  private static final List<String> SECRETS = List.of(
      "sk/live+Zq9 ~é*x_canary", "pb-3f9a61c0d2b84e57", "AKIAIOSFODNN7EXAMPLE");

  /** The decodings searched, as the redactor searches them. */
  private static final List<List<Decoding>> CHAINS = List.of(
      List.of(),
      List.of(Decoding.JSON),
      List.of(Decoding.PERCENT),
      List.of(Decoding.HTML),
      List.of(Decoding.JSON, Decoding.PERCENT),
      List.of(Decoding.HTML, Decoding.JSON),
      List.of(Decoding.HTML, Decoding.PERCENT),
      List.of(Decoding.HTML, Decoding.JSON, Decoding.PERCENT));

  private static final String[] NOISE = {
      "{\"id\":\"", "\",\"url\":\"https:\\/\\/api.example.com\\/v1?", "a=1&b=2", "&amp;",
      "&#47;", "&#x2F;", "&sol;", "%2F", "%2f", "+", "%", "&", "\\", "\\n", "\\u0041",
      "\\u00e9", "\\ud83d\\ude00", "&#92;", "\\u0025", "%5C", " and ", "é", "😀", "x", "0",
      "canary", "sk", "live", "pb-", "AKIA", "\"}", "&#", "\\u00", "%2",
  };

  @Test
  void theAutomatonFindsWhatABruteForceSearchFinds() {
    Random random = new Random(20261207);
    for (String secret : SECRETS) {
      List<byte[]> patterns = SecretForms.of(secret);
      PatternAutomaton automaton = new PatternAutomaton(patterns);
      for (int round = 0; round < 300; round++) {
        byte[] text = body(random, secret);
        int from = random.nextInt(text.length + 1);
        int to = from + random.nextInt(text.length - from + 1);
        List<String> found = new ArrayList<>();
        int depth = automaton.scan(text, from, to, (last, length) -> found.add(last + ":" + length));

        assertThat(found).as("matches in %s", new String(text, StandardCharsets.UTF_8))
            .isEqualTo(bruteMatches(patterns, text, from, to));
        assertThat(depth).isEqualTo(bruteDepth(patterns, text, from, to));
      }
    }
  }

  @Test
  void scanningOnlyAroundDecodedBytesRedactsAsScanningEveryViewWhole() {
    Random random = new Random(4711);
    for (String secret : SECRETS) {
      Redactor redactor = Redactor.of(List.of(secret));
      List<byte[]> patterns = SecretForms.of(secret);
      for (int round = 0; round < 600; round++) {
        byte[] body = body(random, secret);
        boolean more = random.nextBoolean();
        int cap = random.nextInt(body.length + 40);

        Redactor.Cut cut = redactor.redactAndCut(body, more, cap);
        Redactor.Cut expected = referenceRedactAndCut(patterns, body, more, cap);

        assertThat(new String(cut.bytes(), StandardCharsets.UTF_8))
            .as("body %s, more %s, cap %d", new String(body, StandardCharsets.UTF_8), more, cap)
            .isEqualTo(new String(expected.bytes(), StandardCharsets.UTF_8));
        assertThat(cut.truncated()).isEqualTo(expected.truncated());
      }
    }
  }

  /** Text with escapes, the secret in its forms, and fragments of those, in random order. */
  private static byte[] body(Random random, String secret) {
    List<String> forms = new ArrayList<>(RedactorTest.forms(secret).values());
    StringBuilder text = new StringBuilder();
    int parts = random.nextInt(12);
    for (int i = 0; i < parts; i++) {
      int kind = random.nextInt(10);
      if (kind < 6) {
        text.append(NOISE[random.nextInt(NOISE.length)]);
      } else {
        String form = forms.get(random.nextInt(forms.size()));
        text.append(kind < 8 ? form
            : form.substring(0, random.nextInt(form.length() + 1)));
      }
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> bruteMatches(List<byte[]> patterns, byte[] text, int from, int to) {
    List<String> found = new ArrayList<>();
    for (int last = from; last < to; last++) {
      int longest = 0;
      for (byte[] pattern : patterns) {
        int start = last - pattern.length + 1;
        if (start >= from && Arrays.equals(text, start, last + 1, pattern, 0, pattern.length)) {
          longest = Math.max(longest, pattern.length);
        }
      }
      if (longest > 0) {
        found.add(last + ":" + longest);
      }
    }
    return found;
  }

  /** The longest tail of the scanned bytes that begins some pattern. */
  private static int bruteDepth(List<byte[]> patterns, byte[] text, int from, int to) {
    int depth = 0;
    for (byte[] pattern : patterns) {
      for (int length = Math.min(pattern.length, to - from); length > depth; length--) {
        if (Arrays.equals(text, to - length, to, pattern, 0, length)) {
          depth = length;
          break;
        }
      }
    }
    return depth;
  }

  /**
   * The redaction as first written: every view decoded and searched whole, by brute force; then
   * the cap, as the redactor applies it.
   */
  private static Redactor.Cut referenceRedactAndCut(
      List<byte[]> patterns, byte[] body, boolean more, int cap) {
    Reference result = reference(patterns, body, body.length, more);
    byte[] bytes = result.bytes;
    if (bytes.length <= cap) {
      return new Redactor.Cut(bytes, more);
    }
    int cut = cap;
    int marker = Redactor.MARKER.length();
    for (int at : result.markers) {
      if (at < cut && cut < at + marker) {
        cut = at;
      }
    }
    return new Redactor.Cut(reference(patterns, Arrays.copyOf(bytes, cut), cut, true).bytes, true);
  }

  private record Reference(byte[] bytes, List<Integer> markers) {}

  private static Reference reference(List<byte[]> patterns, byte[] body, int length,
      boolean more) {
    DecodedView raw = DecodedView.raw(body, length);
    List<int[]> ranges = new ArrayList<>();
    int keepUntil = length;
    for (List<Decoding> chain : CHAINS) {
      DecodedView view = raw;
      for (Decoding decoding : chain) {
        view = view.decode(decoding);
      }
      // Every view is searched, even one met before: a range found twice is replaced once.
      for (String match : bruteMatches(patterns, view.bytes, 0, view.length)) {
        int last = Integer.parseInt(match.substring(0, match.indexOf(':')));
        int matched = Integer.parseInt(match.substring(match.indexOf(':') + 1));
        ranges.add(new int[] {view.rawStart(last - matched + 1), view.rawEnd(last)});
      }
      int depth = bruteDepth(patterns, view.bytes, 0, view.length);
      if (more) {
        if (depth > 0) {
          keepUntil = Math.min(keepUntil, view.rawStart(view.length - depth));
        }
        if (view.pendingFrom >= 0) {
          keepUntil = Math.min(keepUntil, view.pendingFrom);
        }
      }
    }
    ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Integer> markers = new ArrayList<>();
    byte[] marker = Redactor.MARKER.getBytes(StandardCharsets.US_ASCII);
    int at = 0;
    for (int[] range : ranges) {
      if (range[1] <= at) {
        continue;
      }
      int from = Math.max(range[0], at);
      if (from >= keepUntil) {
        break;
      }
      if (from > at) {
        out.write(body, at, from - at);
      }
      if (range[0] >= at) {
        markers.add(out.size());
        out.write(marker, 0, marker.length);
      }
      at = range[1];
    }
    if (at < keepUntil) {
      out.write(body, at, keepUntil - at);
    }
    return new Reference(out.toByteArray(), markers);
  }
}
