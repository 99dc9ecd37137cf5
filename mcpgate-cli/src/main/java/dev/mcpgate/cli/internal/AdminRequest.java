package dev.mcpgate.cli.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One admin API operation as a command asks for it, whichever back end answers: the operation's
 * id in {@code admin-api.json}, its method and path template with the path parameters, the
 * query, a JSON body or an uploaded description, the revision {@code If-Match} names, and
 * whether it is a dry run. Immutable.
 *
 * @param operation the operation's id, such as {@code listSources}
 * @param method the HTTP method
 * @param template the path under {@code api/v1}, such as {@code /sources/{source}}
 * @param params the path parameters by name
 * @param query the query parameters (nulls dropped)
 * @param body the JSON body, or null
 * @param upload an uploaded description, or null
 * @param ifMatch the revision the change expects, or null for none
 * @param dryRun whether to preview the change only
 */
public record AdminRequest(
    String operation,
    String method,
    String template,
    Map<String, String> params,
    Map<String, String> query,
    @Nullable JsonNode body,
    byte @Nullable [] upload,
    @Nullable Long ifMatch,
    boolean dryRun) {

  /** Validates and copies the fields. */
  public AdminRequest {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(template, "template");
    params = Map.copyOf(params);
    Map<String, String> kept = new LinkedHashMap<>();
    query.forEach((name, value) -> {
      if (value != null) {
        kept.put(name, value);
      }
    });
    query = java.util.Collections.unmodifiableMap(kept);
    upload = upload == null ? null : upload.clone();
  }

  /**
   * A read (GET) with no query.
   *
   * @param operation the operation's id
   * @param template the path template
   * @param params the path parameters, as name, value, name, value...
   * @return the request
   */
  public static AdminRequest get(String operation, String template, String... params) {
    return new AdminRequest(operation, "GET", template, pairs(params), Map.of(), null, null,
        null, false);
  }

  /**
   * A change.
   *
   * @param operation the operation's id
   * @param method its method
   * @param template the path template
   * @param body the JSON body, or null
   * @param params the path parameters, as name, value, name, value...
   * @return the request, without If-Match and not a dry run
   */
  public static AdminRequest change(String operation, String method, String template,
      @Nullable JsonNode body, String... params) {
    return new AdminRequest(operation, method, template, pairs(params), Map.of(), body, null,
        null, false);
  }

  /**
   * This request with a query.
   *
   * @param more the query parameters; null values are dropped
   * @return a copy
   */
  public AdminRequest withQuery(Map<String, @Nullable String> more) {
    Map<String, String> all = new LinkedHashMap<>(query);
    more.forEach((name, value) -> {
      if (value != null) {
        all.put(name, value);
      }
    });
    return new AdminRequest(operation, method, template, params, all, body, upload, ifMatch,
        dryRun);
  }

  /**
   * This request with an uploaded description.
   *
   * @param bytes the description
   * @return a copy
   */
  public AdminRequest withUpload(byte[] bytes) {
    return new AdminRequest(operation, method, template, params, query, body, bytes, ifMatch,
        dryRun);
  }

  /**
   * This request with If-Match and the dry-run flag.
   *
   * @param revision the revision expected, or null
   * @param preview whether to preview only
   * @return a copy
   */
  public AdminRequest expecting(@Nullable Long revision, boolean preview) {
    return new AdminRequest(operation, method, template, params, query, body, upload, revision,
        preview);
  }

  /**
   * A path parameter.
   *
   * @param name its name
   * @return its value
   * @throws IllegalStateException if the template has no such parameter
   */
  public String param(String name) {
    String value = params.get(name);
    if (value == null) {
      throw new IllegalStateException(operation + " has no path parameter " + name);
    }
    return value;
  }

  /**
   * The path with its parameters filled in, each percent-encoded as one segment.
   *
   * @return the path under {@code api/v1}
   */
  public String path() {
    String path = template;
    for (Map.Entry<String, String> param : params.entrySet()) {
      path = path.replace("{" + param.getKey() + "}",
          URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return path;
  }

  private static Map<String, String> pairs(String... params) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < params.length; i += 2) {
      map.put(params[i], params[i + 1]);
    }
    return map;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AdminRequest that && operation.equals(that.operation)
        && path().equals(that.path()) && query.equals(that.query)
        && Objects.equals(body, that.body) && java.util.Arrays.equals(upload, that.upload)
        && Objects.equals(ifMatch, that.ifMatch) && dryRun == that.dryRun;
  }

  @Override
  public int hashCode() {
    return Objects.hash(operation, path(), query, body, java.util.Arrays.hashCode(upload),
        ifMatch, dryRun);
  }

  @Override
  public String toString() {
    return "AdminRequest[" + operation + " " + method + " " + path() + "]";
  }
}
