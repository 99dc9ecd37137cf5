package dev.mcpgate.core.internal.redaction;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A body as one decoder reads it, each byte mapped back to the range of raw bytes it came from.
 *
 * <p>An upstream that echoes a secret may have escaped any character of it: JSON writers put
 * {@code \/} for {@code /} and may write any character as {@code \}{@code uXXXX}; URLs and forms
 * carry {@code %XX} in either case and {@code +} for a space; HTML pages carry named, decimal
 * and hexadecimal character references. Rather than enumerate every mix of escaped and plain
 * characters (their number grows exponentially with the secret's length), the body is decoded,
 * each decoding is searched for the secret's plain forms, and a match is mapped back to the raw
 * bytes to replace. Decodings compose ({@code HTML} then {@code JSON} then {@code percent}) for
 * an echo escaped twice.
 *
 * <p>A view holds its bytes and, per escape it decoded, where that escape was in the view it
 * decodes; the raw view needs none. Not thread-safe; one per body.
 */
final class DecodedView {

  /** A decoding of one escaping scheme. */
  enum Decoding {
    /** JSON string escapes: {@code \/}, {@code \"}, {@code \\}, {@code \n}..., {@code \}uXXXX. */
    JSON((byte) '\\', (byte) '\\'),
    /** Percent-encoding and form encoding: {@code %XX} in either case, {@code +} for space. */
    PERCENT((byte) '%', (byte) '+'),
    /** HTML character references: {@code &amp;}, {@code &#47;}, {@code &#x2F;}. */
    HTML((byte) '&', (byte) '&');

    private final byte trigger;
    private final byte otherTrigger;

    Decoding(byte trigger, byte otherTrigger) {
      this.trigger = trigger;
      this.otherTrigger = otherTrigger;
    }

    private int bit() {
      return 1 << ordinal();
    }
  }

  /** Per byte value, the bits of the decodings it may begin an escape of. */
  private static final byte[] TRIGGERS = new byte[256];

  static {
    for (Decoding decoding : Decoding.values()) {
      TRIGGERS[decoding.trigger & 0xFF] |= (byte) decoding.bit();
      TRIGGERS[decoding.otherTrigger & 0xFF] |= (byte) decoding.bit();
    }
  }

  /** The longest escape any decoding reads: {@code &#x0010FFFF;} and its like. */
  static final int LONGEST_ESCAPE = 12;

  private static final Map<String, String> ENTITIES = Map.ofEntries(
      Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"),
      Map.entry("quot", "\""), Map.entry("apos", "'"), Map.entry("sol", "/"),
      Map.entry("plus", "+"), Map.entry("equals", "="), Map.entry("percnt", "%"),
      Map.entry("colon", ":"), Map.entry("semi", ";"), Map.entry("num", "#"),
      Map.entry("excl", "!"), Map.entry("quest", "?"), Map.entry("commat", "@"),
      Map.entry("dollar", "$"), Map.entry("lowbar", "_"), Map.entry("period", "."),
      Map.entry("comma", ","), Map.entry("hyphen", "-"), Map.entry("dash", "-"),
      Map.entry("tilde", "~"), Map.entry("bsol", "\\"), Map.entry("verbar", "|"),
      Map.entry("Hat", "^"), Map.entry("grave", "`"), Map.entry("lpar", "("),
      Map.entry("rpar", ")"), Map.entry("lsqb", "["), Map.entry("rsqb", "]"),
      Map.entry("lcub", "{"), Map.entry("rcub", "}"), Map.entry("ast", "*"),
      Map.entry("nbsp", "\u00a0"), Map.entry("NewLine", "\n"), Map.entry("Tab", "\t"));

  final byte[] bytes;
  final int length;
  /** The view this one decodes, or null for the raw body. */
  private final @Nullable DecodedView parent;
  /**
   * One entry per escape decoded: where its bytes start here, how many there are, where the
   * escape starts in the parent, how long it is there. Between escapes, bytes map one to one.
   * Four numbers per escape rather than an offset per byte: decoding a large body with a few
   * escapes costs little more than its bytes.
   */
  private final int[] segments;
  private final int segmentCount;
  /** The raw offset where an escape cut off by the end of the input begins, or -1. */
  final int pendingFrom;
  /** The bits of the decodings whose trigger bytes occur here; -1 until first asked. */
  private int triggers = -1;

  private DecodedView(byte[] bytes, int length, @Nullable DecodedView parent, int[] segments,
      int segmentCount, int pendingFrom) {
    this.bytes = bytes;
    this.length = length;
    this.parent = parent;
    this.segments = segments;
    this.segmentCount = segmentCount;
    this.pendingFrom = pendingFrom;
  }

  /** The body as it is. */
  static DecodedView raw(byte[] body, int length) {
    return new DecodedView(body, length, null, new int[0], 0, -1);
  }

  /** The raw offset where this view's byte {@code index} begins. */
  int rawStart(int index) {
    if (parent == null) {
      return index;
    }
    int segment = segmentOf(index);
    if (segment >= 0 && index < segments[4 * segment] + segments[4 * segment + 1]) {
      return parent.rawStart(segments[4 * segment + 2]);
    }
    return parent.rawStart(parentIndex(segment, index));
  }

  /** The raw offset just past this view's byte {@code index}. */
  int rawEnd(int index) {
    if (parent == null) {
      return index + 1;
    }
    int segment = segmentOf(index);
    if (segment >= 0 && index < segments[4 * segment] + segments[4 * segment + 1]) {
      return parent.rawEnd(segments[4 * segment + 2] + segments[4 * segment + 3] - 1);
    }
    return parent.rawEnd(parentIndex(segment, index));
  }

  /** The last escape whose bytes start at or before {@code index}, or -1. */
  private int segmentOf(int index) {
    int low = 0;
    int high = segmentCount - 1;
    int found = -1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      if (segments[4 * middle] <= index) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  /** The parent's index of a byte that is no escape's, after escape {@code segment}. */
  private int parentIndex(int segment, int index) {
    if (segment < 0) {
      return index;
    }
    int afterOut = segments[4 * segment] + segments[4 * segment + 1];
    int afterIn = segments[4 * segment + 2] + segments[4 * segment + 3];
    return afterIn + (index - afterOut);
  }

  /**
   * This view decoded once more, or this very view when it holds nothing to decode.
   *
   * @param decoding the escaping scheme to undo
   * @return the decoded view
   */
  DecodedView decode(Decoding decoding) {
    // A view none of whose bytes begins such an escape is its own decoding: one pass over the
    // bytes tells that for every decoding at once.
    if ((triggers() & decoding.bit()) == 0) {
      return this;
    }
    // Nothing is copied before the first escape that decodes: a body whose '&' or '%' are plain
    // text costs a scan, not a copy.
    byte trigger = decoding.trigger;
    byte otherTrigger = decoding.otherTrigger;
    Output probe = new Output(0);
    int first = nextTrigger(0, trigger, otherTrigger);
    while (first < length && escape(decoding, first, probe) == 0) {
      first = nextTrigger(first + 1, trigger, otherTrigger);
    }
    if (first >= length) {
      return this;
    }
    Output out = new Output(length);
    System.arraycopy(bytes, 0, out.bytes, 0, first);
    out.length = first;
    int pending = pendingFrom;
    int i = first;
    while (i < length) {
      int at = nextTrigger(i, trigger, otherTrigger);
      if (at > i) {
        // A run of plain bytes, copied at once.
        out.addAll(bytes, i, at - i);
        i = at;
        if (i >= length) {
          break;
        }
      }
      byte b = bytes[i];
      int before = out.length;
      int consumed = escape(decoding, i, out);
      if (consumed == -1) {
        // An escape cut off by the end of the input: it may yet be part of a secret.
        int from = rawStart(i);
        pending = pending < 0 ? from : Math.min(pending, from);
        break;
      }
      if (consumed == 0) {
        out.add(b);
        i++;
      } else {
        out.segment(before, out.length - before, i, consumed);
        i += consumed;
      }
    }
    return new DecodedView(out.bytes, out.length, this, out.segments, out.segmentCount, pending);
  }

  /** The bits of the decodings whose trigger bytes occur in this view. */
  private int triggers() {
    int found = triggers;
    if (found < 0) {
      found = 0;
      for (int i = 0; i < length; i++) {
        found |= TRIGGERS[bytes[i] & 0xFF];
      }
      triggers = found;
    }
    return found;
  }

  /**
   * Where in this view a match can hold a decoded byte, as {@code [from, to)} pairs in order,
   * merged where they meet: each escape's decoded bytes widened by {@code reach} bytes on either
   * side, and the last {@code reach + 1} bytes (where a match, or the start of one, may meet the
   * end, which an escape cut off there moved). Every other match of this view is a match of the
   * view it decodes, byte for byte and at the same raw offsets; the raw body, decoding nothing,
   * is one range.
   *
   * @param reach how far a match may extend past a byte it holds: the longest pattern, less one
   * @return the ranges, flattened: from, to, from, to...
   */
  int[] windows(int reach) {
    if (parent == null) {
      return new int[] {0, length};
    }
    int[] windows = new int[2 * segmentCount + 2];
    int count = 0;
    for (int s = 0; s < segmentCount; s++) {
      int from = Math.max(0, segments[4 * s] - reach);
      int to = Math.min(length, segments[4 * s] + segments[4 * s + 1] + reach);
      if (count > 0 && from <= windows[count - 1]) {
        windows[count - 1] = Math.max(windows[count - 1], to);
      } else {
        windows[count++] = from;
        windows[count++] = to;
      }
    }
    int tail = Math.max(0, length - reach - 1);
    while (count > 0 && windows[count - 1] >= tail) {
      tail = Math.min(tail, windows[count - 2]);
      count -= 2;
    }
    if (tail < length) {
      windows[count++] = tail;
      windows[count++] = length;
    }
    return java.util.Arrays.copyOf(windows, count);
  }

  /** The index of the next trigger byte at or after {@code from}, or the length. */
  private int nextTrigger(int from, byte trigger, byte otherTrigger) {
    for (int i = from; i < length; i++) {
      byte b = bytes[i];
      if (b == trigger || b == otherTrigger) {
        return i;
      }
    }
    return length;
  }

  /** Decodes one escape at {@code i}: its length, 0 if there is none, -1 if cut off. */
  private int escape(Decoding decoding, int i, Output out) {
    return switch (decoding) {
      case JSON -> json(i, out);
      case PERCENT -> percent(i, out);
      case HTML -> html(i, out);
    };
  }

  /** Decodes a JSON escape at {@code i}; 0 if there is none, -1 if cut off by the end. */
  private int json(int i, Output out) {
    if (i + 1 >= length) {
      return -1;
    }
    byte next = bytes[i + 1];
    char plain = switch (next) {
      case '/' -> '/';
      case '"' -> '"';
      case '\\' -> '\\';
      case '\'' -> '\'';
      case 'n' -> '\n';
      case 't' -> '\t';
      case 'r' -> '\r';
      case 'b' -> '\b';
      case 'f' -> '\f';
      default -> 0;
    };
    if (plain != 0) {
      out.add((byte) plain);
      return 2;
    }
    if (next != 'u') {
      return 0;
    }
    if (i + 6 > length) {
      return -1;
    }
    int unit = hex(i + 2, 4);
    if (unit < 0) {
      return 0;
    }
    if (Character.isHighSurrogate((char) unit)) {
      if (i + 12 > length) {
        return -1;
      }
      int low = bytes[i + 6] == '\\' && bytes[i + 7] == 'u' ? hex(i + 8, 4) : -1;
      if (low >= 0 && Character.isLowSurrogate((char) low)) {
        out.addCodePoint(Character.toCodePoint((char) unit, (char) low));
        return 12;
      }
    }
    out.addCodePoint(unit);
    return 6;
  }

  /** Decodes {@code %XX} or {@code +} at {@code i}; 0 if there is none, -1 if cut off. */
  private int percent(int i, Output out) {
    if (bytes[i] == '+') {
      out.add((byte) ' ');
      return 1;
    }
    if (i + 3 > length) {
      return i + 1 < length && hex(i + 1, 1) < 0 ? 0 : -1;
    }
    int value = hex(i + 1, 2);
    if (value < 0) {
      return 0;
    }
    out.add((byte) value);
    return 3;
  }

  /** Decodes a character reference at {@code i}; 0 if there is none, -1 if cut off. */
  private int html(int i, Output out) {
    int limit = Math.min(length, i + LONGEST_ESCAPE);
    int semicolon = -1;
    for (int j = i + 1; j < limit; j++) {
      byte b = bytes[j];
      if (b == ';') {
        semicolon = j;
        break;
      }
      if (!(Character.isLetterOrDigit(b) || b == '#')) {
        break;
      }
    }
    if (semicolon < 0) {
      // Cut off only if every byte up to the end of the input could still be a reference.
      boolean open = limit == length && length - i < LONGEST_ESCAPE;
      for (int j = i + 1; open && j < length; j++) {
        open = Character.isLetterOrDigit(bytes[j]) || bytes[j] == '#';
      }
      return open ? -1 : 0;
    }
    String name = new String(bytes, i + 1, semicolon - i - 1, StandardCharsets.US_ASCII);
    int codePoint;
    if (name.startsWith("#x") || name.startsWith("#X")) {
      codePoint = parse(name.substring(2), 16);
    } else if (name.startsWith("#")) {
      codePoint = parse(name.substring(1), 10);
    } else {
      String plain = ENTITIES.get(name);
      codePoint = plain == null ? -1 : plain.codePointAt(0);
    }
    if (codePoint < 0) {
      return 0;
    }
    out.addCodePoint(codePoint);
    return semicolon - i + 1;
  }

  private static int parse(String digits, int radix) {
    if (digits.isEmpty() || digits.length() > 8) {
      return -1;
    }
    try {
      int value = Integer.parseInt(digits, radix);
      return value <= Character.MAX_CODE_POINT ? value : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private int hex(int from, int count) {
    int value = 0;
    for (int j = from; j < from + count; j++) {
      int digit = Character.digit(bytes[j], 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  /** The growing bytes and escape segments of a decoded view. */
  private static final class Output {
    byte[] bytes;
    int length;
    int[] segments = new int[16];
    int segmentCount;

    Output(int capacity) {
      bytes = new byte[Math.max(capacity, 16)];
    }

    void add(byte b) {
      if (length == bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
      }
      bytes[length++] = b;
    }

    void addAll(byte[] source, int from, int count) {
      if (length + count > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
      }
      System.arraycopy(source, from, bytes, length, count);
      length += count;
    }

    void segment(int outStart, int outLength, int inStart, int inLength) {
      if (4 * segmentCount + 4 > segments.length) {
        segments = java.util.Arrays.copyOf(segments, segments.length * 2);
      }
      segments[4 * segmentCount] = outStart;
      segments[4 * segmentCount + 1] = outLength;
      segments[4 * segmentCount + 2] = inStart;
      segments[4 * segmentCount + 3] = inLength;
      segmentCount++;
    }

    void addCodePoint(int codePoint) {
      if (codePoint < 0x80) {
        add((byte) codePoint);
        return;
      }
      if (Character.isSurrogate((char) codePoint) && codePoint <= 0xFFFF) {
        // A lone surrogate decodes to nothing a secret's UTF-8 bytes could contain.
        add((byte) '?');
        return;
      }
      for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
        add(b);
      }
    }
  }
}
