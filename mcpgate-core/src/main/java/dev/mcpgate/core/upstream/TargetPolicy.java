package dev.mcpgate.core.upstream;

import dev.mcpgate.core.internal.upstream.HostName;
import dev.mcpgate.core.internal.upstream.IpLiteral;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Which upstream targets the gateway may connect to: hosts, schemes, ports, the kinds of
 * address a host may resolve to, and how many redirects may be followed.
 *
 * <p>The defaults refuse everything that is not explicitly allowed: no host is allowed until
 * {@link Builder#allowHost(String)} or {@link Builder#allowAnyHost()}; schemes {@code https}
 * and {@code http}; any port; only {@link AddressClass#PUBLIC public} addresses; no redirects.
 * Loopback, private networks, link-local and cloud metadata addresses each need their own
 * opt-in, and {@link AddressClass#alwaysRefused() some classes} no opt-in allows.
 *
 * <p>Immutable and thread-safe.
 */
public final class TargetPolicy {

  private static final Set<String> KNOWN_SCHEMES = Set.of("http", "https");

  private final Set<String> exactHosts;
  private final Set<String> wildcardSuffixes;
  private final boolean anyHost;
  private final Set<String> schemes;
  private final Set<Integer> ports;
  private final Set<AddressClass> allowedClasses;
  private final int maxRedirects;

  private TargetPolicy(Builder builder) {
    this.exactHosts = Set.copyOf(builder.exactHosts);
    this.wildcardSuffixes = Set.copyOf(builder.wildcardSuffixes);
    this.anyHost = builder.anyHost;
    this.schemes = Set.copyOf(builder.schemes);
    this.ports = Set.copyOf(builder.ports);
    this.allowedClasses = Set.copyOf(builder.allowedClasses);
    this.maxRedirects = builder.maxRedirects;
  }

  /**
   * A builder with the defaults described on this class.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The allowed schemes, lower case.
   *
   * @return the schemes, never empty
   */
  public Set<String> schemes() {
    return schemes;
  }

  /**
   * The allowed ports.
   *
   * @return the ports; empty means any port
   */
  public Set<Integer> ports() {
    return ports;
  }

  /**
   * The address classes a target may resolve to; always contains {@link AddressClass#PUBLIC}
   * and never an {@link AddressClass#alwaysRefused() always refused} class.
   *
   * @return the classes
   */
  public Set<AddressClass> allowedAddressClasses() {
    return allowedClasses;
  }

  /**
   * How many redirects in a row may be followed; 0, the default, means a redirect response is
   * returned as it is rather than followed.
   *
   * @return the bound, at least 0
   */
  public int maxRedirects() {
    return maxRedirects;
  }

  /**
   * Whether a scheme is allowed.
   *
   * @param scheme a lower-case scheme
   * @return true if allowed
   */
  public boolean allowsScheme(String scheme) {
    return schemes.contains(scheme);
  }

  /**
   * Whether a port is allowed.
   *
   * @param port the port
   * @return true if allowed
   */
  public boolean allowsPort(int port) {
    return ports.isEmpty() || ports.contains(port);
  }

  /**
   * Whether addresses of a class may be connected to.
   *
   * @param addressClass the class
   * @return true if allowed
   */
  public boolean allowsAddress(AddressClass addressClass) {
    return allowedClasses.contains(addressClass);
  }

  /**
   * Whether a normalized host is allowed.
   *
   * @param host a host key from {@link #hostKey(String)}
   * @param isName whether it is a DNS name; wildcards never match an IP literal
   * @return true if allowed
   */
  public boolean allowsHost(String host, boolean isName) {
    if (anyHost || exactHosts.contains(host)) {
      return true;
    }
    if (!isName) {
      return false;
    }
    for (String suffix : wildcardSuffixes) {
      if (host.endsWith(suffix) && host.length() > suffix.length()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The form hosts are compared in: a normalized DNS name, a dotted-decimal IPv4 address, or a
   * bracketed RFC 5952 IPv6 address.
   *
   * @param host a host as written in a URL or a pattern
   * @return the key, or null when the text is not a host
   */
  public static @Nullable String hostKey(String host) {
    if (host.startsWith("[") && host.endsWith("]")) {
      byte[] ipv6 = IpLiteral.parseIpv6(host.substring(1, host.length() - 1));
      return ipv6 == null ? null : "[" + IpLiteral.format(ipv6) + "]";
    }
    if (host.indexOf(':') >= 0) {
      byte[] ipv6 = IpLiteral.parseIpv6(host);
      return ipv6 == null ? null : "[" + IpLiteral.format(ipv6) + "]";
    }
    String name = HostName.normalize(host);
    if (name == null) {
      return null;
    }
    if (IpLiteral.looksLikeIpv4(name)) {
      byte[] ipv4 = IpLiteral.parseIpv4(name);
      return ipv4 == null ? null : IpLiteral.format(ipv4);
    }
    return name;
  }

  @Override
  public String toString() {
    return "TargetPolicy[hosts="
        + (anyHost ? "*" : new TreeSet<>(exactHosts) + " *" + new TreeSet<>(wildcardSuffixes))
        + ", schemes=" + new TreeSet<>(schemes)
        + ", ports=" + (ports.isEmpty() ? "any" : new TreeSet<>(ports))
        + ", addresses=" + new TreeSet<>(allowedClasses)
        + ", maxRedirects=" + maxRedirects + "]";
  }

  /** Builds a {@link TargetPolicy}. Not thread-safe; build once and share the policy. */
  public static final class Builder {

    private final Set<String> exactHosts = new LinkedHashSet<>();
    private final Set<String> wildcardSuffixes = new LinkedHashSet<>();
    private boolean anyHost;
    private Set<String> schemes = Set.of("https", "http");
    private Set<Integer> ports = Set.of();
    private final Set<AddressClass> allowedClasses = new LinkedHashSet<>(List.of(AddressClass.PUBLIC));
    private int maxRedirects;

    private Builder() {}

    /**
     * Allows a host: an exact DNS name ({@code api.example.com}), a wildcard that matches every
     * subdomain but not the domain itself ({@code *.example.com} matches {@code
     * a.example.com} and {@code a.b.example.com}, not {@code example.com}), or an IP literal
     * ({@code 10.0.0.5}, {@code [::1]}). Names compare case-insensitively, without a trailing
     * dot, and in punycode, so {@code Bücher.example.} and {@code xn--bcher-kva.example} are the
     * same host. An allowed host still has to resolve to an allowed address class.
     *
     * @param pattern the host or wildcard
     * @return this builder
     * @throws IllegalArgumentException if the pattern is not a host name, IP literal or {@code
     *     *.}-prefixed name (no scheme, port or path)
     */
    public Builder allowHost(String pattern) {
      Objects.requireNonNull(pattern, "pattern");
      if (pattern.startsWith("*.")) {
        String name = HostName.normalize(pattern.substring(2));
        if (name == null || IpLiteral.looksLikeIpv4(name)) {
          throw new IllegalArgumentException(
              "not a wildcard host pattern (expected *.domain): " + pattern);
        }
        wildcardSuffixes.add("." + name);
        return this;
      }
      String key = hostKey(pattern);
      if (key == null) {
        throw new IllegalArgumentException(
            "not a host name or IP literal (no scheme, port or path): " + pattern);
      }
      exactHosts.add(key);
      return this;
    }

    /**
     * Allows each of several hosts, as {@link #allowHost(String)} does.
     *
     * @param patterns the hosts or wildcards
     * @return this builder
     * @throws IllegalArgumentException if any pattern is invalid
     */
    public Builder allowHosts(Collection<String> patterns) {
      patterns.forEach(this::allowHost);
      return this;
    }

    /**
     * Allows every host name and IP literal. Address classes, schemes and ports are still
     * checked, so this is meant for a gateway in front of arbitrary public APIs.
     *
     * @return this builder
     */
    public Builder allowAnyHost() {
      this.anyHost = true;
      return this;
    }

    /**
     * Replaces the allowed schemes; the default is {@code https} and {@code http}.
     *
     * @param schemes {@code https}, {@code http} or both, any case
     * @return this builder
     * @throws IllegalArgumentException if none is given or one is neither http nor https
     */
    public Builder allowSchemes(String... schemes) {
      Set<String> lower = new LinkedHashSet<>();
      for (String scheme : schemes) {
        String s = scheme.toLowerCase(Locale.ROOT);
        if (!KNOWN_SCHEMES.contains(s)) {
          throw new IllegalArgumentException(
              "only http and https upstreams are supported, not: " + scheme);
        }
        lower.add(s);
      }
      if (lower.isEmpty()) {
        throw new IllegalArgumentException("at least one scheme must be allowed");
      }
      this.schemes = lower;
      return this;
    }

    /**
     * Restricts targets to these ports (the scheme's default port when the URL names none); by
     * default any port is allowed.
     *
     * @param ports ports from 1 to 65535
     * @return this builder
     * @throws IllegalArgumentException if none is given or a port is out of range
     */
    public Builder allowPorts(int... ports) {
      Set<Integer> set = new LinkedHashSet<>();
      for (int port : ports) {
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException("a port is from 1 to 65535, not " + port);
        }
        set.add(port);
      }
      if (set.isEmpty()) {
        throw new IllegalArgumentException("at least one port must be allowed");
      }
      this.ports = set;
      return this;
    }

    /**
     * Allows loopback addresses (127.0.0.0/8, ::1), for an upstream on the same machine.
     *
     * @return this builder
     */
    public Builder allowLoopback() {
      allowedClasses.add(AddressClass.LOOPBACK);
      return this;
    }

    /**
     * Allows private network addresses (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7,
     * fec0::/10), for an upstream inside the same network. Metadata addresses stay refused.
     *
     * @return this builder
     */
    public Builder allowPrivateNetworks() {
      allowedClasses.add(AddressClass.PRIVATE);
      return this;
    }

    /**
     * Allows link-local addresses (169.254/16, fe80::/10). Metadata addresses stay refused.
     *
     * @return this builder
     */
    public Builder allowLinkLocal() {
      allowedClasses.add(AddressClass.LINK_LOCAL);
      return this;
    }

    /**
     * Allows cloud instance metadata addresses (169.254.169.254, 169.254.170.2, fd00:ec2::254,
     * 100.100.100.200). They hand out instance credentials, so allow them only for an upstream
     * that is the metadata service itself.
     *
     * @return this builder
     */
    public Builder allowMetadata() {
      allowedClasses.add(AddressClass.METADATA);
      return this;
    }

    /**
     * How many redirects in a row {@link TargetGuard#checkRedirect} lets through; the default 0
     * means redirects are not followed.
     *
     * @param maxRedirects 0 to 20
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxRedirects(int maxRedirects) {
      if (maxRedirects < 0 || maxRedirects > 20) {
        throw new IllegalArgumentException("maxRedirects is from 0 to 20, not " + maxRedirects);
      }
      this.maxRedirects = maxRedirects;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the immutable policy
     */
    public TargetPolicy build() {
      return new TargetPolicy(this);
    }
  }
}
