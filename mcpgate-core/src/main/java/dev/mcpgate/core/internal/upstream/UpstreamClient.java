package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.Ticker;
import dev.mcpgate.core.internal.upstream.Http1Connection.Deadline;
import dev.mcpgate.core.upstream.UpstreamRequest;
import dev.mcpgate.core.upstream.UpstreamResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's HTTP/1.1 client for upstream calls. It connects only to the addresses the SSRF
 * guard checked ({@link CheckedTarget.Allowed#addresses()}) while the {@code Host} header, TLS SNI
 * and certificate check use the checked host name, which {@code java.net.http.HttpClient} on
 * Java 17 cannot do; the host is never resolved again, so DNS rebinding cannot move a call.
 *
 * <p>Each call has one deadline for connecting, sending and reading the whole response; the body
 * is read up to a cap and never buffered beyond it; redirects are returned, never followed.
 * Connections whose response was fully read are kept for reuse per scheme, host, port, address
 * and TLS context. Error messages name at most the host and port, never the path, query or a
 * header value. Thread-safe.
 */
public final class UpstreamClient implements AutoCloseable {

  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

  /**
   * Request headers the client writes itself: framing and connection management belong to the
   * gateway, and it reads bodies without content codings, so it alone says which it accepts.
   */
  private static final Set<String> OWN_HEADERS = Set.of("host", "content-length",
      "transfer-encoding", "connection", "upgrade", "te", "keep-alive", "accept-encoding");

  /** Methods whose servers may answer 411 Length Required to a request without a length. */
  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

  private final Duration connectTimeout;
  private final Ticker ticker;
  private final long idleNanos;
  private final int maxIdlePerRoute;
  private final ScheduledThreadPoolExecutor writeAlarms;

  /** Writes up to this size never block: every platform's socket send buffer is larger. */
  private static final int UNBLOCKING_WRITE = 16 * 1024;

  /** Idle connections per route, the most recently used first. Guarded by itself. */
  private final Map<Route, ArrayDeque<Http1Connection>> idle = new HashMap<>();
  private long nextSweep;
  private boolean closed;

  /**
   * Creates a client with an empty pool that reads time from the system ticker.
   *
   * @param connectTimeout how long one connection attempt to one address may take; the call's
   *     own timeout bounds it too
   * @param idleTimeout how long an unused connection is kept for reuse
   * @param maxIdlePerRoute how many unused connections are kept per route; 0 keeps none
   * @throws IllegalArgumentException if a duration is not positive or the count is negative
   */
  public UpstreamClient(Duration connectTimeout, Duration idleTimeout, int maxIdlePerRoute) {
    this(connectTimeout, idleTimeout, maxIdlePerRoute, Ticker.system());
  }

  /**
   * Creates a client with an empty pool.
   *
   * @param connectTimeout how long one connection attempt to one address may take; the call's
   *     own timeout bounds it too
   * @param idleTimeout how long an unused connection is kept for reuse
   * @param maxIdlePerRoute how many unused connections are kept per route; 0 keeps none
   * @param ticker what a call's deadline and a connection's idle time are read from
   * @throws IllegalArgumentException if a duration is not positive or the count is negative
   */
  public UpstreamClient(
      Duration connectTimeout, Duration idleTimeout, int maxIdlePerRoute, Ticker ticker) {
    this.ticker = java.util.Objects.requireNonNull(ticker, "ticker");
    if (connectTimeout.isNegative() || connectTimeout.isZero() || idleTimeout.isNegative()
        || idleTimeout.isZero()) {
      throw new IllegalArgumentException("the connect and idle timeouts must be positive");
    }
    if (maxIdlePerRoute < 0) {
      throw new IllegalArgumentException("maxIdlePerRoute must not be negative");
    }
    this.connectTimeout = connectTimeout;
    this.idleNanos = idleTimeout.compareTo(Duration.ofDays(1)) > 0
        ? Duration.ofDays(1).toNanos() : idleTimeout.toNanos();
    this.maxIdlePerRoute = maxIdlePerRoute;
    this.nextSweep = ticker.read() + idleNanos;
    // Socket writes cannot time out in Java: a timer closes the socket of a write still blocked
    // at the deadline (an upstream that does not read). Its one thread exists only while needed.
    this.writeAlarms = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "mcpgate-upstream-write-deadline");
      thread.setDaemon(true);
      return thread;
    });
    writeAlarms.setRemoveOnCancelPolicy(true);
    writeAlarms.setKeepAliveTime(10, TimeUnit.SECONDS);
    writeAlarms.allowCoreThreadTimeOut(true);
  }

  /**
   * Sends one request to a checked target; never resolves the host again; never follows
   * redirects.
   *
   * <p>The addresses are tried in order until one accepts the connection. For {@code https}, the
   * server's certificate must be valid for {@link CheckedTarget.Allowed#host()}. A pooled
   * connection that the upstream closed before answering is replaced by a fresh one once, for
   * idempotent methods only.
   *
   * @param request the request; its framing headers ({@code Host}, {@code Content-Length},
   *     {@code Transfer-Encoding}, {@code Connection}, {@code Upgrade}, {@code TE}, {@code
   *     Keep-Alive}, {@code Proxy-*}) and {@code Accept-Encoding} are replaced by the client's own
   * @param target the checked target: where to connect and which host to name
   * @param tls the TLS context for {@code https}, such as a binding's client certificate from
   *     {@link MutualTls}; null for the JVM's default
   * @param timeout the time the whole call may take, from connecting to the last body byte
   * @param maxResponseBytes the body size cap; longer bodies are cut and marked truncated
   * @return the response, redirects included
   * @throws UpstreamTimeoutException if the call did not finish within the timeout
   * @throws IOException if the upstream cannot be reached, fails TLS checks, or closes or breaks
   *     the connection before the response is complete
   * @throws IllegalArgumentException if the request cannot be written: a header value with a
   *     control character, a header name or method that is not a token, or a scheme other than
   *     {@code http} and {@code https}; the message names the header, never its value; or if
   *     the timeout is not positive or the cap is negative
   * @throws IllegalStateException if the client is closed
   */
  public UpstreamResponse send(UpstreamRequest request, CheckedTarget.Allowed target,
      @Nullable SSLContext tls, Duration timeout, long maxResponseBytes) throws IOException {
    if (timeout.isNegative() || timeout.isZero() || maxResponseBytes < 0) {
      throw new IllegalArgumentException("the timeout must be positive and the cap not negative");
    }
    String scheme = target.uri().getScheme().toLowerCase(Locale.ROOT);
    boolean https = scheme.equals("https");
    if (!https && !scheme.equals("http")) {
      throw new IllegalArgumentException("only http and https upstreams are supported");
    }
    byte[] head = head(request, target, https);
    Deadline deadline = Deadline.after(timeout, ticker);
    synchronized (idle) {
      if (closed) {
        throw new IllegalStateException("the upstream client is closed");
      }
    }
    try {
      SSLContext context = https ? (tls != null ? tls : defaultContext()) : null;
      Http1Connection pooled = takeIdle(scheme, target, context);
      if (pooled != null) {
        try {
          return exchange(pooled, head, request, deadline, maxResponseBytes);
        } catch (IOException e) {
          if (pooled.receivedAny() || e instanceof UpstreamTimeoutException
              || !IDEMPOTENT.contains(request.method())) {
            throw e;
          }
          // The upstream closed the idle connection before it could have acted on the request:
          // a fresh connection is safe for a method that may be repeated.
        }
      }
      Http1Connection fresh = connect(scheme, target, context, deadline);
      return exchange(fresh, head, request, deadline, maxResponseBytes);
    } catch (UpstreamTimeoutException e) {
      throw e;
    } catch (IOException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IOException(
          "upstream " + target.host() + ":" + target.port() + ": " + reason, e);
    }
  }

  /** Closes the idle connections; calls in flight finish, then close their connections. */
  @Override
  public void close() {
    List<Http1Connection> toClose = new ArrayList<>();
    synchronized (idle) {
      closed = true;
      idle.values().forEach(toClose::addAll);
      idle.clear();
    }
    toClose.forEach(Http1Connection::close);
    // The write-alarm timer is not shut down: calls in flight still need it, and its thread
    // ends by itself once idle.
  }

  private UpstreamResponse exchange(Http1Connection connection, byte[] head,
      UpstreamRequest request, Deadline deadline, long maxResponseBytes) throws IOException {
    boolean done = false;
    try {
      connection.begin(deadline);
      int size = head.length + (request.body() == null ? 0 : request.body().length);
      if (size <= UNBLOCKING_WRITE) {
        // Fits in any socket send buffer: the write returns at once, whatever the upstream
        // does, so it needs no alarm (and the call no wake-up of the timer thread).
        connection.write(head, request.body());
      } else {
        ScheduledFuture<?> alarm = writeAlarms.schedule(
            connection::close, deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        try {
          connection.write(head, request.body());
        } finally {
          alarm.cancel(false);
        }
      }
      UpstreamResponse response =
          connection.readResponse(request.method().equals("HEAD"), maxResponseBytes);
      done = true;
      if (connection.reusable()) {
        release(connection);
      } else {
        connection.close();
      }
      return response;
    } catch (IOException e) {
      // A socket closed by the write alarm fails with a plain socket error.
      throw !(e instanceof UpstreamTimeoutException) && deadline.expired()
          ? deadline.exceeded() : e;
    } finally {
      if (!done) {
        connection.close();
      }
    }
  }

  private Http1Connection connect(String scheme, CheckedTarget.Allowed target,
      @Nullable SSLContext tls, Deadline deadline) throws IOException {
    IOException failure = null;
    for (InetAddress address : target.addresses()) {
      int timeoutMillis = (int) Math.min(connectTimeout.toMillis(), deadline.remainingMillis());
      Socket socket = new Socket();
      try {
        // An InetSocketAddress made from an InetAddress is never resolved.
        socket.connect(new InetSocketAddress(address, target.port()), Math.max(1, timeoutMillis));
        socket.setTcpNoDelay(true);
      } catch (IOException e) {
        socket.close();
        failure = e;
        continue;
      }
      try {
        Socket layered = tls == null ? socket : handshake(socket, tls, target, deadline);
        return new Http1Connection(
            new Route(scheme, target.host(), target.port(), address, tls), socket, layered);
      } catch (IOException | RuntimeException e) {
        socket.close();
        throw e;
      }
    }
    if (deadline.expired()) {
      throw deadline.exceeded();
    }
    String reason = failure == null || failure.getMessage() == null
        ? "no address accepted the connection" : failure.getMessage();
    throw new IOException("cannot connect (" + reason.toLowerCase(Locale.ROOT) + ")", failure);
  }

  private static SSLSocket handshake(Socket socket, SSLContext tls, CheckedTarget.Allowed target,
      Deadline deadline) throws IOException {
    String host = target.host();
    boolean ipv6 = host.startsWith("[");
    // The TLS layer matches an IPv6 address against the certificate without the URL's brackets.
    String peerHost = ipv6 ? host.substring(1, host.length() - 1) : host;
    SSLSocket ssl = (SSLSocket) tls.getSocketFactory()
        .createSocket(socket, peerHost, target.port(), true);
    SSLParameters parameters = ssl.getSSLParameters();
    if (!ipv6 && !IpLiteral.looksLikeIpv4(host)) {
      try {
        parameters.setServerNames(List.of(new SNIHostName(host)));
      } catch (IllegalArgumentException e) {
        // SNIHostName refuses names outside strict host syntax (such as with '_'): such a server
        // gets no SNI, as from the JDK's own clients; the certificate is still checked.
      }
    }
    // Checks the certificate against the checked host name, not against the address.
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    ssl.setSSLParameters(parameters);
    socket.setSoTimeout(deadline.remainingMillis());
    try {
      ssl.startHandshake();
    } catch (SocketTimeoutException e) {
      throw deadline.exceeded();
    }
    return ssl;
  }

  private static SSLContext defaultContext() throws IOException {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("the JVM has no default TLS context", e);
    }
  }

  private @Nullable Http1Connection takeIdle(String scheme, CheckedTarget.Allowed target,
      @Nullable SSLContext tls) {
    List<Http1Connection> expired = new ArrayList<>();
    Http1Connection found = null;
    synchronized (idle) {
      long now = ticker.read();
      for (InetAddress address : target.addresses()) {
        Route route = new Route(scheme, target.host(), target.port(), address, tls);
        ArrayDeque<Http1Connection> queue = idle.get(route);
        while (found == null && queue != null && !queue.isEmpty()) {
          Http1Connection connection = queue.pollFirst();
          if (now - connection.idleSince() < idleNanos) {
            found = connection;
          } else {
            expired.add(connection);
          }
        }
        if (queue != null && queue.isEmpty()) {
          idle.remove(route);
        }
        if (found != null) {
          break;
        }
      }
    }
    expired.forEach(Http1Connection::close);
    return found;
  }

  private void release(Http1Connection connection) {
    List<Http1Connection> toClose = new ArrayList<>();
    synchronized (idle) {
      if (closed || maxIdlePerRoute == 0) {
        toClose.add(connection);
      } else {
        long now = ticker.read();
        connection.markIdle(now);
        ArrayDeque<Http1Connection> queue =
            idle.computeIfAbsent(connection.route(), route -> new ArrayDeque<>());
        queue.addFirst(connection);
        while (queue.size() > maxIdlePerRoute) {
          toClose.add(queue.pollLast());
        }
        // Without a reaper thread, expired connections of routes no longer called are closed
        // here, at most once per idle timeout.
        if (now - nextSweep >= 0) {
          nextSweep = now + idleNanos;
          for (Iterator<ArrayDeque<Http1Connection>> it = idle.values().iterator();
              it.hasNext(); ) {
            ArrayDeque<Http1Connection> routeQueue = it.next();
            while (!routeQueue.isEmpty() && now - routeQueue.peekLast().idleSince() >= idleNanos) {
              toClose.add(routeQueue.pollLast());
            }
            if (routeQueue.isEmpty()) {
              it.remove();
            }
          }
        }
      }
    }
    toClose.forEach(Http1Connection::close);
  }

  /** The request line and header section, validated; the body is written after it. */
  private static byte[] head(UpstreamRequest request, CheckedTarget.Allowed target,
      boolean https) {
    String method = request.method();
    if (!RequestBuilder.isToken(method)) {
      throw new IllegalArgumentException("the request method is not an HTTP token");
    }
    // The ASCII form percent-encodes any non-ASCII character a URI may hold unencoded.
    URI uri = URI.create(request.uri().toASCIIString());
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path);
    if (uri.getRawQuery() != null) {
      head.append('?').append(uri.getRawQuery());
    }
    head.append(" HTTP/1.1\r\n");
    head.append("Host: ").append(target.origin().hostHeader()).append("\r\n");

    boolean userAgent = false;
    boolean contentType = false;
    for (Map.Entry<String, String> header : request.headers()) {
      String name = header.getKey();
      refuseUnsendable(name, header.getValue());
      String lower = name.toLowerCase(Locale.ROOT);
      if (OWN_HEADERS.contains(lower) || lower.startsWith("proxy-")
          || (lower.equals("content-type") && request.body() == null)) {
        continue;
      }
      userAgent |= lower.equals("user-agent");
      contentType |= lower.equals("content-type");
      head.append(name).append(": ").append(header.getValue()).append("\r\n");
    }
    byte[] body = request.body();
    String bodyType = request.contentType();
    if (body != null && bodyType != null) {
      if (!contentType) {
        refuseUnsendable("Content-Type", bodyType);
        head.append("Content-Type: ").append(bodyType).append("\r\n");
      }
      head.append("Content-Length: ").append(body.length).append("\r\n");
    } else if (BODY_METHODS.contains(method)) {
      head.append("Content-Length: 0\r\n");
    }
    head.append("Accept-Encoding: identity\r\n");
    if (!userAgent) {
      head.append("User-Agent: mcpgate\r\n");
    }
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Why a request's headers cannot be written: what {@link #send} would refuse.
   *
   * @param request the request
   * @return the reason, naming the first header that cannot be written, never its value; empty
   *     when every header can
   */
  public static Optional<String> unsendableHeader(UpstreamRequest request) {
    for (Map.Entry<String, String> header : request.headers()) {
      String problem = unsendable(header.getKey(), header.getValue());
      if (problem != null) {
        return Optional.of(problem);
      }
    }
    return Optional.empty();
  }

  /** Refuses a header that could end its line early or be read differently by the upstream. */
  private static void refuseUnsendable(String name, String value) {
    String problem = unsendable(name, value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  private static @Nullable String unsendable(String name, String value) {
    if (!RequestBuilder.isToken(name)) {
      return "a request header name is not an HTTP token";
    }
    if (RequestBuilder.hasControl(value) || value.chars().anyMatch(c -> c > 0xFF)) {
      return "request header '" + name
          + "' has a control character (such as CR, LF or NUL) or a character outside "
          + "ISO-8859-1 in its value";
    }
    return null;
  }

  /**
   * What a pooled connection is kept under: a connection is reused only for the same scheme,
   * host (which its TLS session was checked against), port, address and TLS context. The TLS
   * context compares by identity, so each binding's client certificate has its own connections.
   */
  record Route(String scheme, String host, int port, InetAddress address,
      @Nullable SSLContext tls) {}
}
