package dev.mcpgate.core.internal.redaction;

import dev.mcpgate.core.internal.redaction.DecodedView.Decoding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every form of a call's secret values in what an upstream answered with {@value
 * #MARKER}, before the body is cut at its size cap.
 *
 * <p>Forms: the value as it is; percent-encoded in either case and form-encoded ({@code +} for a
 * space), whichever characters the encoder chose to escape; Base64 and base64url, with and
 * without padding, alone or inside a longer Base64 text (a Basic token); JSON-escaped ({@code
 * \/} and {@code \}{@code uXXXX} for any character, surrogate pairs included); HTML character
 * references (named, decimal, hexadecimal); and those escapes nested (HTML around JSON around
 * percent-encoding). Each value of a secret of parts is its own pattern.
 *
 * <p>Cost: one pass over the raw body to find which escape characters occur in it, and one pass
 * of a multi-pattern automaton, which skips bytes that begin no pattern; then, per decoding whose
 * escape character occurs, one pass to decode and a scan of the decoded bytes only around what
 * was decoded (elsewhere they are the bytes already scanned). A clean JSON answer costs the two
 * passes and no copy. Building the automaton is linear in the patterns' total length. A value
 * shorter than {@value #MIN_SECRET_LENGTH} characters is not a pattern: it would match ordinary
 * words, and a binding whose secret is that short is refused when it is configured.
 *
 * <p>Immutable and thread-safe.
 */
public final class Redactor {

  /** The fewest characters a secret value must have for its echo to be found safely. */
  public static final int MIN_SECRET_LENGTH = 8;

  /** What a secret's occurrence is replaced with. */
  public static final String MARKER = "[redacted]";

  private static final byte[] MARKER_BYTES = MARKER.getBytes(StandardCharsets.US_ASCII);
  private static final Redactor NONE = new Redactor(Set.of());

  /**
   * The decodings searched, outermost first: each escaping an upstream may use, and nestings.
   * Every prefix of a chain is a chain: a decoded view is scanned only around what it decoded,
   * which is sound only because the view it decodes is scanned too.
   */
  private static final List<List<Decoding>> CHAINS = List.of(
      List.of(),
      List.of(Decoding.JSON),
      List.of(Decoding.PERCENT),
      List.of(Decoding.HTML),
      List.of(Decoding.JSON, Decoding.PERCENT),
      List.of(Decoding.HTML, Decoding.JSON),
      List.of(Decoding.HTML, Decoding.PERCENT),
      List.of(Decoding.HTML, Decoding.JSON, Decoding.PERCENT));

  private final Set<String> values;
  private final PatternAutomaton automaton;

  private Redactor(Set<String> values) {
    this.values = values;
    List<byte[]> patterns = new ArrayList<>();
    for (String value : values) {
      patterns.addAll(SecretForms.of(value));
    }
    this.automaton = new PatternAutomaton(patterns);
  }

  /**
   * A redactor that changes nothing.
   *
   * @return the redactor
   */
  public static Redactor none() {
    return NONE;
  }

  /**
   * A redactor of these secret values; those shorter than {@value #MIN_SECRET_LENGTH}
   * characters are left out.
   *
   * @param values the values
   * @return the redactor
   */
  public static Redactor of(Collection<String> values) {
    Set<String> kept = new LinkedHashSet<>();
    for (String value : values) {
      if (isLongEnough(value)) {
        kept.add(value);
      }
    }
    return kept.isEmpty() ? NONE : new Redactor(Set.copyOf(kept));
  }

  /**
   * Whether a value is long enough to be redacted safely.
   *
   * @param value a secret value
   * @return true if it has at least {@value #MIN_SECRET_LENGTH} characters
   */
  public static boolean isLongEnough(String value) {
    return value.codePointCount(0, value.length()) >= MIN_SECRET_LENGTH;
  }

  /**
   * This redactor with more values, such as a request signature made for one call.
   *
   * @param more the further values
   * @return the redactor of both; this one when nothing is added
   */
  public Redactor with(Collection<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    Set<String> all = new LinkedHashSet<>(values);
    for (String value : more) {
      if (isLongEnough(value)) {
        all.add(value);
      }
    }
    return all.size() == values.size() ? this : new Redactor(Set.copyOf(all));
  }

  /**
   * How many bytes past a size cap a body must be read so that a secret straddling the cap is
   * still found whole (and replaced) rather than dropped with the cut.
   *
   * @return the number of bytes
   */
  public int lookahead() {
    return automaton.isEmpty() ? 0 : automaton.longest() * DecodedView.LONGEST_ESCAPE;
  }

  /**
   * A text with every form of every value replaced.
   *
   * @param text the text
   * @return the redacted text
   */
  public String redact(String text) {
    if (automaton.isEmpty()) {
      return text;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Result result = redact(bytes, bytes.length, false);
    return result.bytes == bytes ? text : new String(result.bytes, StandardCharsets.UTF_8);
  }

  /**
   * A body with every form of every value replaced, then cut at the cap. Redaction comes first,
   * so that a cut never leaves a secret's first bytes standing: where the cut or the end of what
   * was read falls inside what may be a secret, everything from that secret's first byte on is
   * dropped.
   *
   * @param body the bytes read, possibly more than the cap (up to {@link #lookahead()} more)
   * @param more whether the upstream had more bytes than were read
   * @param cap the most bytes the result may have
   * @return the redacted body, and whether it was cut
   */
  public Cut redactAndCut(byte[] body, boolean more, int cap) {
    Result result = automaton.isEmpty()
        ? new Result(body, List.of())
        : redact(body, body.length, more);
    byte[] bytes = result.bytes;
    if (bytes.length <= cap) {
      return new Cut(bytes, more);
    }
    int cut = cap;
    for (int marker : result.markers) {
      if (marker < cut && cut < marker + MARKER_BYTES.length) {
        cut = marker;
      }
    }
    if (automaton.isEmpty()) {
      return new Cut(Arrays.copyOf(bytes, cut), true);
    }
    // What stands before the cut may be the first bytes of a form that went on past it.
    return new Cut(redact(Arrays.copyOf(bytes, cut), cut, true).bytes, true);
  }

  /** A body after redaction and the cap. */
  public record Cut(byte[] bytes, boolean truncated) {}

  private record Result(byte[] bytes, List<Integer> markers) {}

  private static boolean contains(DecodedView[] views, int count, DecodedView view) {
    for (int i = 0; i < count; i++) {
      if (views[i] == view) {
        return true;
      }
    }
    return false;
  }

  /** The decodings of one body made so far, so that a chain's prefix is decoded once. */
  private static final class Memo {
    private final DecodedView[] from = new DecodedView[CHAINS.size() * 3];
    private final Decoding[] by = new Decoding[from.length];
    private final DecodedView[] to = new DecodedView[from.length];
    private int count;

    DecodedView decode(DecodedView view, Decoding decoding) {
      for (int i = 0; i < count; i++) {
        if (from[i] == view && by[i] == decoding) {
          return to[i];
        }
      }
      DecodedView decoded = view.decode(decoding);
      from[count] = view;
      by[count] = decoding;
      to[count] = decoded;
      count++;
      return decoded;
    }
  }

  private Result redact(byte[] body, int length, boolean more) {
    DecodedView raw = DecodedView.raw(body, length);
    // A decoding that finds nothing to undo returns its input: views are shared by identity, and
    // each is scanned once.
    DecodedView[] views = new DecodedView[CHAINS.size()];
    int viewCount = 0;
    Memo memo = new Memo();
    List<int[]> ranges = new ArrayList<>();
    int reach = automaton.longest() - 1;
    int keepUntil = length;
    for (List<Decoding> chain : CHAINS) {
      DecodedView view = raw;
      for (Decoding decoding : chain) {
        view = memo.decode(view, decoding);
      }
      if (contains(views, viewCount, view)) {
        continue;
      }
      views[viewCount++] = view;
      DecodedView searched = view;
      PatternAutomaton.MatchSink sink = (last, matched) -> ranges.add(
          new int[] {searched.rawStart(last - matched + 1), searched.rawEnd(last)});
      // A decoded view is scanned only around what it decoded (and at its end): elsewhere its
      // bytes are those of the view it decodes, already scanned.
      int[] windows = view.windows(reach);
      int depth = 0;
      for (int w = 0; w < windows.length; w += 2) {
        depth = automaton.scan(view.bytes, windows[w], windows[w + 1], sink);
      }
      if (more) {
        if (depth > 0) {
          keepUntil = Math.min(keepUntil, view.rawStart(view.length - depth));
        }
        if (view.pendingFrom >= 0) {
          keepUntil = Math.min(keepUntil, view.pendingFrom);
        }
      }
    }
    if (ranges.isEmpty() && keepUntil == length) {
      return new Result(length == body.length ? body : Arrays.copyOf(body, length), List.of());
    }
    ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(length);
    List<Integer> markers = new ArrayList<>();
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
        out.write(MARKER_BYTES, 0, MARKER_BYTES.length);
      }
      at = range[1];
    }
    if (at < keepUntil) {
      out.write(body, at, keepUntil - at);
    }
    return new Result(out.toByteArray(), markers);
  }
}
