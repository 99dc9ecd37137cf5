package dev.mcpgate.openapi.internal;

import org.jspecify.annotations.Nullable;

/** Cleans text taken from a description before it reaches a model or a terminal. */
public final class Text {

  /** The longest tool title kept. */
  public static final int MAX_TITLE = 200;

  /** The longest tool description kept. */
  public static final int MAX_DESCRIPTION = 4000;

  private Text() {}

  /**
   * Strips control characters (keeping line breaks), bidirectional overrides and other invisible
   * format characters, trims, and bounds the length (never splitting a surrogate pair).
   *
   * @param text the text, or null
   * @param max the longest result
   * @return the cleaned text, or null when nothing is left
   */
  public static @Nullable String clean(@Nullable String text, int max) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), max + 1));
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\t') {
        out.append(' ');
      } else if (c == '\r') {
        continue;
      } else if (c == '\n' || isVisible(c)) {
        out.appendCodePoint(c);
      }
    }
    String cleaned = out.toString().strip();
    if (cleaned.isEmpty()) {
      return null;
    }
    if (cleaned.length() > max) {
      int cut = max - 1;
      if (Character.isHighSurrogate(cleaned.charAt(cut - 1))) {
        cut--;
      }
      cleaned = cleaned.substring(0, cut) + "\u2026";
    }
    return cleaned;
  }

  private static boolean isVisible(int c) {
    int type = Character.getType(c);
    // Cc: control characters; Cf: format characters, which include the bidi overrides
    // (U+202A..U+202E, U+2066..U+2069) and zero-width characters used to hide text.
    return type != Character.CONTROL
        && type != Character.FORMAT
        && type != Character.UNASSIGNED
        && type != Character.PRIVATE_USE
        && type != Character.SURROGATE;
  }
}
