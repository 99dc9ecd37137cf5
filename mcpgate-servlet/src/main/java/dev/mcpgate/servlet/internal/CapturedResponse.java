package dev.mcpgate.servlet.internal;

import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamResponse;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Records what the host application answers to an in-process call: status, headers and body, the
 * body cut at a size cap. It wraps the MCP response only because containers require a forward's
 * response to be a wrapper of the original; every method is answered here, so nothing reaches,
 * commits or closes the MCP response.
 *
 * <p>Not thread-safe: it lives for one forward on one thread.
 */
public final class CapturedResponse extends HttpServletResponseWrapper {

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final int maxBytes;
  private final List<Map.Entry<String, String>> headers = new ArrayList<>();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private int status = 200;
  private @Nullable String contentType;
  private @Nullable String characterEncoding;
  private long contentLength = -1;
  private Locale locale = Locale.getDefault();
  private int bufferSize = 8192;
  private boolean truncated;
  private boolean committed;
  private @Nullable CapturingStream stream;
  private @Nullable PrintWriter writer;

  /**
   * A capture standing in for the MCP response.
   *
   * @param mcpResponse the MCP response, never written to
   * @param maxBytes how much of the body to keep
   */
  public CapturedResponse(HttpServletResponse mcpResponse, int maxBytes) {
    super(mcpResponse);
    this.maxBytes = maxBytes;
  }

  /**
   * What the application answered.
   *
   * @return the response, body cut at the cap
   */
  public UpstreamResponse toUpstreamResponse() {
    if (writer != null) {
      writer.flush();
    }
    List<Map.Entry<String, String>> all = new ArrayList<>();
    String type = getContentType();
    if (type != null) {
      all.add(Map.entry("Content-Type", type));
    }
    if (contentLength >= 0) {
      all.add(Map.entry("Content-Length", Long.toString(contentLength)));
    }
    all.addAll(headers);
    // A status no HTTP response could carry is the application's bug: report it as one.
    int reported = status < 100 || status > 599 ? 500 : status;
    return new UpstreamResponse(reported, Headers.copyOf(all), body.toByteArray(), truncated);
  }

  // --- status -----------------------------------------------------------------------------

  @Override
  public void setStatus(int status) {
    if (!committed) {
      this.status = status;
    }
  }

  @Override
  public int getStatus() {
    return status;
  }

  @Override
  public void sendError(int status, @Nullable String message) {
    checkNotCommitted();
    resetBuffer();
    this.status = status;
    if (message != null) {
      setContentType("text/plain;charset=UTF-8");
      byte[] text = message.getBytes(StandardCharsets.UTF_8);
      write(text, 0, text.length);
    }
    committed = true;
  }

  @Override
  public void sendError(int status) {
    sendError(status, null);
  }

  @Override
  public void sendRedirect(String location) {
    checkNotCommitted();
    resetBuffer();
    status = 302;
    setHeader("Location", location);
    committed = true;
  }

  // --- headers ----------------------------------------------------------------------------

  @Override
  public void setHeader(String name, @Nullable String value) {
    if (committed) {
      return;
    }
    if (name.equalsIgnoreCase("Content-Type")) {
      setContentType(value);
      return;
    }
    if (name.equalsIgnoreCase("Content-Length")) {
      contentLength = value == null ? -1 : Long.parseLong(value.strip());
      return;
    }
    headers.removeIf(header -> header.getKey().equalsIgnoreCase(name));
    if (value != null) {
      headers.add(Map.entry(name, value));
    }
  }

