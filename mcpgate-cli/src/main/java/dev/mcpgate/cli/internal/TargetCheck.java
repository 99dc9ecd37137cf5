package dev.mcpgate.cli.internal;

import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.upstream.AddressClass;
import dev.mcpgate.core.upstream.HostResolver;
import dev.mcpgate.core.upstream.TargetPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks each approved source's upstream targets against the target policy the upstream guard
 * enforces, before anything is served: scheme, port, host allowlist, and the class of every
 * address the host resolves to now. A target the guard would refuse on every call is a problem
 * (with the setting that allows it, where one does); a name that does not resolve now is a
 * warning, since the guard resolves it again on each call. Stateless.
 */
final class TargetCheck {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private TargetCheck() {}

  static void check(
      List<SourceImports.Imported> imported, TargetPolicy policy, HostResolver resolver,
      List<String> problems, List<String> warnings) {
    for (SourceImports.Imported source : imported) {
      ServeConfig.SourceEntry entry = source.entry();
      if (!entry.approved()) {
        continue; // its tools are not served: its hosts are never called
      }
      for (URI target : targets(source)) {
        String refusal = refusal(target, policy, resolver, warnings, entry);
        if (refusal != null) {
          problems.add(entry.path() + " (" + entry.id() + "): upstream " + target.getScheme()
              + "://" + target.getRawAuthority() + " " + refusal);
        }
      }
    }
  }

  /** The distinct scheme, host and port of the source's calls. */
  static Set<URI> targets(SourceImports.Imported source) {
    Set<URI> targets = new LinkedHashSet<>();
    List<String> urls = new ArrayList<>();
    if (source.entry().baseUrl() != null) {
      urls.add(source.entry().baseUrl());
    } else {
      for (ToolDefinition tool : source.tools()) {
        HttpOperation http = tool.http();
        if (http != null) {
          urls.add(http.serverUrl());
        }
      }
    }
    for (String url : urls) {
      try {
        URI uri = URI.create(url);
        if (uri.getScheme() != null && uri.getHost() != null) {
          targets.add(new URI(uri.getScheme().toLowerCase(Locale.ROOT), null, uri.getHost(),
              uri.getPort(), null, null, null));
        }
      } catch (IllegalArgumentException | java.net.URISyntaxException e) {
        // a server URL that is not absolute is reported where the allowlist is built
      }
    }
    return targets;
  }

  private static @Nullable String refusal(
      URI target, TargetPolicy policy, HostResolver resolver, List<String> warnings,
      ServeConfig.SourceEntry entry) {
    String scheme = target.getScheme();
    if (!policy.allowsScheme(scheme)) {
      return "uses the scheme " + scheme + ", which the upstream guard refuses";
    }
    int port = target.getPort() >= 0 ? target.getPort() : scheme.equals("https") ? 443 : 80;
    if (!policy.allowsPort(port)) {
      return "uses the port " + port + ", which the upstream guard refuses";
    }
    String key = TargetPolicy.hostKey(target.getHost());
    if (key == null) {
      return "has a host the upstream guard cannot read";
    }
    boolean name = !key.startsWith("[") && !IPV4.matcher(key).matches();
    if (!policy.allowsHost(key, name)) {
      return "is not in upstream.allowHosts: the upstream guard refuses every call to it";
    }
    List<InetAddress> addresses;
    try {
      addresses = name ? resolver.resolve(key)
          : List.of(InetAddress.getByName(key.startsWith("[")
              ? key.substring(1, key.length() - 1) : key));
    } catch (UnknownHostException e) {
      warnings.add(entry.path() + " (" + entry.id() + "): upstream host " + key
          + " does not resolve now; its calls fail until it does");
      return null;
    }
    for (InetAddress address : addresses) {
      AddressClass addressClass = AddressClass.of(address.getAddress());
      if (policy.allowsAddress(addressClass)) {
        continue;
      }
      String where = name ? "resolves to " : "is ";
      String literal = address.getHostAddress();
      return switch (addressClass) {
        case LOOPBACK -> where + "a loopback address (" + literal + "), which the upstream guard"
            + " refuses unless upstream.allowLoopback is true";
        case PRIVATE -> where + "a private network address (" + literal + "), which the upstream"
            + " guard refuses unless upstream.allowPrivateNetworks is true";
        default -> where + "an address the upstream guard always refuses here (" + literal
            + ", " + addressClass.name().toLowerCase(Locale.ROOT).replace('_', '-') + ")";
      };
    }
    return null;
  }
}
