package dev.mcpgate.servlet.internal;

import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.servlet.ProtectedResourceMetadata;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a request the identity resolver did not authenticate (RFC 6750 §3, RFC 9728 §5.1,
 * MCP 2025-11-25 authorization): 401 with a {@code Bearer} challenge for a missing or invalid
 * token, 403 {@code insufficient_scope} for a valid token lacking scope. The challenge names the
 * protected resource metadata when there is some, and the scopes the resolver asked for.
 *
 * @param status 401 or 403
 * @param header the {@code WWW-Authenticate} value
 * @param message a short text for the response body
 */
public record BearerChallenge(int status, String header, String message) {

  private static final int MAX_DESCRIPTION = 200;

  /**
   * The challenge for an outcome that is not {@link IdentityResult.Authenticated}.
   *
   * @param result the resolver's outcome
   * @param resourceMetadata the {@linkplain #resourceMetadata(ProtectedResourceMetadata) metadata
   *     URL}, or null
   * @return the challenge
   * @throws IllegalArgumentException if the outcome is an authentication
   */
  public static BearerChallenge of(IdentityResult result, @Nullable String resourceMetadata) {
    if (result instanceof IdentityResult.Unauthenticated unauthenticated) {
      StringBuilder header = new StringBuilder("Bearer");
      Params params = new Params(header);
      params.add("resource_metadata", resourceMetadata);
      params.add("scope", scope(unauthenticated.requiredScopes()));
      return new BearerChallenge(401, header.toString(), "Unauthorized");
    }
    if (result instanceof IdentityResult.Rejected rejected) {
      boolean scope = rejected.insufficientScope();
      StringBuilder header = new StringBuilder("Bearer");
      Params params = new Params(header);
      params.add("error", scope ? "insufficient_scope" : "invalid_token");
      params.add("scope", scope(rejected.requiredScopes()));
      params.add("resource_metadata", resourceMetadata);
      params.add("error_description", description(rejected.description()));
      return scope
          ? new BearerChallenge(403, header.toString(), "Forbidden: insufficient scope")
          : new BearerChallenge(401, header.toString(), "Unauthorized: invalid token");
    }
    throw new IllegalArgumentException("an authenticated caller needs no challenge");
  }

  /**
   * The {@code resource_metadata} value for a configuration, to compute once rather than on every
   * refused request.
   *
   * @param metadata the protected resource metadata, or null
   * @return its URL, or null
   */
  public static @Nullable String resourceMetadata(@Nullable ProtectedResourceMetadata metadata) {
    return metadata == null ? null : metadata.metadataUrl().toString();
  }

  /** The scope tokens, sorted for a stable header; anything not a scope token is left out. */
  private static @Nullable String scope(Set<String> scopes) {
    Set<String> tokens = new TreeSet<>();
    for (String scope : scopes) {
      if (isScopeToken(scope)) {
        tokens.add(scope);
      }
    }
    return tokens.isEmpty() ? null : String.join(" ", tokens);
  }

  /** The description with every character RFC 6750 §3 forbids in it dropped, clipped. */
  private static @Nullable String description(String text) {
    StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX_DESCRIPTION));
    for (int i = 0; i < text.length() && clean.length() < MAX_DESCRIPTION; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c <= 0x7e && c != '"' && c != '\\') {
        clean.append(c);
      }
    }
    String value = clean.toString().strip();
    return value.isEmpty() ? null : value;
  }

  /**
   * Whether a string is an OAuth scope token (RFC 6749 §3.3): {@code 1*( %x21 / %x23-5B /
   * %x5D-7E )}, so it may stand in a quoted {@code scope} parameter.
   *
   * @param scope the candidate
   * @return true if it is a scope token
   */
  public static boolean isScopeToken(String scope) {
    if (scope.isEmpty()) {
      return false;
    }
    for (int i = 0; i < scope.length(); i++) {
      char c = scope.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** Appends {@code name="value"} parameters, comma-separated after the scheme. */
  private static final class Params {
    private final StringBuilder header;
    private boolean first = true;

    Params(StringBuilder header) {
      this.header = header;
    }

    void add(String name, @Nullable String value) {
      if (value == null) {
        return;
      }
      header.append(first ? " " : ", ").append(name).append("=\"").append(value).append('"');
      first = false;
    }
  }
}
