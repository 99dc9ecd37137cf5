package dev.mcpgate.core.internal.upstream;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a request goes, as far as credentials and connections care: scheme, host and effective
 * port (the scheme's default when a URL names none). Two URLs are of the same origin exactly when
 * their origins are equal; this is the one place that says so, and the one place that knows the
 * default ports.
 *
 * @param scheme {@code http} or {@code https}, in lower case
 * @param host the host in lower case, an IPv6 address in brackets
 * @param port the effective port, 1 to 65535
 */
public record Origin(String scheme, String host, int port) {

  /** Validates the fields and brings scheme and host to lower case. */
  public Origin {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(host, "host");
    scheme = scheme.toLowerCase(Locale.ROOT);
    host = host.toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("an origin's scheme is http or https");
    }
    if (host.isEmpty() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("an origin has a host and a port from 1 to 65535");
    }
  }

  /**
   * The origin of an absolute http(s) URL.
   *
   * @param uri the URL
   * @return its origin
   * @throws IllegalArgumentException if the URL is not absolute http(s) with a host
   */
  public static Origin of(URI uri) {
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null || host == null) {
      throw new IllegalArgumentException("an origin needs an absolute URL with a host");
    }
    return new Origin(scheme, host, uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort());
  }

  /**
   * Whether two URLs are of the same origin; false when either has none.
   *
   * @param a a URL
   * @param b another URL
   * @return true when scheme, host and effective port agree
   */
  public static boolean same(URI a, URI b) {
    String schemeA = a.getScheme();
    String schemeB = b.getScheme();
    if (schemeA == null || schemeB == null || a.getHost() == null || b.getHost() == null
        || !isHttp(schemeA) || !isHttp(schemeB)) {
      return false;
    }
    return of(a).equals(of(b));
  }

  /**
   * The port a URL of a scheme means when it names none.
   *
   * @param scheme {@code http} or {@code https}, any case
   * @return 80 or 443
   * @throws IllegalArgumentException for any other scheme
   */
  public static int defaultPort(String scheme) {
    if (scheme.equalsIgnoreCase("https")) {
      return 443;
    }
    if (scheme.equalsIgnoreCase("http")) {
      return 80;
    }
    throw new IllegalArgumentException("only http and https have a default port here");
  }

  /**
   * Whether the port is the scheme's default.
   *
   * @return true for http on 80 and https on 443
   */
  public boolean hasDefaultPort() {
    return port == defaultPort(scheme);
  }

  /**
   * The origin as a {@code Host} header (and AWS's signed {@code host}) carries it: the host, and
   * the port unless it is the scheme's default.
   *
   * @return {@code host} or {@code host:port}
   */
  public String hostHeader() {
    return hasDefaultPort() ? host : host + ":" + port;
  }

  /** Shows scheme, host and port: an origin holds nothing secret. */
  @Override
  public String toString() {
    return scheme + "://" + host + ":" + port;
  }

  private static boolean isHttp(String scheme) {
    return scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https");
  }
}
