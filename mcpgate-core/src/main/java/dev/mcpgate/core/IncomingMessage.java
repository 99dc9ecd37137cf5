package dev.mcpgate.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One parsed JSON-RPC message from a client: a request, a notification, or a response to a
 * request the server sent. Part of the transport SPI: a transport gets one from {@link
 * McpEndpoint#parse(byte[])} and hands it to {@link McpEndpoint#handle}. Immutable.
 *
 * @param kind what the message is
 * @param method the method, or null for a response
 * @param id the request id (a string or number node), or null for a notification
 * @param params the params object, or null if absent
 * @param result a response's result, or null
 * @param error a response's error object, or null
 */
public record IncomingMessage(
    Kind kind,
    @Nullable String method,
    @Nullable JsonNode id,
    @Nullable JsonNode params,
    @Nullable JsonNode result,
    @Nullable JsonNode error) {

  /** What a message is. */
  public enum Kind {
    /** A request: has a method and an id, expects a response. */
    REQUEST,
    /** A notification: has a method, no id, expects nothing. */
    NOTIFICATION,
    /** A response to a request the server sent. */
    RESPONSE
  }

  /** Validates the fields. */
  public IncomingMessage {
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * A request or notification.
   *
   * @param kind what the message is
   * @param method the method, or null for a response
   * @param id the request id, or null for a notification
   * @param params the params object, or null if absent
   */
  public IncomingMessage(
      Kind kind, @Nullable String method, @Nullable JsonNode id, @Nullable JsonNode params) {
    this(kind, method, id, params, null, null);
  }

  /**
   * Whether this is an {@code initialize} request, which opens a session.
   *
   * @return true for an {@code initialize} request
   */
  public boolean isInitialize() {
    return kind == Kind.REQUEST && "initialize".equals(method);
  }
}
