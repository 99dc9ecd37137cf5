package dev.mcpgate.cli.internal;

import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.control.Retention;
import dev.mcpgate.core.OutputSchemaMode;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.servlet.ProtectedResourceMetadata;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The whole configuration of {@code mcpgate serve}, read and validated by {@link ConfigLoader}.
 * Every record is immutable; collections are copies. docs/configuration.md describes each key.
 *
 * @param file the configuration file
 * @param server where and how the MCP endpoint listens
 * @param secrets which secret stores besides the environment are enabled
 * @param sources the API descriptions served
 * @param bindings the upstream credential bindings
 * @param identity how MCP callers authenticate besides the clients' API keys
 * @param clients the MCP callers, their profiles and API keys
 * @param policy which caller may see and call which tool
 * @param limits size and rate limits
 * @param upstream how upstream calls are made
 * @param audit what the audit trail records
 * @param store the control-plane store: its objects are served next to the file's, live
 * @param admin the admin HTTP API's own listener
 */
public record ServeConfig(
    Path file,
    Server server,
    Secrets secrets,
    List<SourceEntry> sources,
    List<CredentialBinding> bindings,
    Identity identity,
    List<ClientEntry> clients,
    PolicyConfig policy,
    Limits limits,
    Upstream upstream,
    Audit audit,
    Store store,
    Admin admin) {

  /** Copies the lists. */
  public ServeConfig {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(admin, "admin");
    sources = List.copyOf(sources);
    bindings = List.copyOf(bindings);
    clients = List.copyOf(clients);
  }

  /** The paths where serve answers health ({@code /healthz}) and readiness ({@code /readyz}). */
  public static final Set<String> HEALTH_PATHS = Set.of("/healthz", "/readyz");

  /**
   * Whether a source's description is a URL rather than a file.
   *
   * @param description the description as written
   * @return true for an {@code http://} or {@code https://} URL
   */
  public static boolean isUrl(String description) {
    String lower = description.toLowerCase(java.util.Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  /**
   * The binding with an id.
   *
   * @param id the binding's id
   * @return the binding, if configured
   */
  public Optional<CredentialBinding> binding(String id) {
    return bindings.stream().filter(b -> b.id().equals(id)).findFirst();
  }

  /**
   * The {@code server} section.
   *
   * @param address the address to bind, default {@code 127.0.0.1}
   * @param port the port, default 8080; 0 picks a free one
   * @param path the MCP endpoint's path, default {@code /mcp}
   * @param allowedHosts {@code Host} names accepted besides the loopback names
   * @param allowedOrigins {@code Origin}s accepted besides the loopback origins
   * @param maxBodyBytes the largest request body, default 4 MiB
   * @param protectedResource the OAuth protected resource metadata published, or null for none
   * @param stateless whether the endpoint runs without sessions: every request stands alone
   */
  public record Server(
      String address,
      int port,
      String path,
      List<String> allowedHosts,
      List<String> allowedOrigins,
      long maxBodyBytes,
      @Nullable ProtectedResourceMetadata protectedResource,
      boolean stateless) {
    /** Copies the lists. */
    public Server {
      allowedHosts = List.copyOf(allowedHosts);
      allowedOrigins = List.copyOf(allowedOrigins);
    }
  }

  /**
   * The {@code identity} section.
   *
   * @param jwt the JWT bearer token settings, or null when tokens are not accepted
   */
  public record Identity(@Nullable Jwt jwt) {}

  /**
   * {@code identity.jwt}: the settings of a {@link
   * dev.mcpgate.core.identity.JwtIdentityResolver}. A null field keeps the resolver's default.
   *
   * @param jwksUrl the authorization server's key set
   * @param issuer the exact {@code iss}
   * @param audience the {@code aud} the tokens must carry: this resource's URI
   * @param algorithms the accepted signing algorithms, or null for the default
   * @param clockSkew the clock skew tolerated, or null for the default
   * @param claims how claims map onto the caller
   * @param requiredScopes the scopes every token must carry
   * @param cacheMaximumSize how many verified tokens are cached, or null for the default
   * @param cacheMaximumAge how long a verified token stays cached, or null for the default
   */
  public record Jwt(
      URI jwksUrl,
      String issuer,
      String audience,
      @Nullable Set<String> algorithms,
      @Nullable Duration clockSkew,
      Claims claims,
      Set<String> requiredScopes,
      @Nullable Long cacheMaximumSize,
      @Nullable Duration cacheMaximumAge) {
    /** Copies the sets. */
    public Jwt {
      algorithms = algorithms == null ? null : Set.copyOf(algorithms);
      requiredScopes = Set.copyOf(requiredScopes);
    }
  }

  /**
   * {@code identity.jwt.claims}: which claim fills which field of the caller; a null field or an
   * empty list keeps the resolver's default.
   *
   * @param subject the end user's claim
   * @param clientId the client id's claims, first present wins
   * @param agent the agent's claim
   * @param workload the workload's claim
   * @param tenant the tenant's claim
   * @param environment the environment's (profile's) claim
   * @param surface the surface's claim
   * @param scopes the scopes' claims
   * @param roles the claims whose roles are added to the scopes
   * @param attributes attribute name to claim
   */
  public record Claims(
      @Nullable String subject,
      List<String> clientId,
      @Nullable String agent,
      @Nullable String workload,
      @Nullable String tenant,
      @Nullable String environment,
      @Nullable String surface,
      List<String> scopes,
      List<String> roles,
      Map<String, String> attributes) {
    /** Copies the collections. */
    public Claims {
      clientId = List.copyOf(clientId);
      scopes = List.copyOf(scopes);
      roles = List.copyOf(roles);
      attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
  }

  /**
   * The {@code secrets} section.
   *
   * @param files the root directory of {@code file:} references, or null when they are disabled
   */
  public record Secrets(@Nullable Path files) {}

  /**
   * One entry of {@code sources}.
   *
   * @param path where it is in the file, such as {@code sources[0]}
   * @param id the source's id
   * @param description the API description: an http(s) URL, or a file path resolved against the
   *     configuration's directory
   * @param baseUrl the upstream base URL replacing the description's servers, or null
   * @param approved whether its tools are served
   * @param operations the selected operation ids, or null for all
   * @param binding the id of the credential binding its tools use, or null for none
   * @param toolPrefix a prefix for its tool names, or null
   * @param outputSchemas how its tools advertise and enforce output schemas
   * @param credentialParameters parameters to treat as credentials ({@code [in:]name})
   * @param inputParameters parameters to keep as business inputs ({@code [in:]name})
   */
  public record SourceEntry(
      String path,
      String id,
      String description,
      @Nullable String baseUrl,
      boolean approved,
      @Nullable Set<String> operations,
      @Nullable String binding,
      @Nullable String toolPrefix,
      OutputSchemaMode outputSchemas,
      List<String> credentialParameters,
      List<String> inputParameters) {
    /** Copies the collections. */
    public SourceEntry {
      operations = operations == null ? null : Set.copyOf(operations);
      Objects.requireNonNull(outputSchemas, "outputSchemas");
      credentialParameters = List.copyOf(credentialParameters);
      inputParameters = List.copyOf(inputParameters);
    }

    /**
     * An entry with the default output schema mode and no parameter lists.
     *
     * @param path where it is in the file
     * @param id the source's id
     * @param description the API description: a file path or an http(s) URL
     * @param baseUrl the upstream base URL, or null
     * @param approved whether its tools are served
     * @param operations the selected operation ids, or null for all
     * @param binding the id of its credential binding, or null
     * @param toolPrefix a prefix for its tool names, or null
     */
    public SourceEntry(
        String path,
        String id,
        String description,
        @Nullable String baseUrl,
        boolean approved,
        @Nullable Set<String> operations,
        @Nullable String binding,
        @Nullable String toolPrefix) {
      this(path, id, description, baseUrl, approved, operations, binding, toolPrefix,
          Source.DEFAULT_OUTPUT_SCHEMAS, List.of(), List.of());
    }
  }

  /**
   * One entry of {@code clients}: a client of the {@link dev.mcpgate.core.identity.ClientRegistry}.
   *
   * @param path where it is in the file, such as {@code clients[0]}
   * @param id the client's id
   * @param tenant its tenant, or null
   * @param displayName a name for people, or null for the id
   * @param scopes its scopes
   * @param attributes further values copied into the caller's context
   * @param revoked whether the client is revoked: none of its keys or tokens are accepted
   * @param profiles its profiles, in file order
   */
  public record ClientEntry(
      String path,
      String id,
      @Nullable String tenant,
      @Nullable String displayName,
      Set<String> scopes,
      Map<String, String> attributes,
      boolean revoked,
      List<ProfileEntry> profiles) {
    /** Copies the collections. */
    public ClientEntry {
      scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
      attributes = Map.copyOf(attributes);
      profiles = List.copyOf(profiles);
    }
  }

  /**
   * One entry of {@code clients[].profiles}.
   *
   * @param path where it is in the file, such as {@code clients[0].profiles.sandbox}
   * @param name the profile, the caller's environment
   * @param revoked whether the profile is revoked: none of its keys or tokens are accepted
   * @param keys its API keys
   */
  public record ProfileEntry(String path, String name, boolean revoked, List<KeyEntry> keys) {
    /** Copies the list. */
    public ProfileEntry {
      keys = List.copyOf(keys);
    }
  }

  /**
   * One API key of a profile: either its id and hash, or a secret reference to the key itself.
   *
   * @param path where it is in the file, such as {@code clients[0].profiles.sandbox.keys[1]}
   * @param id the key's id, 16 lower-case hex digits, or null with a reference
   * @param hash the key's SHA-256, lower-case hex, or null with a reference
   * @param ref a secret reference to the key, or null with an id and hash
   */
  public record KeyEntry(
      String path, @Nullable String id, @Nullable String hash, @Nullable String ref) {}

  /** The id of the allow-everything rule that {@code policy.default: allow} adds last. */
  public static final String DEFAULT_ALLOW_RULE = "policy.default";

  /**
   * The {@code policy} section, for a {@link dev.mcpgate.core.policy.RulePolicyEngine}: deny
   * overrides, default deny.
   *
   * @param defaultAllow true for {@code default: allow}: an allow-everything rule is added, so
   *     that a request is allowed unless a rule denies it
   * @param dryRun whether the engine only reports what it would deny
   * @param rules the rules, in file order (which names the rule in a decision, nothing more)
   */
  public record PolicyConfig(boolean defaultAllow, boolean dryRun, List<Rule> rules) {
    /** Copies the list. */
    public PolicyConfig {
      rules = List.copyOf(rules);
    }
  }

  /**
   * One policy rule and where it is.
   *
   * @param path where it is in the file, such as {@code policy.rules[2]}
   * @param rule the rule, its id given or else the path
   */
  public record Rule(String path, PolicyRule rule) {}

  /**
   * The {@code limits} section.
   *
   * @param size argument size limits; null fields keep the library defaults
   * @param rate rate limits
   */
  public record Limits(Size size, Rate rate) {}

  /**
   * {@code limits.size}; a null field keeps the library's default.
   *
   * @param maxArgumentBytes the largest arguments, in UTF-8 bytes of compact JSON
   * @param maxStringLength the longest string value
   * @param maxArrayItems the most items in one array
   * @param maxDepth the deepest nesting
   * @param maxProperties the most properties in one object
   */
  public record Size(
      @Nullable Long maxArgumentBytes,
      @Nullable Long maxStringLength,
      @Nullable Long maxArrayItems,
      @Nullable Long maxDepth,
      @Nullable Long maxProperties) {

    /**
     * Whether any size limit was configured.
     *
     * @return true if at least one field is set
     */
    public boolean configured() {
      return maxArgumentBytes != null || maxStringLength != null || maxArrayItems != null
          || maxDepth != null || maxProperties != null;
    }
  }

  /**
   * {@code limits.rate}.
   *
   * @param perClient one bucket per caller for all its calls, or null for none
   * @param perTool a bucket per caller and tool, by tool name
   */
  public record Rate(@Nullable Quota perClient, Map<String, Quota> perTool) {
    /** Copies the map. */
    public Rate {
      perTool = Map.copyOf(perTool);
    }

    /**
     * Whether any rate limit was configured.
     *
     * @return true if a client or a tool quota is set
     */
    public boolean configured() {
      return perClient != null || !perTool.isEmpty();
    }
  }

  /**
   * A token bucket.
   *
   * @param path where it is in the file
   * @param capacity the most calls in a burst
   * @param period how long a full refill takes
   */
  public record Quota(String path, long capacity, Duration period) {}

  /**
   * The {@code upstream} section.
   *
   * @param connectTimeout how long connecting may take
   * @param timeout how long a whole call may take
   * @param maxResponseBytes how much of a response is read
   * @param allowHosts the hosts calls may go to, or null for the hosts of the sources
   * @param allowLoopback whether loopback addresses are allowed
   * @param allowPrivateNetworks whether private network addresses are allowed
   * @param maxRedirects how many redirects are followed
   */
  public record Upstream(
      Duration connectTimeout,
      Duration timeout,
      int maxResponseBytes,
      @Nullable List<String> allowHosts,
      boolean allowLoopback,
      boolean allowPrivateNetworks,
      int maxRedirects) {
    /** Copies the list. */
    public Upstream {
      allowHosts = allowHosts == null ? null : List.copyOf(allowHosts);
    }
  }

  /**
   * The {@code store} section: the control-plane store whose objects {@code serve} serves next
   * to the file's, and which the control-plane commands change.
   *
   * @param url the JDBC URL; {@code jdbc:sqlite:} with the absolute path of {@code mcpgate.db}
   *     beside the configuration file unless set
   * @param user the PostgreSQL user, or null
   * @param passwordRef the PostgreSQL password's secret reference, or null
   * @param environment the environment served: which published revisions and which client
   *     profiles count
   * @param poll how often serve asks the store whether another process changed it
   * @param auditRetention how long the store keeps data-plane audit events ({@code
   *     store.audit})
   * @param declared whether the file has a {@code store} section (without one, serve keeps the
   *     file-only behaviour and the commands use the default file)
   */
  public record Store(String url, @Nullable String user, @Nullable String passwordRef,
      String environment, Duration poll, Retention auditRetention, boolean declared) {
    /** Checks the fields. */
    public Store {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(environment, "environment");
      Objects.requireNonNull(poll, "poll");
      Objects.requireNonNull(auditRetention, "auditRetention");
    }

    /**
     * Whether the store is a PostgreSQL database.
     *
     * @return true for a {@code jdbc:postgresql:} URL
     */
    public boolean postgres() {
      return url.startsWith("jdbc:postgresql:");
    }

    /**
     * The store as named in messages: the SQLite file, or the PostgreSQL URL without its query.
     *
     * @return the name
     */
    public String label() {
      int query = url.indexOf('?');
      return query < 0 ? url : url.substring(0, query);
    }
  }

  /**
   * The {@code admin} section: where serve answers the admin HTTP API ({@code mcpgate-admin}),
   * on a listener of its own so that the MCP port never exposes it.
   *
   * @param enabled whether it is served; by default when the file has a {@code store} section
   * @param address the address to bind, default {@code 127.0.0.1}
   * @param port the port, default 8081; 0 picks a free one
   * @param path the mount path, default {@code /admin}: the API answers below it at
   *     {@code api/v1/...}
   * @param allowNonLoopback whether a non-loopback address was accepted, knowing that serve
   *     answers it in plain HTTP
   * @param mcpAllowUnconfirmed whether a destructive change through the Management MCP endpoint
   *     ({@code path/mcp}) is applied without a human's confirmation when the client cannot ask
   *     its user (a client that can is still asked); default false
   * @param oidc the operators' OpenID Connect provider ({@code admin.oidc}), or null when
   *     operators use operator tokens and the one-time login link only
   */
  public record Admin(
      boolean enabled, String address, int port, String path, boolean allowNonLoopback,
      boolean mcpAllowUnconfirmed, @Nullable AdminOidc oidc) {
    /** Checks the fields. */
    public Admin {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(path, "path");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be from 0 to 65535");
      }
    }
  }

  /**
   * {@code admin.oidc}: operators log in to the UI at their OpenID Connect provider
   * (authorization code + PKCE), and the admin API accepts that provider's access tokens.
   *
   * @param issuer the provider's issuer; its discovery document gives the endpoints
   * @param jwksUrl the provider's JWKS, which verifies the access tokens
   * @param audience the operator audience: the {@code aud} of the access tokens, never the data
   *     plane's
   * @param clientId the UI's client id at the provider
   * @param clientSecretRef the client secret's reference, or null for a public client
   * @param scopes the scopes the UI requests besides {@code openid}
   */
  public record AdminOidc(URI issuer, URI jwksUrl, String audience, String clientId,
      @Nullable String clientSecretRef, List<String> scopes) {
    /** Checks and copies the fields. */
    public AdminOidc {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(jwksUrl, "jwksUrl");
      Objects.requireNonNull(audience, "audience");
      Objects.requireNonNull(clientId, "clientId");
      scopes = List.copyOf(scopes);
    }
  }

  /**
   * The {@code audit} section.
   *
   * @param recordArguments whether tool arguments are recorded
   * @param redact fields whose values are never recorded
   * @param output where the events go, as JSON lines
   */
  public record Audit(boolean recordArguments, List<String> redact, AuditOutput output) {
    /** Copies the list. */
    public Audit {
      redact = List.copyOf(redact);
      Objects.requireNonNull(output, "output");
    }

    /**
     * An {@code audit} section writing to standard output.
     *
     * @param recordArguments whether tool arguments are recorded
     * @param redact fields whose values are never recorded
     */
    public Audit(boolean recordArguments, List<String> redact) {
      this(recordArguments, redact, new AuditOutput.Stdout());
    }
  }

  /** {@code audit.output}: where audit events go, one JSON object per line. */
  public sealed interface AuditOutput {

    /** {@code stdout}, the default: standard output carries the lines and nothing else. */
    record Stdout() implements AuditOutput {}

    /** {@code log}: the slf4j logger {@code mcpgate.audit}, mixed with the log (stderr). */
    record Log() implements AuditOutput {}

    /**
     * {@code {file: PATH, maxFileBytes: N, keep: N}}: a file rotated by size.
     *
     * @param path the file, resolved against the configuration file's directory
     * @param maxFileBytes the size at which it rotates
     * @param keep how many rotated files are kept
     */
    record File(Path path, long maxFileBytes, int keep) implements AuditOutput {
      /** Validates the fields. */
      public File {
        Objects.requireNonNull(path, "path");
      }
    }
  }
}
