package dev.mcpgate.admin.internal;

import dev.mcpgate.control.ControlObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one shape of every list: {@code {"items": [...], "nextCursor": ...}}, with an opaque
 * cursor; {@code limit} 1 to 1000.
 */
final class Pages {

  private Pages() {}

  static <T extends ControlObject> Reply objects(Call call, List<T> all) {
    return page(call, all.stream().sorted(Comparator.comparing(o -> o.meta().id())).toList(),
        o -> o.meta().id(), true);
  }

  /**
   * One page of a list: items after the cursor (the last id of the previous page), in the
   * list's order, at most {@code limit}.
   */
  static <T> Reply page(Call call, List<T> sorted, Function<T, String> id,
      boolean byId) {
    return Reply.json(200, pageBody(call, sorted, id));
  }

  static <T> Map<String, Object> pageBody(Call call, List<T> sorted,
      Function<T, String> id) {
    int limit = call.limit();
    String cursor = call.query("cursor");
    int start = 0;
    if (cursor != null) {
      String after;
      try {
        after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw Problems.badRequest("cursor", "cursor must be a nextCursor this API returned");
      }
      start = -1;
      for (int i = 0; i < sorted.size(); i++) {
        if (id.apply(sorted.get(i)).equals(after)) {
          start = i + 1;
          break;
        }
      }
      if (start < 0) {
        throw Problems.badRequest("cursor", "cursor names an object that is gone; start again");
      }
    }
    List<T> items = sorted.subList(start, Math.min(sorted.size(), start + limit));
    String next = start + limit < sorted.size() && !items.isEmpty()
        ? Base64.getUrlEncoder().withoutPadding().encodeToString(
            id.apply(items.get(items.size() - 1)).getBytes(StandardCharsets.UTF_8))
        : null;
    return listingBody(items, next);
  }

  static Reply listing(List<?> items, @Nullable String next) {
    return Reply.json(200, listingBody(items, next));
  }

  static Map<String, Object> listingBody(List<?> items, @Nullable String next) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("nextCursor", next);
    return body;
  }

  static String cursor(long first, long second) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((first + "." + second).getBytes(StandardCharsets.UTF_8));
  }

  static long[] cursor(String value, int parts) {
    try {
      String[] split = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8)
          .split("\\.");
      if (split.length == parts) {
        long[] out = new long[parts];
        for (int i = 0; i < parts; i++) {
          out[i] = Long.parseLong(split[i]);
          if (out[i] < 0) {
            throw new NumberFormatException();
          }
        }
        return out;
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw Problems.badRequest("cursor", "cursor must be a nextCursor this API returned");
  }
}
