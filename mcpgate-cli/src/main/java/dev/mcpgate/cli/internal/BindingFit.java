package dev.mcpgate.cli.internal;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.AuthRequirement;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.ToolDefinition;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Whether a source's binding is of a kind its description asks for. A binding that fits none of
 * the detected requirements most likely sends a credential the upstream ignores (an API key where
 * basic auth is expected), and every call fails upstream with 401: worth a warning at startup
 * and in {@code --check}. Stateless.
 */
final class BindingFit {

  /**
   * The requirement kinds each binding kind satisfies besides its own: a bearer token is what an
   * OAuth 2 or OpenID Connect scheme ends up sending, and a token from the client-credentials
   * grant is sent as a bearer token.
   */
  private static final Map<AuthKind, Set<AuthKind>> ALSO_SATISFIES = Map.of(
      AuthKind.BEARER, EnumSet.of(AuthKind.OAUTH2, AuthKind.OPEN_ID_CONNECT, AuthKind.JWT),
      AuthKind.OAUTH2, EnumSet.of(AuthKind.BEARER, AuthKind.OPEN_ID_CONNECT, AuthKind.JWT));

  /** Requirements that say nothing about which credential is wanted. */
  private static final Set<AuthKind> UNSPECIFIC = EnumSet.of(AuthKind.NONE, AuthKind.UNKNOWN);

  private BindingFit() {}

  /**
   * A warning when the binding's kind satisfies none of the requirements its tools declare.
   *
   * @param entry the source
   * @param binding its binding
   * @param tools its tools
   * @return the warning, or null when the binding fits or nothing is declared
   */
  static @Nullable String mismatch(
      ServeConfig.SourceEntry entry, CredentialBinding binding, List<ToolDefinition> tools) {
    Set<String> declared = new TreeSet<>();
    for (ToolDefinition tool : tools) {
      for (AuthRequirement requirement : tool.auth()) {
        AuthKind kind = requirement.kind();
        if (UNSPECIFIC.contains(kind)) {
          continue;
        }
        if (satisfies(binding.kind(), kind)) {
          return null;
        }
        declared.add(kind.wireName());
      }
    }
    if (declared.isEmpty()) {
      return null;
    }
    return entry.path() + " (" + entry.id() + "): binding " + binding.id() + " is of kind "
        + binding.kind().wireName() + ", but the description's operations declare "
        + String.join(", ", declared) + ": the upstream will most likely refuse its calls;"
        + " use a binding of a declared kind";
  }

  private static boolean satisfies(AuthKind binding, AuthKind required) {
    return binding == required
        || ALSO_SATISFIES.getOrDefault(binding, Set.of()).contains(required);
  }
}
