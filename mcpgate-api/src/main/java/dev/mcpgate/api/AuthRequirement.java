package dev.mcpgate.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An upstream authentication requirement of a tool, as detected from the API's description.
 *
 * <p>Every requirement is satisfied behind the gateway by a {@link CredentialBinding}: none is
 * ever visible to the MCP caller ({@link #callerVisible()} is always false), and the inputs that
 * would carry it (an API key's parameter, an {@code Authorization} header) are removed from the
 * tool's input schema.
 *
 * <p>A requirement is either {@linkplain Origin#DECLARED declared} by the description (an
 * OpenAPI security scheme, a Postman auth) or {@linkplain Origin#INFERRED inferred} by the
 * importer from an ordinary parameter that carries a credential, such as a query parameter
 * {@code key} described as "API key". Only {@link ApiKey}, {@link Bearer} and {@link OAuth2} can
 * be inferred; their {@code origin} component was added in 0.1 after their other components, and
 * each keeps its former constructor, which means declared.
 */
public sealed interface AuthRequirement {

  /**
   * The kind of this requirement.
   *
   * @return the kind
   */
  AuthKind kind();

  /**
   * Whether the MCP caller sees or supplies this credential: never.
   *
   * @return false
   */
  default boolean callerVisible() {
    return false;
  }

  /**
   * Where this requirement comes from: declared by the description, or inferred from a
   * parameter. Kinds that cannot be inferred are always declared.
   *
   * @return the origin
   */
  default Origin origin() {
    return Origin.DECLARED;
  }

  /** Where a requirement comes from. */
  enum Origin {
    /** A security scheme or auth setting of the description declares it. */
    DECLARED,
    /**
     * The importer inferred it from an ordinary parameter that carries a credential (a header,
     * query parameter or cookie); that parameter is not a tool input.
     */
    INFERRED;

    /**
     * The stable name used in import output.
     *
     * @return {@code declared} or {@code inferred}
     */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Where an API key travels. */
  enum Location {
    /** A request header. */
    HEADER,
    /** A query parameter. */
    QUERY,
    /** A cookie. */
    COOKIE
  }

  /** The operation explicitly needs no authentication. */
  record None() implements AuthRequirement {
    @Override
    public AuthKind kind() {
      return AuthKind.NONE;
    }
  }

  /**
   * Nothing is known: the description carries no security information, or a kind mcpgate does
   * not map. Never treated as {@link None}.
   *
   * @param detail what was found, such as a Postman auth type; may be empty
   */
  record Unknown(String detail) implements AuthRequirement {
    /** Validates the fields. */
    public Unknown {
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public AuthKind kind() {
      return AuthKind.UNKNOWN;
    }
  }

  /**
   * An API key.
   *
   * @param location where the key travels
   * @param name the header, query parameter or cookie name
   * @param origin declared by a scheme, or inferred from a parameter
   */
  record ApiKey(Location location, String name, Origin origin) implements AuthRequirement {
    /** Validates the fields. */
    public ApiKey {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(origin, "origin");
      if (name.isBlank()) {
        throw new IllegalArgumentException("an API key needs a parameter name");
      }
    }

    /**
     * A declared API key.
     *
     * @param location where the key travels
     * @param name the header, query parameter or cookie name
     */
    public ApiKey(Location location, String name) {
      this(location, name, Origin.DECLARED);
    }

    @Override
    public AuthKind kind() {
      return AuthKind.API_KEY;
    }
  }

  /** HTTP Basic. */
  record Basic() implements AuthRequirement {
    @Override
    public AuthKind kind() {
      return AuthKind.BASIC;
    }
  }

  /**
   * An HTTP bearer token.
   *
   * @param bearerFormat a hint of the token's format, such as {@code JWT}, or null
   * @param origin declared by a scheme, or inferred from an {@code Authorization} parameter
   */
  record Bearer(@Nullable String bearerFormat, Origin origin) implements AuthRequirement {
    /** Validates the fields. */
    public Bearer {
      Objects.requireNonNull(origin, "origin");
    }

    /**
     * A declared bearer token.
     *
     * @param bearerFormat a hint of the token's format, such as {@code JWT}, or null
     */
    public Bearer(@Nullable String bearerFormat) {
      this(bearerFormat, Origin.DECLARED);
    }
    @Override
    public AuthKind kind() {
      return AuthKind.BEARER;
    }
  }

  /**
   * Another HTTP authentication scheme, kept as itself.
   *
   * @param scheme the scheme name as declared, such as {@code negotiate}
   */
  record HttpScheme(String scheme) implements AuthRequirement {
    /** Validates the fields. */
    public HttpScheme {
      Objects.requireNonNull(scheme, "scheme");
    }

    @Override
    public AuthKind kind() {
      return AuthKind.HTTP;
    }
  }

  /**
   * OAuth 2.0.
   *
   * @param flows the declared flows, such as {@code clientCredentials} or {@code
   *     authorizationCode}
   * @param tokenUrl the token endpoint, or null
   * @param scopes the scopes the operation requires
   * @param origin declared by a scheme, or inferred from an OAuth access-token parameter (then
   *     without flows, token URL or scopes)
   */
  record OAuth2(List<String> flows, @Nullable String tokenUrl, List<String> scopes, Origin origin)
      implements AuthRequirement {
    /** Validates and copies the fields. */
    public OAuth2 {
      flows = List.copyOf(flows);
      scopes = List.copyOf(scopes);
      Objects.requireNonNull(origin, "origin");
    }

    /**
     * A declared OAuth 2.0 requirement.
     *
     * @param flows the declared flows
     * @param tokenUrl the token endpoint, or null
     * @param scopes the scopes the operation requires
     */
    public OAuth2(List<String> flows, @Nullable String tokenUrl, List<String> scopes) {
      this(flows, tokenUrl, scopes, Origin.DECLARED);
    }

    @Override
    public AuthKind kind() {
      return AuthKind.OAUTH2;
    }
  }

  /**
   * OpenID Connect.
   *
   * @param discoveryUrl the OpenID Connect discovery URL
   * @param scopes the scopes the operation requires
   */
  record OpenIdConnect(String discoveryUrl, List<String> scopes) implements AuthRequirement {
    /** Validates and copies the fields. */
    public OpenIdConnect {
      Objects.requireNonNull(discoveryUrl, "discoveryUrl");
      scopes = List.copyOf(scopes);
    }

    @Override
    public AuthKind kind() {
      return AuthKind.OPEN_ID_CONNECT;
    }
  }

  /** TLS client certificates. */
  record MutualTls() implements AuthRequirement {
    @Override
    public AuthKind kind() {
      return AuthKind.MUTUAL_TLS;
    }
  }

  /**
   * A kind whose details are a few named strings: digest, HMAC, AWS SigV4, OAuth 1, Hawk, NTLM,
   * EdgeGrid, JWT, cookie.
   *
   * @param kind the kind; not one of the kinds with a record of their own
   * @param parameters non-secret details, such as an AWS {@code service} and {@code region}
   */
  record Signed(AuthKind kind, Map<String, String> parameters) implements AuthRequirement {
    /** Validates and copies the fields. */
    public Signed {
      Objects.requireNonNull(kind, "kind");
      switch (kind) {
        case NONE, UNKNOWN, API_KEY, BASIC, BEARER, HTTP, OAUTH2, OPEN_ID_CONNECT, MUTUAL_TLS ->
            throw new IllegalArgumentException(kind.wireName() + " has a record of its own");
        default -> {}
      }
      parameters = Map.copyOf(parameters);
    }
  }
}
