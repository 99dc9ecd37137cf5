package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.Ticker;
import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 connection to an upstream: writes a request and reads its response under the
 * call's deadline. Used by one thread at a time: {@link UpstreamClient} lends it to one call,
 * then parks it in its idle pool; only {@link #close()} may come from another thread.
 */
final class Http1Connection {

  /** The cap on a response's header sections, interim ones, status lines and trailers included. */
  private static final int MAX_HEADER_BYTES = 64 * 1024;

  /** The cap on the number of header fields in one header section. */
  private static final int MAX_HEADER_FIELDS = 200;

  private static final int MAX_CHUNK_LINE = 1024;
  private static final int MAX_INITIAL_BODY = 1024 * 1024;

  /** How the end of a response body is found. */
  private enum Framing { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

  private final UpstreamClient.Route route;
  private final Socket raw;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] buffer = new byte[16 * 1024];
  private int pos;
  private int limit;
  private long idleSince;

  // State of the current exchange.
  private Deadline deadline = Deadline.after(Duration.ofDays(1), Ticker.system());
  private long received;
  private int headerBudget;
  private Framing framing = Framing.NONE;
  private long remaining;
  private boolean chunkStarted;
  private boolean bodyEnded;
  private boolean reusable;

  /**
   * Wraps a connected socket.
   *
   * @param route the pool key the connection belongs to
   * @param raw the TCP socket
   * @param socket the socket to talk HTTP over: {@code raw} itself, or a TLS socket layered on it
   */
  Http1Connection(UpstreamClient.Route route, Socket raw, Socket socket) throws IOException {
    this.route = route;
    this.raw = raw;
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
  }

  UpstreamClient.Route route() {
    return route;
  }

  long idleSince() {
    return idleSince;
  }

  void markIdle(long nanoTime) {
    idleSince = nanoTime;
  }

  /** Whether any byte of a response arrived in the current exchange. */
  boolean receivedAny() {
    return received > 0;
  }

  /** Whether the last response was read completely and the connection may carry another. */
  boolean reusable() {
    return reusable;
  }

  /**
   * Closes the TCP socket directly, without a TLS close_notify: it must not block, even when the
   * peer reads nothing, and a connection is only closed when it is unwanted or broken.
   */
  void close() {
    try {
      raw.close();
    } catch (IOException ignored) {
      // Nothing to recover: the socket is gone either way.
    }
  }

  /** Starts an exchange under a deadline. */
  void begin(Deadline callDeadline) {
    deadline = callDeadline;
    received = 0;
    headerBudget = MAX_HEADER_BYTES;
    reusable = false;
  }

  /** Sends the request head and body with one flush. Socket writes have no timeout of their own. */
  void write(byte[] head, byte @Nullable [] body) throws IOException {
    out.write(head);
    if (body != null) {
      out.write(body);
    }
    out.flush();
  }

  /**
   * Reads one final response, skipping interim ones, with its body cut at {@code maxBytes}.
   *
   * @param headRequest whether the request was a HEAD, whose response has no body
   * @param maxBytes the body size cap
   */
  UpstreamResponse readResponse(boolean headRequest, long maxBytes) throws IOException {
    int status;
    boolean http11;
    Headers headers;
    do {
      String statusLine = readHeadLine();
      if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12
          || statusLine.charAt(8) != ' ' || (statusLine.length() > 12
          && statusLine.charAt(12) != ' ')) {
        throw malformed();
      }
      http11 = statusLine.charAt(7) == '1';
      status = parseStatus(statusLine.substring(9, 12));
      headers = readHeaderFields();
      if (status == 101) {
        throw new IOException("the upstream switched protocols, which the gateway does not use");
      }
    } while (status < 200);

    boolean close = !http11 || hasToken(headers, "Connection", "close");
    List<String> transferEncodings = headers.values("Transfer-Encoding");
    List<String> contentLengths = headers.values("Content-Length");
    remaining = 0;
    chunkStarted = false;
    bodyEnded = false;
    if (headRequest || status == 204 || status == 304) {
      framing = Framing.NONE;
    } else if (!transferEncodings.isEmpty()) {
      // RFC 9112 6.3: chunked last means chunked; any other coding ends at close.
      framing = lastCoding(transferEncodings).equals("chunked")
          ? Framing.CHUNKED : Framing.UNTIL_CLOSE;
      // Both headers at once is a smuggling pattern: read by Transfer-Encoding, then drop the
      // connection so no byte of this response can be taken for the next one.
      close |= !contentLengths.isEmpty();
    } else if (!contentLengths.isEmpty()) {
      framing = Framing.LENGTH;
      remaining = parseContentLength(contentLengths);
    } else {
      framing = Framing.UNTIL_CLOSE;
    }

    int cap = (int) Math.min(maxBytes, Integer.MAX_VALUE - 8);
    long expected = framing == Framing.LENGTH ? remaining : 8 * 1024;
    // A declared length is only a claim: allocate for at most 1 MiB of it until bytes arrive.
    byte[] body = new byte[(int) Math.min(Math.min(expected, cap), MAX_INITIAL_BODY)];
    int length = 0;
    boolean complete = false;
    while (length < cap) {
      if (length == body.length) {
        body = Arrays.copyOf(body, (int) Math.min(cap, Math.max(8 * 1024L, 2L * body.length)));
      }
      int n = readBody(body, length, body.length - length);
      if (n < 0) {
        complete = true;
        break;
      }
      length += n;
    }
    // At the cap, bytes still due in a declared length or chunk mean more; otherwise one more
    // byte tells a body of exactly the cap from a longer one.
    boolean truncated = !complete && ((framing != Framing.UNTIL_CLOSE && remaining > 0)
        || readBody(new byte[1], 0, 1) >= 0);
    // Leftover bytes after the body mean the upstream sent more than it framed.
    reusable = !truncated && !close && framing != Framing.UNTIL_CLOSE && pos == limit;
    return new UpstreamResponse(status, headers,
        length == body.length ? body : Arrays.copyOf(body, length), truncated);
  }

  /** Reads body bytes; -1 at the end of the body. */
  private int readBody(byte[] target, int offset, int length) throws IOException {
    if (framing == Framing.NONE) {
      return -1;
    }
    if (framing == Framing.UNTIL_CLOSE) {
      return readSome(target, offset, length);
    }
    if (remaining == 0 && (framing == Framing.LENGTH || !nextChunk())) {
      return -1;
    }
    int n = readSome(target, offset, (int) Math.min(length, remaining));
    if (n < 0) {
      throw incomplete();
    }
    remaining -= n;
    return n;
  }

  /** Moves to the next chunk's data; false after the last chunk and its trailers. */
  private boolean nextChunk() throws IOException {
    if (bodyEnded) {
      return false;
    }
    if (chunkStarted && !readLine(MAX_CHUNK_LINE).isEmpty()) {
      throw new IOException("malformed chunked response body");
    }
    String line = readLine(MAX_CHUNK_LINE);
    int semicolon = line.indexOf(';');
    String size = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
    if (size.isEmpty() || size.length() > 15 || Character.digit(size.charAt(0), 16) < 0) {
      throw new IOException("malformed chunked response body");
    }
    try {
      remaining = Long.parseLong(size, 16);
    } catch (NumberFormatException e) {
      throw new IOException("malformed chunked response body");
    }
    chunkStarted = true;
    if (remaining == 0) {
      // Trailer fields are read to find the end of the message, then dropped: the gateway
      // acts on the header section only.
      readHeaderFields();
      bodyEnded = true;
      return false;
    }
    return true;
  }

  private Headers readHeaderFields() throws IOException {
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    for (String line = readHeadLine(); !line.isEmpty(); line = readHeadLine()) {
      int colon = line.indexOf(':');
      // A name that is not a token also catches obsolete line folding (leading whitespace).
      if (colon <= 0 || fields.size() == MAX_HEADER_FIELDS
          || !RequestBuilder.isToken(line.substring(0, colon))) {
        throw malformed();
      }
      fields.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).strip()));
    }
    return Headers.copyOf(fields);
  }

  /** A line of a header section, counted against the section's byte cap. */
  private String readHeadLine() throws IOException {
    if (headerBudget <= 0) {
      throw malformed();
    }
    String line = readLine(headerBudget);
    headerBudget -= line.length() + 2;
    return line;
  }

  /** A line ending in LF (a CR before it dropped), decoded as ISO-8859-1. */
  private String readLine(int maxLength) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      if (pos == limit && fill() < 0) {
        throw received == 0
            ? new IOException("the upstream closed the connection without answering")
            : incomplete();
      }
      byte b = buffer[pos++];
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() >= maxLength) {
        throw maxLength == MAX_CHUNK_LINE
            ? new IOException("malformed chunked response body") : malformed();
      }
      line.append((char) (b & 0xFF));
    }
  }

  private int readSome(byte[] target, int offset, int length) throws IOException {
    if (pos == limit && fill() < 0) {
      return -1;
    }
    int n = Math.min(length, limit - pos);
    System.arraycopy(buffer, pos, target, offset, n);
    pos += n;
    return n;
  }

  /** Refills the buffer with one blocking read bounded by what is left of the deadline. */
  private int fill() throws IOException {
    socket.setSoTimeout(deadline.remainingMillis());
    int n;
    try {
      n = in.read(buffer, 0, buffer.length);
    } catch (SocketTimeoutException e) {
      throw deadline.exceeded();
    }
    pos = 0;
    limit = Math.max(n, 0);
    received += limit;
    return n;
  }

  private static int parseStatus(String digits) throws IOException {
    int status = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw malformed();
      }
      status = status * 10 + (c - '0');
    }
    if (status < 100 || status > 599) {
      throw malformed();
    }
    return status;
  }

  private static long parseContentLength(List<String> values) throws IOException {
    long length = -1;
    for (String value : values) {
      for (String part : value.split(",", -1)) {
        String digits = part.strip();
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(
            c -> c >= '0' && c <= '9')) {
          throw new IOException("malformed response framing");
        }
        long parsed = Long.parseLong(digits);
        if (length >= 0 && parsed != length) {
          throw new IOException("malformed response framing");
        }
        length = parsed;
      }
    }
    return length;
  }

  private static String lastCoding(List<String> values) {
    String last = values.get(values.size() - 1);
    return last.substring(last.lastIndexOf(',') + 1).strip().toLowerCase(Locale.ROOT);
  }

  private static boolean hasToken(Headers headers, String name, String token) {
    for (String value : headers.values(name)) {
      for (String part : value.split(",")) {
        if (part.strip().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  private static IOException malformed() {
    return new IOException("malformed or oversized response headers");
  }

  private static IOException incomplete() {
    return new IOException("the upstream closed the connection before the response was complete");
  }

  /**
   * The one point in time by which a call must be done, read from a ticker (the monotonic clock
   * in production, a stepped one in tests).
   *
   * @param nanoTime the deadline in the ticker's terms
   * @param timeout the call's timeout, for the message
   * @param ticker the ticker the deadline is read from
   */
  record Deadline(long nanoTime, Duration timeout, Ticker ticker) {

    /** The deadline a timeout from now sets; capped at one day, beyond which nothing waits. */
    static Deadline after(Duration timeout, Ticker ticker) {
      Duration bounded = timeout.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : timeout;
      return new Deadline(ticker.read() + bounded.toNanos(), timeout, ticker);
    }

    long remainingNanos() {
      return nanoTime - ticker.read();
    }

    boolean expired() {
      return remainingNanos() <= 0;
    }

    /** What is left, rounded up to a whole millisecond, for a socket timeout (0 means none). */
    int remainingMillis() throws UpstreamTimeoutException {
      long left = remainingNanos();
      if (left <= 0) {
        throw exceeded();
      }
      return (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
    }

    UpstreamTimeoutException exceeded() {
      return new UpstreamTimeoutException(timeout);
    }
  }
}