  @Override
  public void addHeader(String name, @Nullable String value) {
    if (committed || value == null) {
      return;
    }
    if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")) {
      setHeader(name, value);
      return;
    }
    headers.add(Map.entry(name, value));
  }

  @Override
  public void setIntHeader(String name, int value) {
    setHeader(name, Integer.toString(value));
  }

  @Override
  public void addIntHeader(String name, int value) {
    addHeader(name, Integer.toString(value));
  }

  @Override
  public void setDateHeader(String name, long date) {
    setHeader(name, HTTP_DATE.format(Instant.ofEpochMilli(date)));
  }

  @Override
  public void addDateHeader(String name, long date) {
    addHeader(name, HTTP_DATE.format(Instant.ofEpochMilli(date)));
  }

  @Override
  public boolean containsHeader(String name) {
    return getHeader(name) != null;
  }

  @Override
  public @Nullable String getHeader(String name) {
    if (name.equalsIgnoreCase("Content-Type")) {
      return getContentType();
    }
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    return null;
  }

  @Override
  public Collection<String> getHeaders(String name) {
    List<String> values = new ArrayList<>();
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equalsIgnoreCase(name)) {
        values.add(header.getValue());
      }
    }
    return values;
  }

  @Override
  public Collection<String> getHeaderNames() {
    Set<String> names = new LinkedHashSet<>();
    if (getContentType() != null) {
      names.add("Content-Type");
    }
    headers.forEach(header -> names.add(header.getKey()));
    return names;
  }

  @Override
  public void addCookie(Cookie cookie) {
    StringBuilder value = new StringBuilder(cookie.getName()).append('=').append(cookie.getValue());
    if (cookie.getPath() != null) {
      value.append("; Path=").append(cookie.getPath());
    }
    if (cookie.getDomain() != null) {
      value.append("; Domain=").append(cookie.getDomain());
    }
    if (cookie.getMaxAge() >= 0) {
      value.append("; Max-Age=").append(cookie.getMaxAge());
    }
    if (cookie.getSecure()) {
      value.append("; Secure");
    }
    if (cookie.isHttpOnly()) {
      value.append("; HttpOnly");
    }
    addHeader("Set-Cookie", value.toString());
  }

  /** No session ids in URLs: the call has no session the caller could carry on. */
  @Override
  public String encodeURL(String url) {
    return url;
  }

  @Override
  public String encodeRedirectURL(String url) {
    return url;
  }

  // --- content ----------------------------------------------------------------------------

  @Override
  public void setContentType(@Nullable String type) {
    if (committed) {
      return;
    }
    if (type == null) {
      contentType = null;
      return;
    }
    int charsetAt = type.toLowerCase(Locale.ROOT).indexOf("charset=");
    if (charsetAt >= 0) {
      String rest = type.substring(charsetAt + "charset=".length());
      int end = rest.indexOf(';');
      characterEncoding = (end < 0 ? rest : rest.substring(0, end)).strip().replace("\"", "");
      int semicolon = type.lastIndexOf(';', charsetAt);
      contentType = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
    } else {
      contentType = type.strip();
    }
  }

  @Override
  public @Nullable String getContentType() {
    if (contentType == null) {
      return null;
    }
    return characterEncoding == null ? contentType : contentType + ";charset=" + characterEncoding;
  }

  @Override
  public void setCharacterEncoding(@Nullable String encoding) {
    if (!committed && writer == null) {
      characterEncoding = encoding;
    }
  }

  @Override
  public String getCharacterEncoding() {
    return characterEncoding == null ? StandardCharsets.UTF_8.name() : characterEncoding;
  }

  @Override
  public void setContentLength(int length) {
    setContentLengthLong(length);
  }

  @Override
  public void setContentLengthLong(long length) {
    if (!committed) {
      contentLength = length;
    }
  }

  @Override
  public void setLocale(Locale locale) {
    if (!committed) {
      this.locale = locale;
    }
  }

  @Override
  public Locale getLocale() {
    return locale;
  }

  @Override
  public ServletOutputStream getOutputStream() {
    if (writer != null) {
      throw new IllegalStateException("getWriter() was called");
    }
    if (stream == null) {
      stream = new CapturingStream();
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() {
    if (stream != null) {
      throw new IllegalStateException("getOutputStream() was called");
    }
    if (writer == null) {
      Charset charset;
      try {
        charset = Charset.forName(getCharacterEncoding());
      } catch (RuntimeException unknown) {
        charset = StandardCharsets.UTF_8;
      }
      // The writer's own stream is private, so getOutputStream() still refuses after it.
      writer = new PrintWriter(new OutputStreamWriter(new CapturingStream(), charset));
    }
    return writer;
  }

  @Override
  public void setBufferSize(int size) {
    bufferSize = size;
  }

  @Override
  public int getBufferSize() {
    return bufferSize;
  }

  @Override
  public void flushBuffer() {
    if (writer != null) {
      writer.flush();
    }
    committed = true;
  }

  @Override
  public boolean isCommitted() {
    return committed;
  }

  @Override
  public void reset() {
    checkNotCommitted();
    resetBuffer();
    headers.clear();
    status = 200;
    contentType = null;
    characterEncoding = null;
    contentLength = -1;
    stream = null;
    writer = null;
  }

  @Override
  public void resetBuffer() {
    checkNotCommitted();
    body.reset();
    truncated = false;
  }

  private void checkNotCommitted() {
    if (committed) {
      throw new IllegalStateException("the response is committed");
    }
  }

  private void write(byte[] bytes, int offset, int length) {
    int room = maxBytes - body.size();
    if (length > room) {
      truncated = true;
    }
    body.write(bytes, offset, Math.max(0, Math.min(length, room)));
  }

  /** Keeps bytes up to the cap and counts the rest as cut. */
  private final class CapturingStream extends ServletOutputStream {
    private boolean closed;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      if (!closed) {
        CapturedResponse.this.write(bytes, offset, length);
      }
    }

    @Override
    public void flush() {
      committed = true;
    }

    @Override
    public void close() {
      closed = true;
      committed = true;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      throw new IllegalStateException("an in-process call must be answered synchronously");
    }
  }
}
