package dev.mcpgate.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Opaque {@code tools/list} cursors. A cursor names the last tool of the previous page, so a
 * page boundary stays valid when other tools are added or removed in between; it is base64url
 * so clients treat it as opaque.
 */
public final class Cursors {

  private static final String PREFIX = "t1:";

  private Cursors() {}

  /**
   * The cursor that continues after a tool.
   *
   * @param lastName the last tool's name on this page
   * @return the cursor
   */
  public static String after(String lastName) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + lastName).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The tool name a cursor continues after.
   *
   * @param cursor the cursor from a client
   * @return the name, or null when the cursor was not made by {@link #after(String)}
   */
  public static @Nullable String decode(String cursor) {
    if (cursor.isEmpty() || cursor.length() > 256) {
      return null;
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!text.startsWith(PREFIX) || text.length() == PREFIX.length()) {
      return null;
    }
    String name = text.substring(PREFIX.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || c == '_' || c == '-' || c == '.';
      if (!allowed) {
        return null;
      }
    }
    return name;
  }
}
