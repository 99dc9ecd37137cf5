package dev.mcpgate.servlet.internal;

import dev.mcpgate.core.upstream.UpstreamRequest;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.Principal;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The host application's view of an in-process tool call: the upstream request and nothing of
 * the MCP request it rides on. Method, path, query, headers, body, cookies and parameters are the
 * upstream request's; the MCP caller's headers, cookies, session, container login, attributes
 * and client certificate are not there. Only the connection facts that are the same for any
 * request to this server (scheme, server name and port, context path) come from the MCP request.
 *
 * <p>Not thread-safe: it lives for one forward on one thread.
 */
public final class InProcessRequest extends HttpServletRequestWrapper {

  private final UpstreamRequest upstream;
  private final @Nullable String servletPath;
  private final List<Map.Entry<String, String>> headers;
  private final byte[] body;
  private final Attributes attributes = new Attributes();
  private @Nullable String characterEncoding;
  private @Nullable Map<String, String[]> parameters;
  private @Nullable DetachedSession session;
  private boolean bodyTaken;

  /**
   * A view of an upstream request, to forward in place of the MCP request.
   *
   * @param mcpRequest the MCP request being answered; hidden but for connection facts
   * @param upstream the upstream request, credential included
   */
  public InProcessRequest(HttpServletRequest mcpRequest, UpstreamRequest upstream) {
    this(mcpRequest, upstream, null);
  }

  /**
   * A view of an upstream request, to hand to a servlet directly (no container forward): the
   * servlet path and path info are those of a servlet mapped at {@code servletPath + "/*"}, and
   * the dispatcher type is {@code FORWARD}, as for a forward: an in-process call.
   *
   * @param mcpRequest the MCP request being answered; hidden but for connection facts
   * @param upstream the upstream request, credential included; its path starts with {@code
   *     servletPath}
   * @param servletPath the servlet's mapping without {@code /*}, such as {@code /admin}; null for
   *     a forward, which sets both paths itself
   */
  public InProcessRequest(HttpServletRequest mcpRequest, UpstreamRequest upstream,
      @Nullable String servletPath) {
    super(mcpRequest);
    this.upstream = upstream;
    this.servletPath = servletPath;
    this.body = upstream.body() == null ? new byte[0] : upstream.body();
    List<Map.Entry<String, String>> all = new ArrayList<>();
    // What the same call would carry over the network: Host from the target, then its headers.
    all.add(Map.entry("Host", upstream.uri().getRawAuthority()));
    for (Map.Entry<String, String> header : upstream.headers()) {
      if (!header.getKey().equalsIgnoreCase("Host")) {
        all.add(header);
      }
    }
    if (upstream.contentType() != null) {
      all.add(Map.entry("Content-Type", upstream.contentType()));
      all.add(Map.entry("Content-Length", Integer.toString(body.length)));
    }
    this.headers = List.copyOf(all);
  }

  // --- the request line -------------------------------------------------------------------

  @Override
  public String getMethod() {
    return upstream.method();
  }

  @Override
  public String getRequestURI() {
    String path = upstream.uri().getRawPath();
    return getContextPath() + (path == null || path.isEmpty() ? "/" : path);
  }

  @Override
  public StringBuffer getRequestURL() {
    StringBuffer url = new StringBuffer(getScheme()).append("://").append(getServerName());
    int port = getServerPort();
    if (port > 0 && !(port == 80 && "http".equals(getScheme()))
        && !(port == 443 && "https".equals(getScheme()))) {
      url.append(':').append(port);
    }
    return url.append(getRequestURI());
  }

  /** The whole path is path info, as for a servlet mapped at {@code /*}; a forward overrides it. */
  @Override
  public String getServletPath() {
    return servletPath == null ? "" : servletPath;
  }

  @Override
  public @Nullable String getPathInfo() {
    String path = upstream.uri().getPath();
    path = path == null || path.isEmpty() ? "/" : path;
    if (servletPath != null && path.startsWith(servletPath)) {
      String info = path.substring(servletPath.length());
      return info.isEmpty() ? null : info;
    }
    return path;
  }

  @Override
  public DispatcherType getDispatcherType() {
    return servletPath == null ? super.getDispatcherType() : DispatcherType.FORWARD;
  }

  @Override
  public @Nullable String getPathTranslated() {
    return null;
  }

  @Override
  public @Nullable String getQueryString() {
    return upstream.uri().getRawQuery();
  }

  @Override
  public String getProtocol() {
    return "HTTP/1.1";
  }

