package dev.mcpgate.servlet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An output as a reader who undoes escapes sees it: JSON string escapes, HTML references and
 * percent-encoding undone, alone and in turn, so that a search for a secret's plain value finds
 * it however many of its characters an upstream escaped.
 */
final class Decodings {

  private static final Pattern UNICODE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");
  private static final Pattern NUMERIC = Pattern.compile("&#([xX]?)([0-9a-fA-F]+);");

  private Decodings() {}

  static List<String> of(String text) {
    Set<String> views = new LinkedHashSet<>();
    String json = json(text);
    String html = html(text);
    views.add(json);
    views.add(html);
    views.add(percent(text));
    views.add(percent(json));
    views.add(percent(html));
    views.add(json(html));
    views.add(percent(json(html)));
    views.remove(text);
    return List.copyOf(views);
  }

  static String json(String text) {
    Matcher matcher = UNICODE.matcher(text.replace("\\/", "/").replace("\\\"", "\""));
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out,
          Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(matcher.group(1), 16))));
    }
    return matcher.appendTail(out).toString();
  }

  static String html(String text) {
    Matcher matcher = NUMERIC.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      int code = Integer.parseInt(matcher.group(2), matcher.group(1).isEmpty() ? 10 : 16);
      matcher.appendReplacement(out, Matcher.quoteReplacement(new String(Character.toChars(code))));
    }
    return matcher.appendTail(out).toString().replace("&sol;", "/").replace("&equals;", "=")
        .replace("&plus;", "+").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  /** Percent-decoding that keeps what is not an escape, as lenient servers do. */
  static String percent(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '+') {
        out.write(' ');
      } else if (bytes[i] == '%' && i + 2 < bytes.length
          && Character.digit(bytes[i + 1], 16) >= 0 && Character.digit(bytes[i + 2], 16) >= 0) {
        out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
