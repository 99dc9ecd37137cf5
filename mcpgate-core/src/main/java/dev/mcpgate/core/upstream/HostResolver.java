package dev.mcpgate.core.upstream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a DNS name to the addresses the gateway may connect to.
 *
 * <p>{@link TargetGuard} calls it once per check, only for names that the policy allows, and
 * never for IP literals. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface HostResolver {

  /**
   * Resolves a name.
   *
   * @param host a lower-case ASCII DNS name without a trailing dot (IDN names in punycode)
   * @return the addresses, never empty on success
   * @throws UnknownHostException when the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /**
   * The platform resolver, {@link InetAddress#getAllByName(String)}.
   *
   * @return the resolver
   */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
