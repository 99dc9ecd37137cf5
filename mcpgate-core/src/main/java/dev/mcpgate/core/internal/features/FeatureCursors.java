package dev.mcpgate.core.internal.features;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Opaque list cursors for resources, templates and prompts: the key of the last item of the
 * previous page, so a page boundary stays valid when items are added or removed in between.
 */
final class FeatureCursors {

  private static final int MAX_CURSOR = 4096;

  private FeatureCursors() {}

  static String after(String kind, String lastKey) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((kind + ":" + lastKey).getBytes(StandardCharsets.UTF_8));
  }

  /** The key a cursor continues after, or null when it is not one of this kind's cursors. */
  static @Nullable String decode(String kind, String cursor) {
    if (cursor.isEmpty() || cursor.length() > MAX_CURSOR) {
      return null;
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    String prefix = kind + ":";
    return text.startsWith(prefix) && text.length() > prefix.length()
        ? text.substring(prefix.length()) : null;
  }
}
