package dev.mcpgate.servlet;

import dev.mcpgate.servlet.internal.BearerChallenge;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) for the MCP endpoint: which resource the
 * endpoint is, which authorization servers issue tokens for it and which scopes it knows. An MCP
 * client that gets a 401 follows the {@code resource_metadata} URL in the challenge to this
 * document, and from there finds the authorization server to get a token from.
 *
 * <pre>{@code
 * ProtectedResourceMetadata metadata = ProtectedResourceMetadata
 *     .builder(URI.create("https://orders.example.com/mcp"))
 *     .authorizationServer(URI.create("https://login.example.com/realms/orders"))
 *     .scopesSupported(List.of("orders:read", "orders:write"))
 *     .build();
 * McpTransportConfig config = McpTransportConfig.builder().protectedResource(metadata).build();
 * }</pre>
 *
 * <p>The {@link #resource()} is the canonical URI of the MCP endpoint, the value clients send as
 * the RFC 8707 {@code resource} parameter and tokens carry as their audience. The document's
 * URL is formed from it as RFC 9728 §3.1 says: {@code /.well-known/oauth-protected-resource}
 * inserted between the host and the path. Only bearer tokens in the {@code Authorization} header
 * are accepted ({@code bearer_methods_supported: ["header"]}): a token in a query string ends up
 * in logs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param resource the canonical URI of the MCP endpoint: absolute, {@code https} (or {@code
 *     http} for a loopback host), without query or fragment
 * @param authorizationServers the issuer URIs of the authorization servers whose tokens the
 *     endpoint accepts; may be empty when clients get their credentials another way
 * @param scopesSupported the scopes a client may ask for; may be empty
 * @param resourceName a human-readable name of the resource, or null
 * @param resourceDocumentation a page for developers about the resource, or null
 */
public record ProtectedResourceMetadata(
    URI resource,
    List<URI> authorizationServers,
    List<String> scopesSupported,
    @Nullable String resourceName,
    @Nullable URI resourceDocumentation) {

  /** The well-known path segment RFC 9728 registers. */
  public static final String WELL_KNOWN_PATH = "/.well-known/oauth-protected-resource";

  /** The only bearer method accepted: the {@code Authorization} header. */
  public static final List<String> BEARER_METHODS_SUPPORTED = List.of("header");

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a URI is not absolute or the resource has a query,
   *     fragment or user info, is plain {@code http} on a host other than loopback, or a scope is not a
   *     valid OAuth scope token
   */
  public ProtectedResourceMetadata {
    Objects.requireNonNull(resource, "resource");
    authorizationServers = List.copyOf(authorizationServers);
    scopesSupported = List.copyOf(scopesSupported);
    checkHttpUri("resource", resource);
    if (resource.getRawQuery() != null || resource.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "resource must not have a query or fragment (RFC 9728 §1.2): " + shown(resource));
    }
    for (URI server : authorizationServers) {
      checkHttpUri("authorization server", server);
    }
    for (String scope : scopesSupported) {
      if (!BearerChallenge.isScopeToken(scope)) {
        throw new IllegalArgumentException(
            "scope '" + scope + "' is not an OAuth scope token (RFC 6749 §3.3)");
      }
    }
    if (resourceDocumentation != null) {
      checkHttpUri("resource documentation", resourceDocumentation);
    }
  }

  /**
   * A builder for the metadata of a resource.
   *
   * @param resource the canonical URI of the MCP endpoint, such as {@code
   *     https://orders.example.com/mcp}
   * @return a new builder
   */
  public static Builder builder(URI resource) {
    return new Builder(resource);
  }

  /**
   * The bearer methods the endpoint accepts.
   *
   * @return {@link #BEARER_METHODS_SUPPORTED}
   */
  public List<String> bearerMethodsSupported() {
    return BEARER_METHODS_SUPPORTED;
  }

  /**
   * The path of the metadata document on the resource's host, formed from {@link #resource()}
   * as RFC 9728 §3.1 says.
   *
   * @return such as {@code /.well-known/oauth-protected-resource/mcp}
   */
  public String metadataPath() {
    String path = resource.getRawPath();
    // RFC 9728 §3.1: only a lone slash after the host goes; the path is kept as it is.
    return path == null || path.isEmpty() || path.equals("/") ? WELL_KNOWN_PATH
        : WELL_KNOWN_PATH + path;
  }

  /**
   * The absolute URL of the metadata document: the {@code resource_metadata} of every challenge.
   *
   * @return such as {@code https://orders.example.com/.well-known/oauth-protected-resource/mcp}
   */
  public URI metadataUrl() {
    return URI.create(
        resource.getScheme().toLowerCase(Locale.ROOT) + "://" + resource.getRawAuthority()
            + metadataPath());
  }

  /**
   * The metadata as the JSON document RFC 9728 §2 defines.
   *
   * @return the document
   */
  public String toJson() {
    StringBuilder json = new StringBuilder(256).append('{');
    member(json, "resource").append(string(resource.toString()));
    if (!authorizationServers.isEmpty()) {
      json.append(',');
      member(json, "authorization_servers").append(array(authorizationServers));
    }
    if (!scopesSupported.isEmpty()) {
      json.append(',');
      member(json, "scopes_supported").append(array(scopesSupported));
    }
    json.append(',');
    member(json, "bearer_methods_supported").append(array(BEARER_METHODS_SUPPORTED));
    if (resourceName != null) {
      json.append(',');
      member(json, "resource_name").append(string(resourceName));
    }
    if (resourceDocumentation != null) {
      json.append(',');
      member(json, "resource_documentation").append(string(resourceDocumentation.toString()));
    }
    return json.append('}').toString();
  }

  /** Every URI here is published to anyone who asks, so none may carry user info. */
  private static void checkHttpUri(String what, URI uri) {
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(what + " must not carry user info: it is published");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null
        || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(what + " must be an absolute https URI: " + shown(uri));
    }
    if (scheme.equals("http") && !McpTransportConfig.LOOPBACK_HOSTS.contains(
        uri.getHost().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          what + " must use https unless its host is loopback: " + shown(uri));
    }
  }

  /**
   * A URI for a message: scheme, host and port only. An unparsed authority (a URI whose host
   * did not parse) may hold user info, so it is not shown at all.
   */
  private static String shown(URI uri) {
    if (uri.getHost() == null) {
      return "(not an absolute URI with a host)";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme() + "://";
    return scheme + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/...";
  }

  private static StringBuilder member(StringBuilder json, String name) {
    return json.append('"').append(name).append("\":");
  }

  private static String array(List<?> values) {
    StringBuilder json = new StringBuilder().append('[');
    for (int i = 0; i < values.size(); i++) {
      json.append(i == 0 ? "" : ",").append(string(values.get(i).toString()));
    }
    return json.append(']').toString();
  }

  private static String string(String value) {
    StringBuilder json = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"').toString();
  }

  /** Builds {@link ProtectedResourceMetadata}. Not thread-safe. */
  public static final class Builder {
    private final URI resource;
    private final List<URI> authorizationServers = new ArrayList<>();
    private final List<String> scopesSupported = new ArrayList<>();
    private @Nullable String resourceName;
    private @Nullable URI resourceDocumentation;

    private Builder(URI resource) {
      this.resource = Objects.requireNonNull(resource, "resource");
    }

    /**
     * Adds an authorization server whose tokens the endpoint accepts.
     *
     * @param issuer the server's issuer URI
     * @return this builder
     */
    public Builder authorizationServer(URI issuer) {
      authorizationServers.add(Objects.requireNonNull(issuer, "issuer"));
      return this;
    }

    /**
     * Adds scopes a client may ask for.
     *
     * @param scopes the scopes
     * @return this builder
     */
    public Builder scopesSupported(List<String> scopes) {
      scopesSupported.addAll(scopes);
      return this;
    }

    /**
     * Sets a human-readable name of the resource.
     *
     * @param name the name, or null
     * @return this builder
     */
    public Builder resourceName(@Nullable String name) {
      this.resourceName = name;
      return this;
    }

    /**
     * Sets a page for developers about the resource.
     *
     * @param documentation the page, or null
     * @return this builder
     */
    public Builder resourceDocumentation(@Nullable URI documentation) {
      this.resourceDocumentation = documentation;
      return this;
    }

    /**
     * Builds the metadata.
     *
     * @return the metadata
     * @throws IllegalArgumentException as the record's constructor does
     */
    public ProtectedResourceMetadata build() {
      return new ProtectedResourceMetadata(
          resource, authorizationServers, scopesSupported, resourceName, resourceDocumentation);
    }
  }
}
