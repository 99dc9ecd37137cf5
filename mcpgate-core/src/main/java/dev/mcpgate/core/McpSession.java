package dev.mcpgate.core;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The protocol state of one MCP session: the negotiated protocol version, the client's log
 * level, and the requests in flight (so a client can cancel them).
 *
 * <p>Part of the transport SPI ({@link McpEndpoint}). A stateful transport keeps one per
 * session id (such as {@code MCP-Session-Id}), created by {@link McpEndpoint#newSession(String,
 * String)}; a stateless transport makes a fresh one per request with {@link
 * McpEndpoint#statelessSession(String)}. The engine changes the protocol state as messages are
 * handled; a transport reads it, marks the session used, and closes it. Thread-safe.
 */
public final class McpSession {

  private final @Nullable String id;
  private final @Nullable String owner;
  private final boolean stateless;
  private volatile @Nullable String protocolVersion;
  private volatile boolean initialized;
  private volatile LogLevel logLevel = LogLevel.INFO;
  private volatile boolean logging = true;
  private volatile @Nullable JsonNode clientCapabilities;
  private final Map<String, CompletableFuture<IncomingMessage>> awaited = new ConcurrentHashMap<>();
  private final AtomicLong nextRequestId = new AtomicLong(1);
  private volatile long lastUsedNanos;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Map<String, Runnable> cancellers = new ConcurrentHashMap<>();
  private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();

  McpSession(
      @Nullable String id, @Nullable String owner, @Nullable String protocolVersion, long nowNanos) {
    this.id = id;
    this.owner = owner;
    this.stateless = id == null;
    this.protocolVersion = protocolVersion;
    this.initialized = stateless;
    this.lastUsedNanos = nowNanos;
  }

  /**
   * The session's id, as sent in {@code MCP-Session-Id}.
   *
   * @return the id, or null for a stateless session
   */
  public @Nullable String id() {
    return id;
  }

  /**
   * A key for the identity that opened the session; a transport refuses the session id when a
   * different identity presents it.
   *
   * @return the owner key, or null when the session was opened anonymously
   */
  public @Nullable String owner() {
    return owner;
  }

  /**
   * The negotiated protocol version.
   *
   * @return the version, or null before {@code initialize}
   */
  public @Nullable String protocolVersion() {
    return protocolVersion;
  }

  /**
   * Whether the client sent {@code notifications/initialized} (always true when stateless).
   *
   * @return true once initialized
   */
  public boolean isInitialized() {
    return initialized;
  }

  /**
   * The least severe log level the client wants.
   *
   * @return the level; {@link LogLevel#INFO} until the client sets one
   */
  public LogLevel logLevel() {
    return logLevel;
  }

  /**
   * When the session was last used, on the scale of the gateway's {@link McpEndpoint#ticker() ticker}.
   *
   * @return nanos
   */
  public long lastUsedNanos() {
    return lastUsedNanos;
  }

  /**
   * Marks the session used now, for idle expiry.
   *
   * @param nowNanos the current reading of the gateway's {@link McpEndpoint#ticker() ticker}
   */
  public void touch(long nowNanos) {
    lastUsedNanos = nowNanos;
  }

  /**
   * Whether the session has been closed.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Closes the session and cancels its requests in flight. Idempotent.
   *
   * @return true if this call closed it, false if it was closed already
   */
  public boolean close() {
    if (!closed.compareAndSet(false, true)) {
      return false;
    }
    cancellers.values().forEach(Runnable::run);
    cancellers.clear();
    awaited.values().forEach(answer -> answer.cancel(false));
    awaited.clear();
    return true;
  }

  /**
   * Whether the client subscribed to a resource ({@code resources/subscribe}) and has not
   * unsubscribed since: a transport sends {@code notifications/resources/updated} for it only
   * then.
   *
   * @param uri the resource's URI
   * @return true if subscribed
   */
  public boolean isSubscribed(String uri) {
    return subscriptions.contains(uri);
  }

  void subscribe(String uri) {
    subscriptions.add(uri);
  }

  void unsubscribe(String uri) {
    subscriptions.remove(uri);
  }

  void protocolVersion(String version) {
    this.protocolVersion = version;
  }

  void markInitialized() {
    this.initialized = true;
  }

  void logLevel(LogLevel level) {
    this.logLevel = level;
    this.logging = true;
  }

  /** No log notifications at all: a 2026-07-28 request that set no log level. */
  void silence() {
    this.logging = false;
  }

  boolean logging() {
    return logging;
  }

  /**
   * Whether this is the per-request session of a stateless protocol revision (2026-07-28), whose
   * requests carry their version, capabilities and log level in {@code _meta}.
   *
   * @return true for a 2026-07-28 request
   */
  public boolean isStatelessRevision() {
    return McpGateway.STATELESS_PROTOCOL_VERSION.equals(protocolVersion);
  }

  void clientCapabilities(@Nullable JsonNode capabilities) {
    this.clientCapabilities = capabilities;
  }

  /** The capabilities the client declared (initialize or the request's _meta), or null. */
  @Nullable JsonNode clientCapabilities() {
    return clientCapabilities;
  }

  /** A new id for a request to the client, and the future its response completes. */
  String await(CompletableFuture<IncomingMessage> answer) {
    String requestId = "mcpgate-" + nextRequestId.getAndIncrement();
    awaited.put(requestId, answer);
    return requestId;
  }

  void forget(String requestId) {
    awaited.remove(requestId);
  }

  /** Completes the request to the client a response answers; false if none awaits it. */
  boolean answered(IncomingMessage response) {
    JsonNode id = response.id();
    if (id == null || !id.isString()) {
      return false;
    }
    CompletableFuture<IncomingMessage> answer = awaited.remove(id.asString());
    return answer != null && answer.complete(response);
  }

  /** Registers a request in flight; false if one with the same id is already running. */
  boolean inFlight(String requestKey, Runnable canceller) {
    return cancellers.putIfAbsent(requestKey, canceller) == null;
  }

  void done(String requestKey) {
    cancellers.remove(requestKey);
  }

  void cancel(String requestKey) {
    Runnable canceller = cancellers.remove(requestKey);
    if (canceller != null) {
      canceller.run();
    }
  }

  /** Shows the id and state, never the owner key. */
  @Override
  public String toString() {
    return "McpSession[" + (stateless ? "stateless" : id) + ", " + protocolVersion + "]";
  }
}
