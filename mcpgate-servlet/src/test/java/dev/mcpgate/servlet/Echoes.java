package dev.mcpgate.servlet;

import dev.mcpgate.testkit.FakeUpstream.Answer;
import dev.mcpgate.testkit.FakeUpstream.RecordedRequest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Upstreams that echo what they received, each the way a real one does: PHP's {@code
 * json_encode} ({@code \/} for {@code /}), a serializer that writes characters as {@code \}{@code
 * uXXXX}, a PHP error page (HTML entities), httpbin (parsed headers, query and cookies, the Basic
 * user and password decoded), a form-encoded debug answer, and a debug field in Base64.
 */
final class Echoes {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern AWS_SIGNATURE = Pattern.compile("Signature=([0-9a-f]+)");

  private Echoes() {}

  static Optional<String> awsSignature(RecordedRequest request) {
    Matcher matcher = AWS_SIGNATURE.matcher(request.header("Authorization").orElse(""));
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  static Answer echo(String mode, RecordedRequest request, String echo) {
    return switch (mode) {
      case "php_json" -> Answer.json(500, "{\"error\":\"Internal error\",\"request\":\""
          + phpJson(echo) + "\"}");
      case "unicode_json" -> Answer.json(401, "{\"error\":\"unauthorized\",\"request\":\""
          + unicodeJson(echo) + "\"}");
      case "html" -> Answer.status(500).withHeader("Content-Type", "text/html; charset=UTF-8")
          .withBody("<html><body><h1>Fatal error</h1><pre>" + html(echo) + "</pre></body></html>");
      case "httpbin" -> Answer.json(200, httpbin(request));
      case "form" -> Answer.status(500)
          .withHeader("Content-Type", "application/x-www-form-urlencoded")
          .withBody(form(request));
      case "base64" -> Answer.text(500, base64(echo));
      default -> throw new IllegalArgumentException(mode);
    };
  }

  /** The echo from the first secret it holds on, that secret starting at {@code at}. */
  static Answer straddling(String echo, Collection<String> secrets, int at) {
    int first = -1;
    for (String secret : secrets) {
      int index = echo.indexOf(secret);
      if (index >= 0 && (first < 0 || index < first)) {
        first = index;
      }
    }
    String from = first < 0 ? echo : echo.substring(first);
    return Answer.text(200, "x".repeat(Math.max(0, at)) + from);
  }

  /** PHP's json_encode: quotes, backslashes and slashes escaped, newlines as \n. */
  private static String phpJson(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/")
        .replace("\n", "\\n");
  }

  /** Every character that is not a letter, and every third letter, as \\uXXXX. */
  private static String unicodeJson(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(!Character.isLetter(c) || i % 3 == 0
          ? String.format(Locale.ROOT, i % 2 == 0 ? "\\u%04x" : "\\u%04X", (int) c)
          : String.valueOf(c));
    }
    return out.toString();
  }

  /** htmlspecialchars, and numeric references as some templates write them. */
  private static String html(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#039;").replace("/", "&#x2F;")
        .replace("-", "&#45;").replace("=", "&equals;").replace("_", "&#95;");
  }

  /** httpbin's /anything: parsed headers, query, cookies; the Basic credentials decoded. */
  private static String httpbin(RecordedRequest request) {
    Map<String, Object> answer = new LinkedHashMap<>();
    Map<String, String> args = new LinkedHashMap<>();
    String query = request.query() == null ? "" : request.query();
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        args.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    request.headers().forEach((name, values) -> headers.put(name, String.join(",", values)));
    Map<String, String> cookies = new LinkedHashMap<>();
    for (String pair : request.header("Cookie").orElse("").split(";")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        cookies.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
      }
    }
    answer.put("args", args);
    answer.put("headers", headers);
    answer.put("cookies", cookies);
    answer.put("url", "http://upstream.test" + request.target());
    String authorization = request.header("Authorization").orElse("");
    if (authorization.startsWith("Basic ")) {
      String pair = new String(Base64.getDecoder().decode(authorization.substring(6)),
          StandardCharsets.UTF_8);
      answer.put("user", pair.substring(0, pair.indexOf(':')));
      answer.put("password", pair.substring(pair.indexOf(':') + 1));
    }
    return JSON.writeValueAsString(answer);
  }

  /** Every header and the query, form-encoded as a debugging endpoint would answer them. */
  private static String form(RecordedRequest request) {
    StringBuilder out = new StringBuilder("target="
        + URLEncoder.encode(request.target(), StandardCharsets.UTF_8));
    request.headers().forEach((name, values) -> values.forEach(value -> out.append('&')
        .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8))));
    return out.toString();
  }

  /** Each line, and the whole, in Base64 and unpadded base64url. */
  private static String base64(String echo) {
    StringBuilder out = new StringBuilder("debug trace:\n");
    for (String line : echo.split("\n")) {
      String value = line.contains(": ") ? line.substring(line.indexOf(": ") + 2) : line;
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      out.append(Base64.getEncoder().encodeToString(bytes)).append(' ')
          .append(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)).append('\n');
    }
    return out.append(Base64.getEncoder().encodeToString(echo.getBytes(StandardCharsets.UTF_8)))
        .toString();
  }
}
