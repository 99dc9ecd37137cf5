package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.upstream.AddressClass;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link TargetGuard#check(URI)}: either the target is {@link Allowed}, with the
 * exact addresses to connect to, or it is {@link Refused}, with a reason. Instances are
 * immutable.
 */
public sealed interface CheckedTarget {

  /**
   * Whether the target may be connected to.
   *
   * @return true for {@link Allowed}
   */
  default boolean allowed() {
    return this instanceof Allowed;
  }

  /**
   * A target the gateway may connect to.
   *
   * <p>Connect to one of {@link #addresses()}, never to a fresh resolution of the host: the
   * addresses are the ones that were checked, so a DNS answer that changes between the check
   * and the connection (rebinding) cannot redirect the call.
   *
   * @param uri the URL to request: the checked URL with the scheme in lower case and the host in
   *     its normalized ASCII form ({@link #host()}), without fragment
   * @param host the host for the {@code Host} header and, when it is a DNS name, TLS SNI and
   *     certificate checks: a lower-case punycode name without trailing dot, a dotted-decimal
   *     IPv4 address or a bracketed IPv6 address
   * @param port the port to connect to: the URL's, or the scheme's default
   * @param addresses the checked addresses, at least one, in the resolver's order
   * @param redirects how many redirects led here; 0 for the original request
   */
  record Allowed(URI uri, String host, int port, List<InetAddress> addresses, int redirects)
      implements CheckedTarget {

    /** Validates and copies the fields. */
    public Allowed {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(host, "host");
      addresses = List.copyOf(addresses);
      if (!uri.isAbsolute() || host.isEmpty() || addresses.isEmpty()) {
        throw new IllegalArgumentException("an allowed target has a URL, a host and addresses");
      }
      if (port < 1 || port > 65535 || redirects < 0) {
        throw new IllegalArgumentException("bad port or redirect count");
      }
    }

    /**
     * The target's origin: the URL's scheme, the checked host and the port.
     *
     * @return the origin
     */
    public Origin origin() {
      return new Origin(uri.getScheme(), host, port);
    }
  }

  /**
   * A target the gateway must not connect to.
   *
   * @param reason why
   * @param addressClass the refused address class for {@link RefusalReason#ADDRESS_NOT_ALLOWED},
   *     otherwise null
   * @param message a short explanation for an audit event or an error result: it names at most
   *     the scheme, normalized host, port and address, never user information, path or query
   */
  record Refused(RefusalReason reason, @Nullable AddressClass addressClass, String message)
      implements CheckedTarget {

    /** Validates the fields. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
      if ((reason == RefusalReason.ADDRESS_NOT_ALLOWED) != (addressClass != null)) {
        throw new IllegalArgumentException(
            "an address class is given exactly when the address was refused");
      }
      if (message.isBlank()) {
        throw new IllegalArgumentException("a refusal says why");
      }
    }
  }
}
