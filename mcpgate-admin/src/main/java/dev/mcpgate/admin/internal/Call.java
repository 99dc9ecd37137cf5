package dev.mcpgate.admin.internal;

import dev.mcpgate.control.Actor;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** One authenticated request on a matched route: its path parameters, query, headers, body. */
final class Call {

  private static final Pattern ETAG = Pattern.compile("(?:W/)?\"([1-9][0-9]{0,17})\"");

  final HttpServletRequest request;
  final Actor actor;
  private final Map<String, String> params;
  private final int maxBodyBytes;
  private byte @Nullable [] body;
  private @Nullable Map<String, String> query;

  Call(HttpServletRequest request, Actor actor, Map<String, String> params, int maxBodyBytes) {
    this.request = request;
    this.actor = actor;
    this.params = params;
    this.maxBodyBytes = maxBodyBytes;
  }

  String param(String name) {
    return params.get(name);
  }

  int number(String name) {
    String value = params.get(name);
    try {
      int number = Integer.parseInt(value);
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw Problems.badRequest(name, name + " must be a positive integer");
  }

  @Nullable String query(String name) {
    String value = rawQuery(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /**
   * A query parameter, read from the query string only: {@code getParameter} would also read a
   * form-encoded body, which is how curl sends {@code --data-binary} by default.
   */
  private @Nullable String rawQuery(String name) {
    if (query == null) {
      Map<String, String> parsed = new LinkedHashMap<>();
      String raw = request.getQueryString();
      if (raw != null) {
        for (String pair : raw.split("&")) {
          int eq = pair.indexOf('=');
          String key = eq < 0 ? pair : pair.substring(0, eq);
          String value = eq < 0 ? "" : pair.substring(eq + 1);
          try {
            parsed.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8),
                URLDecoder.decode(value, StandardCharsets.UTF_8));
          } catch (IllegalArgumentException e) {
            throw Problems.badRequest(null, "the query string is not well-formed");
          }
        }
      }
      query = parsed;
    }
    return query.get(name);
  }

  @Nullable Instant instant(String name) {
    String value = query(name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw Problems.badRequest(name, name + " must be an RFC 3339 time such as "
          + "2026-01-31T12:00:00Z");
    }
  }

  int limit() {
    String value = query("limit");
    if (value == null) {
      return 100;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= 1000) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw Problems.badRequest("limit", "limit must be an integer from 1 to 1000");
  }

  boolean dryRun() {
    String value = rawQuery("dryRun");
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true") || value.isEmpty()) {
      return true;
    }
    throw Problems.badRequest("dryRun", "dryRun must be true or false");
  }

  /** The revision named by {@code If-Match}, which an update requires (428 without it). */
  long ifMatch() {
    String value = request.getHeader("If-Match");
    if (value == null) {
      throw new Problems.Failure(Problems.problem(428, "precondition-required",
          "Precondition required", "an update needs If-Match with the ETag of the object "
              + "as last read", "If-Match"));
    }
    Matcher matcher = ETAG.matcher(value.strip());
    if (!matcher.matches()) {
      throw Problems.badRequest("If-Match", "If-Match must be one ETag such as \"3\"");
    }
    return Long.parseLong(matcher.group(1));
  }

  boolean hasIfMatch() {
    return request.getHeader("If-Match") != null;
  }

  byte[] body() {
    if (body == null) {
      try (InputStream in = request.getInputStream()) {
        byte[] read = in.readNBytes(maxBodyBytes + 1);
        if (read.length > maxBodyBytes) {
          throw new Problems.Failure(Problems.problem(413, "too-large", "Content too large",
              "the request body exceeds " + maxBodyBytes + " bytes", null));
        }
        body = read;
      } catch (IOException e) {
        throw Problems.badRequest(null, "the request body could not be read");
      }
    }
    return body;
  }

  /** The body as a JSON object. */
  Body json() {
    byte[] bytes = body();
    if (bytes.length == 0) {
      return new Body(Reply.JSON.createObjectNode());
    }
    try {
      JsonNode node = Reply.JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw Problems.badRequest(null, "the request body must be a JSON object");
      }
      return new Body(node);
    } catch (JacksonException e) {
      throw Problems.badRequest(null, "the request body is not valid JSON");
    }
  }

  /** A JSON request body, read field by field with problems that name the field. */
  record Body(JsonNode node) {

    String string(String field) {
      String value = optString(field);
      if (value == null) {
        throw Problems.invalid(field, field + " is required");
      }
      return value;
    }

    @Nullable String optString(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isString()) {
        throw Problems.invalid(field, field + " must be a string");
      }
      return value.asString();
    }

    boolean bool(String field, boolean otherwise) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return otherwise;
      }
      if (!value.isBoolean()) {
        throw Problems.invalid(field, field + " must be true or false");
      }
      return value.asBoolean();
    }

    @Nullable Boolean optBool(String field) {
      JsonNode value = node.get(field);
      return value == null || value.isNull() ? null : bool(field, false);
    }

    int integer(String field, int otherwise) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return otherwise;
      }
      if (!value.isInt()) {
        throw Problems.invalid(field, field + " must be an integer");
      }
      return value.asInt();
    }

    List<String> strings(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return List.of();
      }
      if (!value.isArray()) {
        throw Problems.invalid(field, field + " must be an array of strings");
      }
      List<String> out = new ArrayList<>();
      for (JsonNode item : value) {
        if (!item.isString()) {
          throw Problems.invalid(field, field + " must be an array of strings");
        }
        out.add(item.asString());
      }
      return out;
    }

    Map<String, String> stringMap(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return Map.of();
      }
      if (!value.isObject()) {
        throw Problems.invalid(field, field + " must be an object of strings");
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : value.properties()) {
        if (!entry.getValue().isString()) {
          throw Problems.invalid(field + "." + entry.getKey(), field + " values must be strings");
        }
        out.put(entry.getKey(), entry.getValue().asString());
      }
      return out;
    }
  }
}
