package dev.mcpgate.core.internal;

import dev.mcpgate.api.McpGateException.ErrorCode;
import dev.mcpgate.core.IncomingMessage;
import dev.mcpgate.core.McpProtocolException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads and writes JSON-RPC 2.0 messages. Stateless and thread-safe. */
public final class JsonRpc {

  private JsonRpc() {}

  /**
   * Parses one JSON-RPC message. The body must be UTF-8 (a UTF-8 byte-order mark is tolerated);
   * UTF-16 and UTF-32 are refused rather than sniffed, so every hop reads the same characters.
   *
   * @param body the message bytes
   * @return the message
   * @throws McpProtocolException if the body is not one valid JSON-RPC message
   */
  public static IncomingMessage parse(byte[] body) {
    if (body.length == 0) {
      throw parseError("empty body");
    }
    if (!looksLikeUtf8(body) || !isWellFormedUtf8(body)) {
      throw parseError("the body must be UTF-8 encoded JSON");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(body);
    } catch (StreamConstraintsException e) {
      throw parseError("the message exceeds a parser limit (nesting deeper than "
          + Json.MAX_NESTING_DEPTH + ", or a value too long)");
    } catch (JacksonException e) {
      throw parseError("invalid JSON" + where(e.getLocation()));
    }
    if (node == null || node.isMissingNode()) {
      throw parseError("empty body");
    }
    if (node.isArray()) {
      throw invalid("JSON-RPC batches are not supported: send one message per request", null);
    }
    if (!node.isObject()) {
      throw invalid("a JSON-RPC message must be a JSON object", null);
    }
    JsonNode idNode = node.get("id");
    JsonNode id = validId(idNode) ? idNode : null;
    JsonNode version = node.get("jsonrpc");
    if (version == null || !version.isString() || !"2.0".equals(version.asString())) {
      throw invalid("\"jsonrpc\" must be \"2.0\"", id);
    }
    if (idNode != null && id == null) {
      throw invalid("\"id\" must be a string or an integer, and not null", null);
    }
    JsonNode params = node.get("params");
    JsonNode methodNode = node.get("method");
    if (methodNode != null) {
      if (!methodNode.isString() || methodNode.asString().isEmpty()) {
        throw invalid("\"method\" must be a non-empty string", id);
      }
      String method = methodNode.asString();
      return new IncomingMessage(
          id == null ? IncomingMessage.Kind.NOTIFICATION : IncomingMessage.Kind.REQUEST,
          method,
          id,
          params);
    }
    if (id != null && (node.has("result") || node.has("error"))) {
      return new IncomingMessage(
          IncomingMessage.Kind.RESPONSE, null, id, null, node.get("result"), node.get("error"));
    }
    throw invalid("a JSON-RPC request needs a \"method\"", id);
  }

  private static boolean validId(@Nullable JsonNode id) {
    return id != null && (id.isString() || id.isIntegralNumber());
  }

  private static boolean looksLikeUtf8(byte[] body) {
    // A JSON text starts with an ASCII character; in UTF-16 or UTF-32 one of its first bytes is
    // zero, and their byte-order marks start with 0xFE or 0xFF, which UTF-8 never uses.
    int first = body[0] & 0xFF;
    if (first == 0xFE || first == 0xFF) {
      return false;
    }
    for (int i = 0; i < Math.min(4, body.length); i++) {
      if (body[i] == 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWellFormedUtf8(byte[] body) {
    // Jackson decodes overlong forms (0xC0 0xAF reads as '/'). Refuse every sequence RFC 3629
    // forbids, so no character can hide from a filter that reads the bytes.
    int i = 0;
    while (i < body.length) {
      int lead = body[i] & 0xFF;
      if (lead < 0x80) {
        i++;
        continue;
      }
      int length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
          : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
      if (length == 0 || i + length > body.length) {
        return false;
      }
      int second = body[i + 1] & 0xFF;
      int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
      int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
      if (second < low || second > high) {
        return false;
      }
      for (int k = 2; k < length; k++) {
        if ((body[i + k] & 0xC0) != 0x80) {
          return false;
        }
      }
      i += length;
    }
    return true;
  }

  private static String where(@Nullable TokenStreamLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static McpProtocolException parseError(String message) {
    return new McpProtocolException(ErrorCode.PARSE_ERROR, "Parse error: " + message, null);
  }

  private static McpProtocolException invalid(String message, @Nullable JsonNode id) {
    return new McpProtocolException(ErrorCode.INVALID_REQUEST, "Invalid request: " + message, id);
  }

  /**
   * A success response.
   *
   * @param id the request's id
   * @param result the result
   * @return the response's bytes
   */
  public static byte[] result(JsonNode id, JsonNode result) {
    ObjectNode response = Json.MAPPER.createObjectNode();
    response.put("jsonrpc", "2.0");
    response.set("id", id);
    response.set("result", result);
    return Json.MAPPER.writeValueAsBytes(response);
  }

  /**
   * An error response.
   *
   * @param id the request's id, or null when it could not be read
   * @param code the JSON-RPC error code
   * @param message the message, safe for the client
   * @return the response's bytes
   */
  public static byte[] error(@Nullable JsonNode id, int code, String message) {
    ObjectNode response = Json.MAPPER.createObjectNode();
    response.put("jsonrpc", "2.0");
    if (id == null) {
      response.putNull("id");
    } else {
      response.set("id", id);
    }
    ObjectNode error = response.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return Json.MAPPER.writeValueAsBytes(response);
  }

  /**
   * A request the server sends the client.
   *
   * @param id the request's id
   * @param method the method
   * @param params the params
   * @return the request's bytes
   */
  public static byte[] request(String id, String method, JsonNode params) {
    ObjectNode request = Json.MAPPER.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", id);
    request.put("method", method);
    request.set("params", params);
    return Json.MAPPER.writeValueAsBytes(request);
  }

  /**
   * An error response with data.
   *
   * @param id the request's id, or null when it could not be read
   * @param code the JSON-RPC error code
   * @param message the message, safe for the client
   * @param data the error's data
   * @return the response's bytes
   */
  public static byte[] error(@Nullable JsonNode id, int code, String message, JsonNode data) {
    ObjectNode response = Json.MAPPER.createObjectNode();
    response.put("jsonrpc", "2.0");
    if (id == null) {
      response.putNull("id");
    } else {
      response.set("id", id);
    }
    ObjectNode error = response.putObject("error");
    error.put("code", code);
    error.put("message", message);
    error.set("data", data);
    return Json.MAPPER.writeValueAsBytes(response);
  }

  /**
   * A notification.
   *
   * @param method the method
   * @param params the params
   * @return the notification's bytes
   */
  public static byte[] notification(String method, JsonNode params) {
    ObjectNode notification = Json.MAPPER.createObjectNode();
    notification.put("jsonrpc", "2.0");
    notification.put("method", method);
    notification.set("params", params);
    return Json.MAPPER.writeValueAsBytes(notification);
  }
}
