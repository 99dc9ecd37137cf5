package dev.mcpgate.servlet;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * How the Streamable HTTP transport behaves: where it is mounted, which hosts and origins it
 * answers, its limits and whether it keeps sessions.
 *
 * <p>The defaults suit a server on the local machine: only the loopback host names ({@code
 * localhost}, {@code 127.0.0.1}, {@code [::1]}) are accepted in {@code Host}, and only loopback
 * origins in {@code Origin}, which defeats DNS rebinding. A deployment reachable under other
 * names lists them with {@link Builder#allowedHosts} and {@link Builder#allowedOrigins}.
 *
 * <p>Immutable and thread-safe.
 */
public final class McpTransportConfig {

  /** The loopback host names accepted by default. */
  public static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

  private final String path;
  private final Set<String> allowedHosts;
  private final boolean anyHost;
  private final Set<String> allowedOrigins;
  private final long maxBodyBytes;
  private final boolean stateless;
  private final Duration sessionIdleTimeout;
  private final int maxSessions;
  private final int maxStreamsPerSession;
  private final Duration keepAliveInterval;
  private final @Nullable ThreadFactory threadFactory;
  private final @Nullable ProtectedResourceMetadata protectedResource;
  private final boolean authenticateRestRoutes;
  private final List<String> publicPaths;

  private McpTransportConfig(Builder builder) {
    this.path = builder.path;
    this.allowedHosts = Set.copyOf(builder.allowedHosts);
    this.anyHost = builder.anyHost;
    this.allowedOrigins = Set.copyOf(builder.allowedOrigins);
    this.maxBodyBytes = builder.maxBodyBytes;
    this.stateless = builder.stateless;
    this.sessionIdleTimeout = builder.sessionIdleTimeout;
    this.maxSessions = builder.maxSessions;
    this.maxStreamsPerSession = builder.maxStreamsPerSession;
    this.keepAliveInterval = builder.keepAliveInterval;
    this.threadFactory = builder.threadFactory;
    this.protectedResource = builder.protectedResource;
    this.authenticateRestRoutes = builder.authenticateRestRoutes;
    this.publicPaths = List.copyOf(builder.publicPaths);
  }

  /**
   * The defaults: path {@code /mcp}, loopback hosts and origins, 4 MiB bodies, sessions that
   * expire after 30 idle minutes, at most 10,000 sessions.
   *
   * @return the default configuration
   */
  public static McpTransportConfig defaults() {
    return builder().build();
  }

  /**
   * A builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The path the filter answers, relative to the context path.
   *
   * @return such as {@code /mcp}
   */
  public String path() {
    return path;
  }

  /**
   * Whether a {@code Host} header value is accepted.
   *
   * @param host the header's value, with or without a port
   * @return true if allowed
   */
  public boolean isHostAllowed(String host) {
    if (anyHost) {
      return true;
    }
    String value = host.toLowerCase(Locale.ROOT);
    return allowedHosts.contains(value) || allowedHosts.contains(stripPort(value));
  }

  /**
   * Whether an {@code Origin} header value is accepted. An entry {@code http://host:*} admits
   * any port.
   *
   * @param origin the header's value
   * @return true if allowed
   */
  public boolean isOriginAllowed(String origin) {
    String value = origin.toLowerCase(Locale.ROOT);
    if (allowedOrigins.contains(value)) {
      return true;
    }
    int schemeEnd = value.indexOf("://");
    if (schemeEnd < 0) {
      return false;
    }
    String scheme = value.substring(0, schemeEnd);
    String host = stripPort(value.substring(schemeEnd + 3));
    return allowedOrigins.contains(scheme + "://" + host + ":*");
  }

  /**
   * The largest request body accepted; larger ones get 413.
   *
   * @return bytes
   */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * Whether the transport runs without sessions (no {@code MCP-Session-Id}), for replicas
   * behind a load balancer without sticky sessions.
   *
   * @return true if stateless
   */
  public boolean stateless() {
    return stateless;
  }

  /**
   * How long an unused session lives.
   *
   * @return the idle timeout
   */
  public Duration sessionIdleTimeout() {
    return sessionIdleTimeout;
  }

  /**
   * The most sessions alive at once; beyond it {@code initialize} gets 503.
   *
   * @return the bound
   */
  public int maxSessions() {
    return maxSessions;
  }

  /**
   * The most {@code GET} streams one session may hold open.
   *
   * @return the bound
   */
  public int maxStreamsPerSession() {
    return maxStreamsPerSession;
  }

  /**
   * How often an idle {@code GET} stream gets a keep-alive comment.
   *
   * @return the interval
   */
  public Duration keepAliveInterval() {
    return keepAliveInterval;
  }

  /**
   * What makes the transport's one background thread (keep-alives and session expiry).
   *
   * @return the factory, if set; otherwise the transport makes a daemon thread named {@code
   *     mcpgate-sessions}
   */
  public Optional<ThreadFactory> threadFactory() {
    return Optional.ofNullable(threadFactory);
  }

  /**
   * The OAuth protected resource metadata the filter serves and every challenge points to.
   *
   * @return the metadata, if configured
   */
  public Optional<ProtectedResourceMetadata> protectedResource() {
    return Optional.ofNullable(protectedResource);
  }

  /**
   * Whether the filter authenticates the host application's own routes (every path but the MCP
   * endpoint, the metadata document and the {@link #publicPaths()}) with the gateway's identity
   * resolver, rate limiter and audit sink.
   *
   * @return true if it does
   */
  public boolean authenticateRestRoutes() {
    return authenticateRestRoutes;
  }

  /**
   * The paths of the host application left open when {@link #authenticateRestRoutes()} is on.
   *
   * @return patterns as given to {@link Builder#publicPaths(List)}
   */
  public List<String> publicPaths() {
    return publicPaths;
  }

  /**
   * Whether a path of the host application is left open: it equals a pattern, or a pattern
   * ends in {@code /*} and the path is that prefix or lies below it.
   *
   * @param path the path relative to the context path, decoded and normalized (the servlet path
   *     and path info, as the container maps it)
   * @return true if the path is public
   */
  public boolean isPublicPath(String path) {
    for (String pattern : publicPaths) {
      if (pattern.endsWith("/*")) {
        String prefix = pattern.substring(0, pattern.length() - 2);
        if (prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/")) {
          return true;
        }
      } else if (path.equals(pattern)) {
        return true;
      }
    }
    return false;
  }

  private static String stripPort(String hostAndPort) {
    if (hostAndPort.startsWith("[")) {
      int end = hostAndPort.indexOf(']');
      return end < 0 ? hostAndPort : hostAndPort.substring(0, end + 1);
    }
    int colon = hostAndPort.lastIndexOf(':');
    return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
  }

  /** Builds a {@link McpTransportConfig}. Not thread-safe. */
  public static final class Builder {
    private String path = "/mcp";
    private final Set<String> allowedHosts = new LinkedHashSet<>(LOOPBACK_HOSTS);
    private boolean anyHost;
    private final Set<String> allowedOrigins = new LinkedHashSet<>();
    private long maxBodyBytes = 4L * 1024 * 1024;
    private boolean stateless;
    private Duration sessionIdleTimeout = Duration.ofMinutes(30);
    private int maxSessions = 10_000;
    private int maxStreamsPerSession = 4;
    private Duration keepAliveInterval = Duration.ofSeconds(15);
    private @Nullable ThreadFactory threadFactory;
    private @Nullable ProtectedResourceMetadata protectedResource;
    private boolean authenticateRestRoutes;
    private final List<String> publicPaths = new ArrayList<>();

    private Builder() {
      for (String host : LOOPBACK_HOSTS) {
        allowedOrigins.add("http://" + host + ":*");
        allowedOrigins.add("https://" + host + ":*");
      }
    }

    /**
     * Sets the path the filter answers; default {@code /mcp}.
     *
     * @param path starts with {@code /}
     * @return this builder
     */
    public Builder path(String path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /**
     * Adds host names accepted in {@code Host}, as {@code name} (any port) or {@code
     * name:port}. The loopback names are always accepted.
     *
     * @param hosts the host names
     * @return this builder
     */
    public Builder allowedHosts(List<String> hosts) {
      hosts.forEach(host -> allowedHosts.add(host.toLowerCase(Locale.ROOT)));
      return this;
    }

    /**
     * Accepts any {@code Host}. Only for a server that is never reachable from a browser on the
     * same machine (DNS rebinding) or that authenticates every request.
     *
     * @return this builder
     */
    public Builder allowAnyHost() {
      this.anyHost = true;
      return this;
    }

    /**
     * Adds origins accepted in {@code Origin}, as {@code scheme://host[:port]} or {@code
     * scheme://host:*} for any port. Requests without {@code Origin} (non-browser clients) are
     * not affected.
     *
     * @param origins the origins
     * @return this builder
     */
    public Builder allowedOrigins(List<String> origins) {
      origins.forEach(origin -> allowedOrigins.add(origin.toLowerCase(Locale.ROOT)));
      return this;
    }

    /**
     * Sets the largest request body accepted; default 4 MiB.
     *
     * @param bytes at least 1 KiB
     * @return this builder
     */
    public Builder maxBodyBytes(long bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * Runs without sessions.
     *
     * @param stateless true for stateless mode
     * @return this builder
     */
    public Builder stateless(boolean stateless) {
      this.stateless = stateless;
      return this;
    }

    /**
     * Sets how long an unused session lives; default 30 minutes.
     *
     * @param timeout at least one second
     * @return this builder
     */
    public Builder sessionIdleTimeout(Duration timeout) {
      this.sessionIdleTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets the most sessions alive at once; default 10,000.
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxSessions(int max) {
      this.maxSessions = max;
      return this;
    }

    /**
     * Sets the most {@code GET} streams per session; default 4.
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxStreamsPerSession(int max) {
      this.maxStreamsPerSession = max;
      return this;
    }

    /**
     * Sets the keep-alive interval of {@code GET} streams; default 15 seconds.
     *
     * @param interval at least 100 ms
     * @return this builder
     */
    public Builder keepAliveInterval(Duration interval) {
      this.keepAliveInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Sets what makes the transport's one background thread (keep-alives and session expiry),
     * for an application that names, groups or monitors its threads; by default a daemon thread
     * named {@code mcpgate-sessions}. The thread should be a daemon, or the transport closed, so
     * that it does not keep the JVM alive.
     *
     * @param threads the factory
     * @return this builder
     */
    public Builder threadFactory(ThreadFactory threads) {
      this.threadFactory = Objects.requireNonNull(threads, "threads");
      return this;
    }

    /**
     * Publishes OAuth protected resource metadata (RFC 9728): the filter serves it at {@code
     * /.well-known/oauth-protected-resource} and at {@link
     * ProtectedResourceMetadata#metadataPath()}, and every 401 and 403 challenge carries its URL
     * as {@code resource_metadata}. Without it, challenges are plain {@code Bearer}.
     *
     * @param metadata the metadata, or null for none
     * @return this builder
     */
    public Builder protectedResource(@Nullable ProtectedResourceMetadata metadata) {
      this.protectedResource = metadata;
      return this;
    }

    /**
     * Makes the filter authenticate the host application's own routes with the same credentials
     * as the MCP endpoint: each request that is not the MCP endpoint, the metadata document, a
     * CORS preflight or a {@linkplain #publicPaths(List) public path} is resolved by the
     * gateway's identity resolver, counted against its rate limiter and recorded in its audit
     * sink. An authenticated request continues down the chain with its caller in the request
     * attribute {@link McpFilter#CALLER_ATTRIBUTE}; any other gets 401 (or 403, or 429 with
     * {@code Retry-After}). Only {@code REQUEST} dispatches are checked: a forward, include,
     * error or async dispatch (such as an in-process tool call) is the application's own. Off
     * by default.
     *
     * @param authenticate true to authenticate the host's routes
     * @return this builder
     */
    public Builder authenticateRestRoutes(boolean authenticate) {
      this.authenticateRestRoutes = authenticate;
      return this;
    }

    /**
     * Adds paths of the host application left open when {@link
     * #authenticateRestRoutes(boolean)} is on: an exact path ({@code /health}) or a prefix ending
     * in {@code /*} ({@code /static/*} opens {@code /static} and everything below it). Paths are
     * matched against the container's decoded, normalized path relative to the context path,
     * the one it maps servlets with, never the raw request URI.
     *
     * @param patterns the patterns
     * @return this builder
     */
    public Builder publicPaths(List<String> patterns) {
      patterns.forEach(pattern -> publicPaths.add(Objects.requireNonNull(pattern, "pattern")));
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a value is out of range
     */
    public McpTransportConfig build() {
      if (!path.startsWith("/") || path.length() < 2) {
        throw new IllegalArgumentException("path must start with '/' and name a path: " + path);
      }
      if (maxBodyBytes < 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
      }
      if (sessionIdleTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("sessionIdleTimeout must be at least one second");
      }
      if (maxSessions < 1 || maxStreamsPerSession < 1) {
        throw new IllegalArgumentException("maxSessions and maxStreamsPerSession must be >= 1");
      }
      if (keepAliveInterval.toMillis() < 100) {
        throw new IllegalArgumentException("keepAliveInterval must be at least 100 ms");
      }
      for (String pattern : publicPaths) {
        String fixed =
            pattern.endsWith("/*") ? pattern.substring(0, pattern.length() - 2) : pattern;
        if (!pattern.startsWith("/") || fixed.contains("*")) {
          throw new IllegalArgumentException("public path '" + pattern
              + "' must start with '/' and may only end in '/*' as a wildcard");
        }
      }
      return new McpTransportConfig(this);
    }
  }
}
