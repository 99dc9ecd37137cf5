package dev.mcpgate.api;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling the gateway, in context: the result of authenticating the MCP caller (or a
 * REST client of the host application) to the gateway.
 *
 * <p>A caller context never holds the caller's raw credential: {@link #tokenId()} is an
 * identifier of the token (a JWT's {@code jti}, an API key's id), never the token itself.
 * Instances are immutable and thread-safe.
 *
 * @param subject the end user the call is made for, if known
 * @param agent the AI agent acting, if known
 * @param workload the workload (service identity) acting, if known
 * @param clientId the client id issued to the caller, shared with the host's REST clients
 * @param surface how the caller reached the gateway, such as {@code mcp} or {@code rest}
 * @param tenant the tenant the call belongs to, if the deployment is multi-tenant
 * @param environment the environment or profile, such as {@code sandbox} or {@code production}
 * @param scopes the scopes and roles granted to the caller
 * @param authMethod how the caller authenticated, such as {@code jwt}, {@code apiKey}, {@code
 *     mtls} or {@code none}
 * @param tokenId an identifier of the presented credential, never the credential itself
 * @param attributes further claims a deployment maps into the context
 */
public record CallerContext(
    @Nullable String subject,
    @Nullable String agent,
    @Nullable String workload,
    @Nullable String clientId,
    String surface,
    @Nullable String tenant,
    @Nullable String environment,
    Set<String> scopes,
    String authMethod,
    @Nullable String tokenId,
    Map<String, String> attributes) {

  private static final CallerContext ANONYMOUS = builder().authMethod("none").build();

  /** Validates and copies the collections. */
  public CallerContext {
    Objects.requireNonNull(surface, "surface");
    Objects.requireNonNull(authMethod, "authMethod");
    if (surface.isBlank()) {
      throw new IllegalArgumentException("surface must not be blank");
    }
    if (authMethod.isBlank()) {
      throw new IllegalArgumentException("authMethod must not be blank");
    }
    scopes = Set.copyOf(scopes);
    attributes = Map.copyOf(attributes);
  }

  /**
   * The context of a caller that presented no credential, used where a deployment allows
   * unauthenticated access (local development, conformance tests).
   *
   * @return the anonymous caller on the {@code mcp} surface
   */
  public static CallerContext anonymous() {
    return ANONYMOUS;
  }

  /**
   * Whether this caller presented no credential.
   *
   * @return true for {@link #anonymous()} and contexts built with auth method {@code none}
   */
  public boolean isAnonymous() {
    return "none".equals(authMethod);
  }

  /**
   * Whether the caller holds a scope or role.
   *
   * @param scope the scope to look for
   * @return true if {@link #scopes()} contains it
   */
  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  /**
   * A builder pre-filled with this context's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.subject = subject;
    builder.agent = agent;
    builder.workload = workload;
    builder.clientId = clientId;
    builder.surface = surface;
    builder.tenant = tenant;
    builder.environment = environment;
    builder.scopes.addAll(scopes);
    builder.authMethod = authMethod;
    builder.tokenId = tokenId;
    builder.attributes.putAll(attributes);
    return builder;
  }

  /**
   * A new builder; the surface defaults to {@code mcp}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CallerContext}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String subject;
    private @Nullable String agent;
    private @Nullable String workload;
    private @Nullable String clientId;
    private String surface = "mcp";
    private @Nullable String tenant;
    private @Nullable String environment;
    private final Set<String> scopes = new LinkedHashSet<>();
    private String authMethod = "none";
    private @Nullable String tokenId;
    private final Map<String, String> attributes = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the end user.
     *
     * @param subject the user, or null
     * @return this builder
     */
    public Builder subject(@Nullable String subject) {
      this.subject = subject;
      return this;
    }

    /**
     * Sets the agent.
     *
     * @param agent the agent, or null
     * @return this builder
     */
    public Builder agent(@Nullable String agent) {
      this.agent = agent;
      return this;
    }

    /**
     * Sets the workload.
     *
     * @param workload the workload, or null
     * @return this builder
     */
    public Builder workload(@Nullable String workload) {
      this.workload = workload;
      return this;
    }

    /**
     * Sets the client id.
     *
     * @param clientId the client id, or null
     * @return this builder
     */
    public Builder clientId(@Nullable String clientId) {
      this.clientId = clientId;
      return this;
    }

    /**
     * Sets the surface.
     *
     * @param surface such as {@code mcp} or {@code rest}
     * @return this builder
     */
    public Builder surface(String surface) {
      this.surface = surface;
      return this;
    }

    /**
     * Sets the tenant.
     *
     * @param tenant the tenant, or null
     * @return this builder
     */
    public Builder tenant(@Nullable String tenant) {
      this.tenant = tenant;
      return this;
    }

    /**
     * Sets the environment or profile.
     *
     * @param environment such as {@code sandbox} or {@code production}, or null
     * @return this builder
     */
    public Builder environment(@Nullable String environment) {
      this.environment = environment;
      return this;
    }

    /**
     * Adds scopes or roles.
     *
     * @param scopes the scopes to add
     * @return this builder
     */
    public Builder scopes(Iterable<String> scopes) {
      scopes.forEach(this.scopes::add);
      return this;
    }

    /**
     * Sets how the caller authenticated.
     *
     * @param authMethod such as {@code jwt}, {@code apiKey}, {@code mtls}, {@code none}
     * @return this builder
     */
    public Builder authMethod(String authMethod) {
      this.authMethod = authMethod;
      return this;
    }

    /**
     * Sets the credential's identifier (never the credential).
     *
     * @param tokenId the identifier, or null
     * @return this builder
     */
    public Builder tokenId(@Nullable String tokenId) {
      this.tokenId = tokenId;
      return this;
    }

    /**
     * Adds a free attribute.
     *
     * @param name the attribute's name
     * @param value its value
     * @return this builder
     */
    public Builder attribute(String name, String value) {
      attributes.put(name, value);
      return this;
    }

    /**
     * Builds the context.
     *
     * @return the context
     * @throws IllegalArgumentException if the surface or auth method is blank
     */
    public CallerContext build() {
      return new CallerContext(
          subject,
          agent,
          workload,
          clientId,
          surface,
          tenant,
          environment,
          scopes,
          authMethod,
          tokenId,
          attributes);
    }
  }
}
