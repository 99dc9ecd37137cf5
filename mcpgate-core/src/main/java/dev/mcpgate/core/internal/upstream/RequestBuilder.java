package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamRequest;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.core.internal.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the upstream request of a call from the tool's {@link HttpOperation} and its validated
 * arguments. Only the binding decides where the request goes: arguments fill in values, and
 * every value is encoded for the one place it goes, so no argument can change the scheme, host,
 * port or route.
 *
 * <ul>
 *   <li>a path parameter is percent-encoded as one segment (everything but {@code
 *       A-Za-z0-9-._~}), and {@code .} or {@code ..} are refused as values;
 *   <li>query parameters follow their OpenAPI style ({@code form}, {@code spaceDelimited}, {@code
 *       pipeDelimited}, {@code deepObject}) and {@code explode}, with the delimiters and brackets
 *       percent-encoded ({@code %20}, {@code %7C}, {@code %5B}, {@code %5D});
 *   <li>header and cookie values with a control character (CR, LF, NUL, ...) are refused, and
 *       so are header values with a character outside ISO-8859-1 (such as {@code €}), which
 *       HTTP/1.1 cannot carry;
 *   <li>the body is JSON, form-urlencoded (nested objects as {@code a[b]=c}), multipart, or text.
 * </ul>
 *
 * <p>{@link #attempt} answers a refusal as a value ({@link Built.Refused}); {@link #build} throws
 * it as an {@link IllegalArgumentException}. Either way the reason names the parameter, never a
 * value. Stateless and thread-safe.
 */
public final class RequestBuilder {

  private RequestBuilder() {}

  /** What building a request came to: the request, or why the arguments cannot make one. */
  public sealed interface Built {

    /**
     * The request was built.
     *
     * @param request the request, without credentials
     */
    record Request(UpstreamRequest request) implements Built {
      /** Checks the request is present. */
      public Request {
        java.util.Objects.requireNonNull(request, "request");
      }
    }

    /**
     * The arguments cannot be placed where the tool's binding says: nothing may be sent.
     *
     * @param reason names the argument or parameter, never its value
     */
    record Refused(String reason) implements Built {
      /** Checks the reason is present. */
      public Refused {
        java.util.Objects.requireNonNull(reason, "reason");
      }
    }
  }

  /**
   * Builds the request, or says why the arguments cannot make one.
   *
   * @param operation the tool's HTTP binding
   * @param arguments the validated arguments
   * @return the request, or the refusal
   */
  public static Built attempt(HttpOperation operation, ObjectNode arguments) {
    try {
      return new Built.Request(build(operation, arguments));
    } catch (IllegalArgumentException refused) {
      // Every refusal of this class is thrown from here with a message that names no value.
      return new Built.Refused(refused.getMessage());
    }
  }

  /**
   * Builds the request.
   *
   * @param operation the tool's HTTP binding
   * @param arguments the validated arguments
   * @return the request, without credentials
   * @throws IllegalArgumentException if an argument cannot be placed where its binding says
   */
  public static UpstreamRequest build(HttpOperation operation, ObjectNode arguments) {
    URI server = server(operation.serverUrl());
    StringBuilder target = new StringBuilder();
    target.append(server.getScheme().toLowerCase(Locale.ROOT)).append("://")
        .append(server.getRawAuthority());
    String basePath = server.getRawPath() == null ? "" : server.getRawPath();
    target.append(basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath);
    appendPath(target, operation, arguments);

    List<String> query = new ArrayList<>();
    if (server.getRawQuery() != null) {
      query.add(server.getRawQuery());
    }
    Headers headers = Headers.empty();
    List<String> cookies = new ArrayList<>();
    JsonNode body = null;
    for (ParameterBinding binding : operation.parameters()) {
      JsonNode value = arguments.get(binding.argument());
      if (value == null || value.isNull()) {
        continue;
      }
      switch (binding.location()) {
        case PATH -> { }
        case QUERY -> query.add(query(binding, value));
        case HEADER -> headers = headers.plus(binding.wireName(), header(binding, value));
        case COOKIE -> cookies.add(cookie(binding, value));
        case BODY -> body = value;
      }
    }
    if (!cookies.isEmpty()) {
      headers = headers.plus("Cookie", String.join("; ", cookies));
    }
    query.removeIf(String::isEmpty);
    if (!query.isEmpty()) {
      target.append('?').append(String.join("&", query));
    }
    URI uri;
    try {
      uri = new URI(target.toString());
    } catch (URISyntaxException e) {
      // Never e.getMessage(): it quotes the whole URL, argument values included.
      throw new IllegalArgumentException("the arguments do not make a valid URL");
    }
    if (!Origin.same(server, uri) || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      // Defence in depth: encoding makes this impossible; if it ever happens, refuse.
      throw new IllegalArgumentException("the arguments would change the target");
    }

    byte[] bytes = null;
    String contentType = null;
    if (body != null) {
      String media = operation.bodyMediaType() == null
          ? "application/json"
          : operation.bodyMediaType().toLowerCase(Locale.ROOT);
      if (media.startsWith("application/x-www-form-urlencoded")) {
        bytes = form(body).getBytes(StandardCharsets.UTF_8);
        contentType = "application/x-www-form-urlencoded";
      } else if (media.startsWith("multipart/form-data")) {
        String boundary = "mcpgate-" + Long.toHexString(ThreadLocalRandom.current().nextLong())
            + Long.toHexString(ThreadLocalRandom.current().nextLong());
        bytes = multipart(body, boundary);
        contentType = "multipart/form-data; boundary=" + boundary;
      } else if (media.contains("json")) {
        bytes = Json.MAPPER.writeValueAsBytes(body);
        contentType = media;
      } else {
        bytes = (body.isString() ? body.asString() : body.toString())
            .getBytes(StandardCharsets.UTF_8);
        contentType = media;
      }
    }
    return new UpstreamRequest(operation.method(), uri, headers, bytes, contentType);
  }

  private static URI server(String serverUrl) {
    URI server;
    try {
      server = new URI(serverUrl);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the tool's server URL is not a valid URL");
    }
    String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || server.getHost() == null
        || server.getRawUserInfo() != null || server.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "the tool's server URL must be an absolute http(s) URL without user info or fragment");
    }
    return server;
  }

  private static void appendPath(StringBuilder target, HttpOperation operation, ObjectNode args) {
    String template = operation.pathTemplate();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '{') {
        target.append(c);
        i++;
        continue;
      }
      int end = template.indexOf('}', i);
      if (end < 0) {
        throw new IllegalArgumentException("the tool's path template has an unclosed '{'");
      }
      String name = template.substring(i + 1, end);
      ParameterBinding binding = pathBinding(operation, name);
      JsonNode value = args.get(binding.argument());
      if (value == null || value.isNull()) {
        throw new IllegalArgumentException("path parameter '" + name + "' is missing");
      }
      String text = simple(value, Boolean.TRUE.equals(binding.explode()));
      if (text.isEmpty()) {
        throw new IllegalArgumentException("path parameter '" + name + "' is empty");
      }
      if (text.equals(".") || text.equals("..")) {
        throw new IllegalArgumentException("path parameter '" + name + "' may not be '.' or '..'");
      }
      target.append(encode(text));
      i = end + 1;
    }
  }

  private static ParameterBinding pathBinding(HttpOperation operation, String name) {
    for (ParameterBinding binding : operation.parameters()) {
      if (binding.location() == ParameterBinding.Location.PATH && name.equals(binding.wireName())) {
        return binding;
      }
    }
    throw new IllegalArgumentException("the tool binds no argument to path parameter '" + name
        + "'");
  }

  private static String query(ParameterBinding binding, JsonNode value) {
    String name = binding.wireName();
    String style = binding.style() == null ? "form" : binding.style();
    boolean explode = binding.explode() == null ? style.equals("form") || style.equals("deepObject")
        : binding.explode();
    List<String> pairs = new ArrayList<>();
    if (value.isArray()) {
      List<String> items = scalars(value);
      switch (style) {
        case "spaceDelimited" -> pairs.add(encode(name) + "=" + join(items, "%20"));
        case "pipeDelimited" -> pairs.add(encode(name) + "=" + join(items, "%7C"));
        default -> {
          if (explode) {
            items.forEach(item -> pairs.add(encode(name) + "=" + encode(item)));
          } else {
            pairs.add(encode(name) + "=" + join(items, ","));
          }
        }
      }
    } else if (value.isObject()) {
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        String text = scalar(field.getValue());
        if (style.equals("deepObject")) {
          pairs.add(encode(name) + "%5B" + encode(field.getKey()) + "%5D=" + encode(text));
        } else if (explode) {
          pairs.add(encode(field.getKey()) + "=" + encode(text));
        }
      }
      if (!style.equals("deepObject") && !explode) {
        List<String> flat = new ArrayList<>();
        value.properties().forEach(field -> {
          flat.add(field.getKey());
          flat.add(scalar(field.getValue()));
        });
        pairs.add(encode(name) + "=" + join(flat, ","));
      }
    } else {
      pairs.add(encode(name) + "=" + encode(scalar(value)));
    }
    return String.join("&", pairs);
  }

  /** A header argument's value, refused unless HTTP/1.1 can carry it. */
  private static String header(ParameterBinding binding, JsonNode value) {
    String name = binding.wireName();
    if (name == null || !isToken(name)) {
      throw new IllegalArgumentException("the tool binds an argument to an invalid header name");
    }
    String text = simple(value, Boolean.TRUE.equals(binding.explode()));
    if (hasControl(text)) {
      throw new IllegalArgumentException("argument '" + binding.argument() + "' (header parameter '"
          + name + "') contains a control character (such as CR, LF or NUL)");
    }
    if (text.chars().anyMatch(c -> c > 0xFF)) {
      throw new IllegalArgumentException("argument '" + binding.argument() + "' (header parameter '"
          + name + "') contains a character outside ISO-8859-1, which a header cannot carry");
    }
    return text.strip();
  }

  private static String cookie(ParameterBinding binding, JsonNode value) {
    String name = binding.wireName();
    if (name == null || !isToken(name)) {
      throw new IllegalArgumentException("the tool binds an argument to an invalid cookie name");
    }
    String text = simple(value, false);
    if (hasControl(text)) {
      throw new IllegalArgumentException(
          "cookie parameter '" + name + "' contains a control character (such as CR or LF)");
    }
    // Percent-encoding keeps ';', ',', '"' and spaces from ending or splitting the cookie.
    return name + "=" + encode(text);
  }

  /** OpenAPI's {@code simple} style, used by path and header parameters. */
  private static String simple(JsonNode value, boolean explode) {
    if (value.isArray()) {
      return String.join(",", scalars(value));
    }
    if (value.isObject()) {
      List<String> parts = new ArrayList<>();
      value.properties().forEach(field -> parts.add(explode
          ? field.getKey() + "=" + scalar(field.getValue())
          : field.getKey() + "," + scalar(field.getValue())));
      return String.join(",", parts);
    }
    return scalar(value);
  }

  private static List<String> scalars(JsonNode array) {
    List<String> items = new ArrayList<>(array.size());
    array.forEach(item -> items.add(scalar(item)));
    return items;
  }

  /** A scalar as text; a nested object or array travels as its JSON text. */
  private static String scalar(JsonNode value) {
    if (value.isString()) {
      return value.asString();
    }
    if (value.isNumber() || value.isBoolean()) {
      return value.asString();
    }
    return value.isNull() ? "" : value.toString();
  }

  private static String join(List<String> items, String separator) {
    List<String> encoded = new ArrayList<>(items.size());
    items.forEach(item -> encoded.add(encode(item)));
    return String.join(separator, encoded);
  }

  /** Percent-encodes everything but RFC 3986's unreserved characters. */
  static String encode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int c = b & 0xFF;
      boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
      if (unreserved) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return out.toString();
  }

  static boolean hasControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7F || c == '\u2028' || c == '\u2029'
          || c == '\u0085') {
        return true;
      }
    }
    return false;
  }

  static boolean isToken(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** application/x-www-form-urlencoded: arrays repeat their key, nested objects use a[b]. */
  private static String form(JsonNode body) {
    List<String> pairs = new ArrayList<>();
    if (body.isObject()) {
      body.properties().forEach(field -> formField(pairs, field.getKey(), field.getValue(), 0));
    } else {
      throw new IllegalArgumentException("a form body must be an object");
    }
    return String.join("&", pairs);
  }

  private static void formField(List<String> pairs, String key, JsonNode value, int depth) {
    if (value.isNull()) {
      return;
    }
    if (value.isObject() && depth < 8) {
      value.properties().forEach(
          field -> formField(pairs, key + "[" + field.getKey() + "]", field.getValue(), depth + 1));
    } else if (value.isArray() && depth < 8) {
      boolean scalars = true;
      for (JsonNode item : value) {
        scalars &= !isContainer(item);
      }
      int index = 0;
      for (JsonNode item : value) {
        formField(pairs, depth == 0 && scalars ? key : key + "[" + index + "]", item, depth + 1);
        index++;
      }
    } else {
      pairs.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
          + URLEncoder.encode(scalar(value), StandardCharsets.UTF_8));
    }
  }

  private static boolean isContainer(JsonNode node) {
    return node.isObject() || node.isArray();
  }

  private static byte[] multipart(JsonNode body, String boundary) {
    if (!body.isObject()) {
      throw new IllegalArgumentException("a multipart body must be an object");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      if (field.getValue().isNull()) {
        continue;
      }
      String name = field.getKey();
      if (hasControl(name) || name.indexOf('"') >= 0) {
        throw new IllegalArgumentException("a multipart field name contains a forbidden character");
      }
      boolean json = isContainer(field.getValue());
      String content = json ? field.getValue().toString() : scalar(field.getValue());
      String part = "--" + boundary + "\r\n"
          + "Content-Disposition: form-data; name=\"" + name + "\"\r\n"
          + "Content-Type: " + (json ? "application/json" : "text/plain; charset=UTF-8")
          + "\r\n\r\n";
      out.writeBytes(part.getBytes(StandardCharsets.UTF_8));
      out.writeBytes(content.getBytes(StandardCharsets.UTF_8));
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
