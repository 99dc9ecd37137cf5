package dev.mcpgate.openapi.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A request's URL, as a string or as a v2.0/v2.1 URL object ({@code raw}, {@code protocol},
 * {@code host}, {@code port}, {@code path}, {@code query}, {@code variable}), split into the
 * server, a path template and query parameters.
 *
 * @param raw the URL as written, variables unresolved
 * @param server {@code scheme://host[:port]}, or null when the collection does not say (the
 *     host is an unset variable, or the URL is relative)
 * @param unresolvedServer the unresolved host text, such as {@code {{base_url}}}, or null
 * @param pathTemplate the path template, such as {@code /v2/orders/{order_id}}
 * @param pathParameters the path template's variables, in order, with their descriptions (or
 *     null)
 * @param query the enabled query parameters
 * @param hadCredentials whether the URL carried {@code user:password@}, which is dropped
 */
public record PostmanUrl(
    String raw,
    @Nullable String server,
    @Nullable String unresolvedServer,
    String pathTemplate,
    Map<String, @Nullable String> pathParameters,
    List<Field> query,
    boolean hadCredentials) {

  private static final Pattern ABSOLUTE =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/]*)(.*)", Pattern.DOTALL);
  private static final Pattern USABLE_SERVER =
      Pattern.compile("(?i)https?://[A-Za-z0-9._~%!$&'()*+,;=:\\[\\]-]+");
  private static final Pattern PATH_VARIABLE = Pattern.compile(":([A-Za-z0-9_.-]+)");

  /** Copies the collections. */
  public PostmanUrl {
    pathParameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pathParameters));
    query = List.copyOf(query);
  }

  /**
   * A named input found in a request: a query parameter, header or form field.
   *
   * @param key the name on the wire
   * @param value the example value, or null (used only to find variables and content types)
   * @param description its description, or null
   */
  public record Field(String key, @Nullable String value, @Nullable String description) {}

  /**
   * Parses a request's {@code url}.
   *
   * @param url the URL string or object
   * @param variables the collection's variables
   * @return the parsed URL, or null when there is no URL
   */
  public static @Nullable PostmanUrl parse(@Nullable JsonNode url, PostmanVariables variables) {
    if (url == null || url.isNull()) {
      return null;
    }
    String raw;
    String beforeQuery;
    List<Field> query = new ArrayList<>();
    Map<String, @Nullable String> descriptions = new LinkedHashMap<>();
    if (url.isString()) {
      raw = url.asString().strip();
      beforeQuery = withoutQuery(raw);
      parseQuery(raw, query);
    } else if (url.isObject()) {
      String rawField = PostmanJson.text(url, "raw");
      String built = fromParts(url);
      if (built == null && rawField == null) {
        return null;
      }
      raw = rawField != null ? rawField.strip() : built;
      beforeQuery = built != null ? built : withoutQuery(raw);
      JsonNode list = url.get("query");
      if (list != null && list.isArray()) {
        for (JsonNode entry : list) {
          String key = entry.isObject() ? PostmanJson.text(entry, "key") : null;
          if (key != null && !key.isBlank() && !PostmanJson.disabled(entry)) {
            query.add(new Field(key.strip(), PostmanJson.text(entry, "value"),
                PostmanJson.description(entry)));
          }
        }
      } else {
        parseQuery(raw, query);
      }
      JsonNode pathVariables = url.get("variable");
      if (pathVariables != null && pathVariables.isArray()) {
        for (JsonNode entry : pathVariables) {
          String key = entry.isObject() ? PostmanJson.text(entry, "key") : null;
          if (key == null && entry.isObject()) {
            key = PostmanJson.text(entry, "id");
          }
          if (key != null) {
            descriptions.put(key.strip(), PostmanJson.description(entry));
          }
        }
      }
    } else {
      return null;
    }
    if (raw.isEmpty() && beforeQuery.isEmpty()) {
      return null;
    }
    return split(raw, variables.resolve(beforeQuery), descriptions, query);
  }

  private static PostmanUrl split(String raw, String url, Map<String, @Nullable String> described,
      List<Field> query) {
    String server = null;
    String unresolved = null;
    String rest;
    boolean credentials = false;
    Matcher absolute = ABSOLUTE.matcher(url);
    if (absolute.matches()) {
      String authority = absolute.group(2);
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        // user:password@host: a credential, never part of a tool definition.
        authority = authority.substring(at + 1);
        credentials = true;
      }
      String candidate = absolute.group(1).toLowerCase(Locale.ROOT) + "://" + authority;
      if (USABLE_SERVER.matcher(candidate).matches()) {
        server = candidate;
      } else {
        unresolved = absolute.group(1) + "://" + authority;
      }
      rest = absolute.group(3);
    } else if (url.startsWith("{{")) {
      int end = url.indexOf("}}");
      unresolved = url.substring(0, end + 2);
      rest = url.substring(end + 2);
    } else if (url.startsWith("/")) {
      rest = url;
    } else {
      // Postman sends a URL without a scheme over http.
      int slash = url.indexOf('/');
      String host = slash < 0 ? url : url.substring(0, slash);
      int at = host.lastIndexOf('@');
      if (at >= 0) {
        host = host.substring(at + 1);
        credentials = true;
      }
      rest = slash < 0 ? "" : url.substring(slash);
      String candidate = "http://" + host;
      if (USABLE_SERVER.matcher(candidate).matches()) {
        server = candidate;
      } else {
        unresolved = host;
      }
    }
    Map<String, @Nullable String> parameters = new LinkedHashMap<>();
    StringBuilder template = new StringBuilder();
    for (String segment : rest.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      template.append('/').append(templateSegment(segment, described, parameters));
    }
    return new PostmanUrl(raw, server, unresolved,
        template.length() == 0 ? "/" : template.toString(), parameters, query, credentials);
  }

  /** {@code :id} and {@code {{var}}} become {@code {id}} and {@code {var}}; braces are escaped. */
  private static String templateSegment(String segment, Map<String, @Nullable String> described,
      Map<String, @Nullable String> parameters) {
    Matcher colon = PATH_VARIABLE.matcher(segment);
    if (colon.matches()) {
      String name = colon.group(1);
      parameters.putIfAbsent(name, described.get(name));
      return "{" + name + "}";
    }
    StringBuilder out = new StringBuilder();
    Matcher reference = PostmanVariables.REFERENCE.matcher(segment);
    int last = 0;
    while (reference.find()) {
      out.append(escapeBraces(segment.substring(last, reference.start())));
      String name = safeName(reference.group(1));
      parameters.putIfAbsent(name, described.get(reference.group(1)));
      out.append('{').append(name).append('}');
      last = reference.end();
    }
    out.append(escapeBraces(segment.substring(last)));
    return out.toString();
  }

  private static String escapeBraces(String text) {
    return text.replace("{", "%7B").replace("}", "%7D");
  }

  /**
   * A variable's name made usable in a path template and as a tool input.
   *
   * @param name the variable's name
   * @return the name with characters outside {@code [A-Za-z0-9_.-]} replaced by {@code _}
   */
  public static String safeName(String name) {
    String safe = name.strip().replaceAll("[^A-Za-z0-9_.-]", "_");
    return safe.isEmpty() ? "_" : safe;
  }

  /** The URL before {@code ?} and {@code #}. */
  private static String withoutQuery(String raw) {
    int end = raw.length();
    int question = raw.indexOf('?');
    int hash = raw.indexOf('#');
    if (question >= 0) {
      end = question;
    }
    if (hash >= 0 && hash < end) {
      end = hash;
    }
    return raw.substring(0, end);
  }

  private static void parseQuery(String raw, List<Field> into) {
    int question = raw.indexOf('?');
    if (question < 0) {
      return;
    }
    String text = raw.substring(question + 1);
    int hash = text.indexOf('#');
    if (hash >= 0) {
      text = text.substring(0, hash);
    }
    for (String pair : text.split("&")) {
      int equals = pair.indexOf('=');
      String key = (equals < 0 ? pair : pair.substring(0, equals)).strip();
      if (!key.isEmpty()) {
        into.add(new Field(key, equals < 0 ? null : pair.substring(equals + 1), null));
      }
    }
  }

  /** Rebuilds the URL before its query from the object's parts, or null without host and path. */
  private static @Nullable String fromParts(JsonNode url) {
    JsonNode host = url.get("host");
    JsonNode path = url.get("path");
    if ((host == null || host.isNull()) && (path == null || path.isNull())) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    String protocol = PostmanJson.text(url, "protocol");
    if (protocol != null && !protocol.isBlank()) {
      out.append(protocol.strip().replaceAll(":?/*$", "")).append("://");
    }
    out.append(joined(host, "."));
    String port = PostmanJson.text(url, "port");
    if (port != null && !port.isBlank()) {
      out.append(':').append(port.strip());
    }
    String joinedPath = joined(path, "/");
    if (!joinedPath.isEmpty()) {
      if (!joinedPath.startsWith("/")) {
        out.append('/');
      }
      out.append(joinedPath);
    }
    return out.toString();
  }

  /** An array of strings (or v2.1 {@code {value}} objects) joined, or a string as it is. */
  private static String joined(@Nullable JsonNode node, String separator) {
    if (node == null || node.isNull()) {
      return "";
    }
    if (!node.isArray()) {
      return node.isContainer() ? "" : node.asString();
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode part : node) {
      String text = part.isObject() ? PostmanJson.text(part, "value") : part.isContainer()
          ? null : part.asString();
      if (text != null) {
        parts.add(text);
      }
    }
    return String.join(separator, parts);
  }
}
