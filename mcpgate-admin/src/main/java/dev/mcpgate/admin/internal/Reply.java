package dev.mcpgate.admin.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP answer, built before anything is written: a status, a content type, a body and extra
 * headers.
 *
 * @param status the HTTP status
 * @param contentType the body's media type, or empty for none
 * @param body the body
 * @param headers extra headers
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

  static final JsonMapper JSON = JsonMapper.builder().build();

  /** Validates and copies the fields. */
  Reply {
    Objects.requireNonNull(contentType, "contentType");
    body = body.clone();
    headers = Map.copyOf(headers);
  }

  static Reply json(int status, Object value) {
    return new Reply(status, "application/json", JSON.writeValueAsBytes(value), Map.of());
  }

  static Reply empty(int status) {
    return new Reply(status, "", new byte[0], Map.of());
  }

  static Reply text(int status, String contentType, String body) {
    return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  Reply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, contentType, body, more);
  }

  Reply withBody(byte[] newBody) {
    return new Reply(status, contentType, newBody, headers);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Reply that && status == that.status
        && contentType.equals(that.contentType) && java.util.Arrays.equals(body, that.body)
        && headers.equals(that.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, contentType, java.util.Arrays.hashCode(body), headers);
  }

  @Override
  public String toString() {
    return "Reply[" + status + " " + contentType + ", " + body.length + " bytes]";
  }
}
