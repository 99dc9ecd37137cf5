package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.upstream.HostResolver;
import dev.mcpgate.core.upstream.AddressClass;
import dev.mcpgate.core.upstream.TargetPolicy;
import dev.mcpgate.core.internal.upstream.CheckedTarget.Allowed;
import dev.mcpgate.core.internal.upstream.CheckedTarget.Refused;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Gate 7: decides whether the gateway may send a request to an upstream URL, and to which
 * addresses, so that a tool call cannot reach loopback, private networks, link-local or cloud
 * metadata services through a crafted URL, DNS name or redirect (server-side request forgery).
 *
 * <h2>How an adapter uses it</h2>
 *
 * <ol>
 *   <li>Call {@link #check(URI)} with the URL built from the tool's arguments. A {@link
 *       Refused} result ends the call; its reason and message go to the audit event.
 *   <li>Send the request to {@link Allowed#uri()} and open the connection to one of {@link
 *       Allowed#addresses()} on {@link Allowed#port()}, never to a fresh DNS lookup of the host:
 *       the name is resolved once, here, so a DNS answer that changes after the check
 *       (rebinding) cannot move the call. Keep {@link Allowed#host()} for the {@code Host}
 *       header, TLS SNI and certificate validation.
 *   <li>Do not let the HTTP client follow redirects. For each redirect response, pass the
 *       previous {@link Allowed} and the {@code Location} header to {@link
 *       #checkRedirect(Allowed, String)} and continue only with an {@link Allowed} result; every
 *       hop is checked like the first, and the policy bounds the number of hops (by default no
 *       redirect is followed). Removing credentials on a redirect to another origin is the
 *       adapter's job.
 * </ol>
 *
 * <h2>What is checked, in order</h2>
 *
 * <p>The URL must be absolute, with an authority this class parses itself (user information,
 * percent-escapes, backslashes, underscores and other ambiguous forms are refused, and so is any
 * disagreement with {@link URI#getHost()}); then the scheme, the port (the scheme's default when
 * none is given), and the host against the allowlist. Only an allowed DNS name is resolved, once,
 * with the {@link HostResolver}; IP literals, including every numeric form {@code inet_aton}
 * accepts ({@code 2130706433}, {@code 0x7f000001}, {@code 017700000001}, {@code 127.1}) and
 * bracketed IPv6 with or without a zone id, are parsed here and never reach the resolver. A host
 * that looks numeric but is none of these forms is {@link RefusalReason#MALFORMED}. Finally every
 * address is classified ({@link AddressClass}); if any one of them is refused, the target is, so a
 * name answering with a public and a loopback address does not pass.
 *
 * <p>Immutable and thread-safe when the resolver is.
 */
public final class TargetGuard {

  private static final int MAX_AUTHORITY_LENGTH = 300;

  private final TargetPolicy policy;
  private final HostResolver resolver;

  /**
   * A guard that resolves names with the platform resolver.
   *
   * @param policy what is allowed
   */
  public TargetGuard(TargetPolicy policy) {
    this(policy, HostResolver.system());
  }

  /**
   * A guard with its own resolver.
   *
   * @param policy what is allowed
   * @param resolver resolves allowed DNS names
   */
  public TargetGuard(TargetPolicy policy, HostResolver resolver) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * The policy this guard applies.
   *
   * @return the policy
   */
  public TargetPolicy policy() {
    return policy;
  }

  /**
   * Checks the target of a request.
   *
   * @param uri the URL the adapter would request
   * @return {@link Allowed} with the addresses to connect to, or {@link Refused}
   * @throws RuntimeException only if the resolver fails other than by {@link
   *     UnknownHostException}
   */
  public CheckedTarget check(URI uri) {
    Objects.requireNonNull(uri, "uri");
    return check(uri, 0);
  }

  /**
   * Checks the target of a request given as text.
   *
   * @param url the URL the adapter would request
   * @return {@link Allowed} with the addresses to connect to, or {@link Refused} ({@link
   *     RefusalReason#MALFORMED} when the text is not a URI)
   */
  public CheckedTarget check(String url) {
    Objects.requireNonNull(url, "url");
    try {
      return check(new URI(url), 0);
    } catch (URISyntaxException e) {
      return refuse(RefusalReason.MALFORMED, "not a valid URL");
    }
  }

  /**
   * Checks a redirect: the location, resolved against the URL that answered with it, must pass
   * the same checks as the original target, may not go from https to http, and may not exceed
   * {@link TargetPolicy#maxRedirects()}.
   *
   * @param from the target that answered with the redirect
   * @param location the {@code Location} header, absolute or relative
   * @return the next target, or why it is refused
   */
  public CheckedTarget checkRedirect(Allowed from, String location) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(location, "location");
    try {
      return checkRedirect(from, new URI(location));
    } catch (URISyntaxException e) {
      return refuse(RefusalReason.MALFORMED, "redirect location is not a valid URL");
    }
  }

  /**
   * Checks a redirect, as {@link #checkRedirect(Allowed, String)} does.
   *
   * @param from the target that answered with the redirect
   * @param location the location, absolute or relative
   * @return the next target, or why it is refused
   */
  public CheckedTarget checkRedirect(Allowed from, URI location) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(location, "location");
    if (from.redirects() >= policy.maxRedirects()) {
      return refuse(
          RefusalReason.TOO_MANY_REDIRECTS,
          policy.maxRedirects() == 0
              ? "redirects are not followed"
              : "more than " + policy.maxRedirects() + " redirects");
    }
    URI next = from.uri().resolve(location);
    if ("https".equals(from.uri().getScheme())
        && "http".equalsIgnoreCase(String.valueOf(next.getScheme()))) {
      return refuse(RefusalReason.SCHEME_NOT_ALLOWED, "redirect from https to http");
    }
    return check(next, from.redirects() + 1);
  }

  private CheckedTarget check(URI uri, int redirects) {
    String rawScheme = uri.getScheme();
    if (rawScheme == null || uri.isOpaque()) {
      return refuse(RefusalReason.MALFORMED, "not an absolute http(s) URL");
    }
    String scheme = rawScheme.toLowerCase(Locale.ROOT);
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      return refuse(RefusalReason.MALFORMED, "URL has no host");
    }
    if (authority.indexOf('@') >= 0) {
      return refuse(RefusalReason.USERINFO_NOT_ALLOWED, "URL carries user information");
    }
    if (!policy.allowsScheme(scheme)) {
      return refuse(
          RefusalReason.SCHEME_NOT_ALLOWED, "scheme " + shorten(scheme) + " is not allowed");
    }
    if (authority.length() > MAX_AUTHORITY_LENGTH) {
      return refuse(RefusalReason.MALFORMED, "URL host is too long");
    }
    Authority parsed = Authority.parse(authority);
    if (parsed == null || !agreesWithUri(parsed, uri)) {
      return refuse(RefusalReason.MALFORMED, "URL host or port is not in a recognized form");
    }
    int port = parsed.port >= 0 ? parsed.port : Origin.defaultPort(scheme);

    String host;
    byte @Nullable [] literal;
    if (parsed.ipv6 != null) {
      literal = parsed.ipv6;
      host = "[" + IpLiteral.format(literal) + "]";
    } else {
      String name = HostName.normalize(parsed.host);
      if (name == null) {
        return refuse(RefusalReason.MALFORMED, "URL host is not a valid host name");
      }
      if (IpLiteral.looksLikeIpv4(name)) {
        literal = IpLiteral.parseIpv4(name);
        if (literal == null) {
          return refuse(RefusalReason.MALFORMED, "URL host looks numeric but is no IPv4 address");
        }
        host = IpLiteral.format(literal);
      } else {
        literal = null;
        host = name;
      }
    }
    String target = scheme + "://" + host + ":" + port;
    if (!policy.allowsPort(port)) {
      return refuse(RefusalReason.PORT_NOT_ALLOWED, "port of " + target + " is not allowed");
    }
    if (!policy.allowsHost(host, literal == null)) {
      return refuse(RefusalReason.HOST_NOT_ALLOWED, "host of " + target + " is not allowed");
    }

    List<InetAddress> addresses;
    if (literal != null) {
      AddressClass addressClass = AddressClass.of(literal);
      if (parsed.zone != null && addressClass != AddressClass.LINK_LOCAL) {
        return refuse(RefusalReason.MALFORMED, "a zone id is only meaningful on a link-local host");
      }
      if (!policy.allowsAddress(addressClass)) {
        return refuseAddress(addressClass, target + " is a " + describe(addressClass) + " address");
      }
      try {
        addresses = List.of(literalAddress(literal, parsed.zone));
      } catch (UnknownHostException | SocketException e) {
        return refuse(RefusalReason.UNRESOLVABLE, "zone of " + target + " is no usable interface");
      }
    } else {
      try {
        addresses = List.copyOf(resolver.resolve(host));
      } catch (UnknownHostException e) {
        return refuse(RefusalReason.UNRESOLVABLE, target + " does not resolve");
      }
      if (addresses.isEmpty()) {
        return refuse(RefusalReason.UNRESOLVABLE, target + " does not resolve");
      }
      for (InetAddress address : addresses) {
        AddressClass addressClass = AddressClass.of(address.getAddress());
        if (!policy.allowsAddress(addressClass)) {
          return refuseAddress(
              addressClass,
              target + " resolves to " + IpLiteral.format(address.getAddress()) + ", a "
                  + describe(addressClass) + " address");
        }
      }
    }

    String path = uri.getRawPath();
    URI normalized;
    try {
      // An empty path becomes "/", which a client sends anyway, so that URI.resolve of a relative
      // redirect cannot glue the reference onto the host ("https://a.example" + "x").
      normalized = new URI(
          scheme + "://" + host + (parsed.port >= 0 ? ":" + parsed.port : "")
              + (path == null || path.isEmpty() ? "/" : path)
              + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    } catch (URISyntaxException e) {
      return refuse(RefusalReason.MALFORMED, "URL of " + target + " cannot be normalized");
    }
    return new Allowed(normalized, host, port, addresses, redirects);
  }

  /**
   * Refuses a host {@link URI} reads differently from this class, so the HTTP client (which
   * trusts {@link URI}) can never connect somewhere other than what was checked.
   */
  private static boolean agreesWithUri(Authority parsed, URI uri) {
    String uriHost = uri.getHost();
    if (uriHost == null) {
      return true; // URI saw no server-based host; the normalized URL gives the client one
    }
    return uriHost.equalsIgnoreCase(parsed.rawHost) && uri.getPort() == parsed.port;
  }

  private static InetAddress literalAddress(byte[] bytes, @Nullable String zone)
      throws UnknownHostException, SocketException {
    if (zone == null) {
      return InetAddress.getByAddress(bytes);
    }
    if (zone.chars().allMatch(c -> c >= '0' && c <= '9') && zone.length() <= 9) {
      return Inet6Address.getByAddress(null, bytes, Integer.parseInt(zone));
    }
    NetworkInterface nic = NetworkInterface.getByName(zone);
    if (nic == null) {
      throw new UnknownHostException("no such interface");
    }
    return Inet6Address.getByAddress(null, bytes, nic);
  }

  private static String describe(AddressClass addressClass) {
    return addressClass.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String shorten(String text) {
    return text.length() <= 20 ? text : text.substring(0, 20) + "...";
  }

  private static Refused refuse(RefusalReason reason, String message) {
    return new Refused(reason, null, message);
  }

  private static Refused refuseAddress(AddressClass addressClass, String message) {
    return new Refused(RefusalReason.ADDRESS_NOT_ALLOWED, addressClass, message);
  }

  /** The host and port of an authority without user information, parsed strictly. */
  private static final class Authority {
    final String rawHost;
    final String host;
    final byte @Nullable [] ipv6;
    final @Nullable String zone;
    final int port;

    private Authority(
        String rawHost, String host, byte @Nullable [] ipv6, @Nullable String zone, int port) {
      this.rawHost = rawHost;
      this.host = host;
      this.ipv6 = ipv6;
      this.zone = zone;
      this.port = port;
    }

    /** The parsed authority, or null when it is in any form other than host[:port]. */
    static @Nullable Authority parse(String authority) {
      String rawHost;
      String portText;
      if (authority.startsWith("[")) {
        int close = authority.indexOf(']');
        if (close < 0) {
          return null;
        }
        rawHost = authority.substring(0, close + 1);
        String rest = authority.substring(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(":")) {
          return null;
        }
        portText = rest.isEmpty() ? null : rest.substring(1);
      } else {
        int colon = authority.lastIndexOf(':');
        rawHost = colon < 0 ? authority : authority.substring(0, colon);
        portText = colon < 0 ? null : authority.substring(colon + 1);
        for (int i = 0; i < rawHost.length(); i++) {
          char c = rawHost.charAt(i);
          boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || c == '-' || c == '.';
          // Non-ASCII is left to IDN, which rejects what cannot be in a host name.
          if (!plain && c < 0x80) {
            return null;
          }
        }
      }
      int port = parsePort(portText);
      if (port == -2) {
        return null;
      }
      if (!rawHost.startsWith("[")) {
        return new Authority(rawHost, rawHost, null, null, port);
      }
      String inside = rawHost.substring(1, rawHost.length() - 1);
      String zone = null;
      int percent = inside.indexOf('%');
      if (percent >= 0) {
        // RFC 6874 writes the delimiter as %25; java.net.URI also takes a bare % (then the zone
        // may not begin with "25", which always reads as the encoded delimiter).
        String rawZone = inside.substring(percent + 1);
        zone = rawZone.startsWith("25") ? rawZone.substring(2) : rawZone;
        inside = inside.substring(0, percent);
        if (!isZone(zone)) {
          return null;
        }
      }
      byte[] ipv6 = IpLiteral.parseIpv6(inside);
      if (ipv6 == null) {
        return null;
      }
      return new Authority(rawHost, rawHost, ipv6, zone, port);
    }

    /** -1 for no port, -2 for a malformed one. */
    private static int parsePort(@Nullable String text) {
      if (text == null || text.isEmpty()) {
        return -1;
      }
      if (text.length() > 5) {
        return -2;
      }
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) < '0' || text.charAt(i) > '9') {
          return -2;
        }
      }
      int port = Integer.parseInt(text);
      return port >= 1 && port <= 65535 ? port : -2;
    }

    private static boolean isZone(String zone) {
      if (zone.isEmpty() || zone.length() > 32) {
        return false;
      }
      for (int i = 0; i < zone.length(); i++) {
        char c = zone.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '.' || c == '_';
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }
}
