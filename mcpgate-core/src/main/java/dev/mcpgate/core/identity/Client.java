package dev.mcpgate.core.identity;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A client registered with a {@link ClientRegistry}: the consumer an enterprise issued a client
 * id to, whether it calls the REST API or (as an agent) the MCP tools. Its credentials are held
 * per profile (such as {@code sandbox} and {@code production}) by the registry, never here.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the client id, unique in its registry
 * @param tenant the tenant the client belongs to, or null in a single-tenant deployment
 * @param displayName a name for people, such as {@code Billing service}
 * @param scopes the scopes and roles every credential of the client grants
 * @param attributes further values copied into the caller's context
 */
public record Client(
    String id,
    @Nullable String tenant,
    String displayName,
    Set<String> scopes,
    Map<String, String> attributes) {

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if the id or display name is blank
   */
  public Client {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    if (id.isBlank()) {
      throw new IllegalArgumentException("a client id must not be blank");
    }
    if (displayName.isBlank()) {
      throw new IllegalArgumentException("client " + id + ": the display name must not be blank");
    }
    scopes = Set.copyOf(scopes);
    attributes = Map.copyOf(attributes);
  }

  /**
   * A builder for a client; the display name defaults to the id.
   *
   * @param id the client id
   * @return a new builder
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** Builds a {@link Client}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private @Nullable String tenant;
    private @Nullable String displayName;
    private final Set<String> scopes = new LinkedHashSet<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();

    private Builder(String id) {
      this.id = Objects.requireNonNull(id, "id");
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
     * Sets the display name.
     *
     * @param displayName a name for people
     * @return this builder
     */
    public Builder displayName(String displayName) {
      this.displayName = Objects.requireNonNull(displayName, "displayName");
      return this;
    }

    /**
     * Adds scopes or roles.
     *
     * @param scopes the scopes to add
     * @return this builder
     */
    public Builder scopes(String... scopes) {
      for (String scope : scopes) {
        this.scopes.add(Objects.requireNonNull(scope, "scope"));
      }
      return this;
    }

    /**
     * Adds an attribute.
     *
     * @param name the attribute's name
     * @param value its value
     * @return this builder
     */
    public Builder attribute(String name, String value) {
      attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalArgumentException if the id or display name is blank
     */
    public Client build() {
      return new Client(
          id, tenant, displayName == null ? id : displayName, scopes, attributes);
    }
  }
}