  // --- headers ----------------------------------------------------------------------------

  @Override
  public @Nullable String getHeader(String name) {
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    return null;
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    List<String> values = new ArrayList<>();
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equalsIgnoreCase(name)) {
        values.add(header.getValue());
      }
    }
    return Collections.enumeration(values);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    Map<String, String> names = new LinkedHashMap<>();
    headers.forEach(header -> names.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getKey()));
    return Collections.enumeration(names.values());
  }

  @Override
  public int getIntHeader(String name) {
    String value = getHeader(name);
    return value == null ? -1 : Integer.parseInt(value.strip());
  }

  @Override
  public long getDateHeader(String name) {
    String value = getHeader(name);
    if (value == null) {
      return -1;
    }
    try {
      return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
          .toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("header " + name + " is not an HTTP date");
    }
  }

  @Override
  public Cookie @Nullable [] getCookies() {
    List<Cookie> cookies = new ArrayList<>();
    for (Map.Entry<String, String> header : headers) {
      if (!header.getKey().equalsIgnoreCase("Cookie")) {
        continue;
      }
      for (String pair : header.getValue().split(";")) {
        int equals = pair.indexOf('=');
        String name = (equals < 0 ? pair : pair.substring(0, equals)).strip();
        if (!name.isEmpty()) {
          try {
            cookies.add(new Cookie(name, equals < 0 ? "" : pair.substring(equals + 1).strip()));
          } catch (IllegalArgumentException notAToken) {
            // A container ignores a cookie whose name it cannot accept; so does this view.
          }
        }
      }
    }
    // As on a real request: null, not an empty array, when there are none.
    return cookies.isEmpty() ? null : cookies.toArray(new Cookie[0]);
  }

  @Override
  public Locale getLocale() {
    return Locale.getDefault();
  }

  @Override
  public Enumeration<Locale> getLocales() {
    return Collections.enumeration(List.of(Locale.getDefault()));
  }

  // --- body and parameters ----------------------------------------------------------------

  @Override
  public @Nullable String getContentType() {
    return upstream.contentType();
  }

  @Override
  public int getContentLength() {
    return upstream.contentType() == null ? -1 : body.length;
  }

  @Override
  public long getContentLengthLong() {
    return getContentLength();
  }

  @Override
  public @Nullable String getCharacterEncoding() {
    if (characterEncoding != null) {
      return characterEncoding;
    }
    String type = upstream.contentType();
    if (type == null) {
      return null;
    }
    for (String parameter : type.split(";")) {
      String trimmed = parameter.strip();
      if (trimmed.toLowerCase(Locale.ROOT).startsWith("charset=")) {
        return trimmed.substring("charset=".length()).replace("\"", "");
      }
    }
    return null;
  }

  @Override
  public void setCharacterEncoding(String encoding) throws UnsupportedEncodingException {
    charset(encoding);
    this.characterEncoding = encoding;
  }

  @Override
  public ServletInputStream getInputStream() {
    bodyTaken = true;
    return new BodyStream(body);
  }

  @Override
  public BufferedReader getReader() throws UnsupportedEncodingException {
    bodyTaken = true;
    String encoding = getCharacterEncoding();
    Charset charset = encoding == null ? StandardCharsets.UTF_8 : charset(encoding);
    return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
  }

  @Override
  public @Nullable String getParameter(String name) {
    String[] values = parameters().get(name);
    return values == null ? null : values[0];
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return Collections.enumeration(parameters().keySet());
  }

  @Override
  public String @Nullable [] getParameterValues(String name) {
    String[] values = parameters().get(name);
    return values == null ? null : values.clone();
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    return Collections.unmodifiableMap(parameters());
  }

  /** Query parameters, then form fields, as a container merges them (spec section 3.1). */
  private Map<String, String[]> parameters() {
    if (parameters == null) {
      Map<String, List<String>> merged = new LinkedHashMap<>();
      addPairs(merged, getQueryString(), StandardCharsets.UTF_8);
      String type = upstream.contentType();
      if (type != null && !bodyTaken
          && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
        String encoding = getCharacterEncoding();
        Charset charset = StandardCharsets.UTF_8;
        if (encoding != null) {
          try {
            charset = charset(encoding);
          } catch (UnsupportedEncodingException unknown) {
            // Keep UTF-8, the form encoding RequestBuilder writes.
          }
        }
        addPairs(merged, new String(body, StandardCharsets.ISO_8859_1), charset);
      }
      Map<String, String[]> result = new LinkedHashMap<>();
      merged.forEach((name, values) -> result.put(name, values.toArray(new String[0])));
      parameters = result;
    }
    return parameters;
  }

  private static void addPairs(Map<String, List<String>> into, @Nullable String encoded, Charset charset) {
    if (encoded == null || encoded.isEmpty()) {
      return;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals), charset);
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1), charset);
      into.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }
  }

  private static String decode(String text, Charset charset) {
    try {
      return URLDecoder.decode(text, charset);
    } catch (IllegalArgumentException malformed) {
      return text;
    }
  }

  private static Charset charset(String encoding) throws UnsupportedEncodingException {
    try {
      return Charset.forName(encoding);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new UnsupportedEncodingException(encoding);
    }
  }

  @Override
  public Collection<Part> getParts() throws ServletException {
    throw new ServletException("multipart requests cannot be dispatched in-process");
  }

  @Override
  public Part getPart(String name) throws ServletException {
    throw new ServletException("multipart requests cannot be dispatched in-process");
  }

  // --- who is calling: nobody the container knows -----------------------------------------

  @Override
  public @Nullable String getAuthType() {
    return null;
  }

  @Override
  public @Nullable String getRemoteUser() {
    return null;
  }

  @Override
  public @Nullable Principal getUserPrincipal() {
    return null;
  }

  @Override
  public boolean isUserInRole(String role) {
    return false;
  }

  @Override
  public boolean authenticate(HttpServletResponse response) {
    // Container login would challenge the MCP caller; the app authenticates the credential.
    return false;
  }

  @Override
  public void login(String username, String password) throws ServletException {
    throw new ServletException("container login is not available to in-process calls");
  }

  @Override
  public void logout() {
    // Nobody is logged in.
  }

  /** The client is the gateway in this process, not the MCP caller's address. */
  @Override
  public String getRemoteAddr() {
    return getLocalAddr();
  }

  @Override
  public String getRemoteHost() {
    return getLocalName();
  }

  @Override
  public int getRemotePort() {
    return 0;
  }

  // --- state: attributes and session of this call alone -----------------------------------

  @Override
  public @Nullable Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    return attributes.names();
  }

  @Override
  public void setAttribute(String name, @Nullable Object value) {
    attributes.set(name, value);
  }

  @Override
  public void removeAttribute(String name) {
    attributes.remove(name);
  }

  /**
   * A session that lives for this call only: the MCP caller's session is never visible, and
   * nothing the app stores survives the call or reaches the MCP response as a cookie.
   */
  @Override
  public @Nullable HttpSession getSession(boolean create) {
    if (session != null && session.invalidated()) {
      // As in a container: once invalidated, the request has no session until it asks for one.
      session = null;
    }
    if (session == null && create) {
      session = new DetachedSession(getServletContext());
    }
    return session;
  }

  @Override
  public @Nullable HttpSession getSession() {
    return getSession(true);
  }

  @Override
  public String changeSessionId() {
    HttpSession current = getSession(false);
    if (current == null) {
      throw new IllegalStateException("no session");
    }
    return current.getId();
  }

  @Override
  public @Nullable String getRequestedSessionId() {
    return null;
  }

  @Override
  public boolean isRequestedSessionIdValid() {
    return false;
  }

  @Override
  public boolean isRequestedSessionIdFromCookie() {
    return false;
  }

  @Override
  public boolean isRequestedSessionIdFromURL() {
    return false;
  }

  @Override
  public Map<String, String> getTrailerFields() {
    return Map.of();
  }

  @Override
  public boolean isTrailerFieldsReady() {
    return true;
  }

  // --- async: the call must be answered before the forward returns --------------------------

  @Override
  public boolean isAsyncSupported() {
    return false;
  }

  @Override
  public boolean isAsyncStarted() {
    return false;
  }

  @Override
  public AsyncContext startAsync() {
    throw new IllegalStateException("an in-process call must be answered synchronously");
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    throw new IllegalStateException("an in-process call must be answered synchronously");
  }

  /** The body, replayable. */
  private static final class BodyStream extends ServletInputStream {
    private final ByteArrayInputStream in;

    BodyStream(byte[] body) {
      this.in = new ByteArrayInputStream(body);
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      return in.read(buffer, offset, length);
    }

    @Override
    public boolean isFinished() {
      return in.available() == 0;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      throw new IllegalStateException("an in-process call must be read synchronously");
    }
  }
}
