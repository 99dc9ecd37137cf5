package dev.mcpgate.control;

import java.util.regex.Pattern;

/** The id rules the objects share. */
final class Ids {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private Ids() {}

  /** A name: 1 to 64 of {@code [A-Za-z0-9_.-]}, starting with a letter or digit. */
  static String name(String what, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must be 1 to 64 of A-Z a-z 0-9 _ . -, "
          + "starting with a letter or digit");
    }
    return value;
  }
}
