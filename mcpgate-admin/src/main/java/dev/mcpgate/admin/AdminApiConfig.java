package dev.mcpgate.admin;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.Role;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.openapi.ImportOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The admin API's configuration: the control plane it serves, how operators authenticate, and
 * the limits of its requests. Immutable and thread-safe; built once with {@link #builder}.
 *
 * <p>Operators authenticate with an operator token ({@code Authorization: Bearer mgo_...},
 * checked by {@link ControlPlane#authenticate}) and, when {@link Builder#oidc} is set, with an
 * OIDC bearer token for the operator audience (a {@code JwtIdentityResolver} configured with an
 * audience of its own, never the data plane's). A data-plane client key never authenticates.
 */
public final class AdminApiConfig {

  /** The scope prefix the default OIDC role mapping reads: {@code mcpgate:admin} and so on. */
  public static final String ROLE_SCOPE_PREFIX = "mcpgate:";

  private final ControlPlane controlPlane;
  private final @Nullable IdentityResolver oidc;
  private final Function<CallerContext, Optional<Role>> oidcRoles;
  private final ImportOptions importOptions;
  private final boolean urlImports;
  private final int maxBodyBytes;
  private final int idempotencyCapacity;
  private final Duration idempotencyTtl;
  private final Clock clock;
  private final OperatorGrants grants;
  private final UnaryOperator<List<PolicyRule>> effectiveRules;

  private AdminApiConfig(Builder builder) {
    this.controlPlane = builder.controlPlane;
    this.oidc = builder.oidc;
    this.oidcRoles = builder.oidcRoles;
    this.importOptions = builder.importOptions;
    this.urlImports = builder.urlImports;
    this.maxBodyBytes = builder.maxBodyBytes;
    this.idempotencyCapacity = builder.idempotencyCapacity;
    this.idempotencyTtl = builder.idempotencyTtl;
    this.clock = builder.clock;
    this.grants = new OperatorGrants(builder.clock);
    this.effectiveRules = builder.effectiveRules;
  }

  /**
   * A builder for the API over a control plane.
   *
   * @param controlPlane the control plane every request acts on
   * @return the builder
   */
  public static Builder builder(ControlPlane controlPlane) {
    return new Builder(controlPlane);
  }

  /**
   * The control plane.
   *
   * @return the control plane every request acts on
   */
  public ControlPlane controlPlane() {
    return controlPlane;
  }

  /**
   * The OIDC resolver for the operator audience.
   *
   * @return the resolver, empty when only operator tokens authenticate
   */
  public Optional<IdentityResolver> oidc() {
    return Optional.ofNullable(oidc);
  }

  /**
   * Maps an OIDC caller to an operator role.
   *
   * @return the mapping; empty means the caller has no operator role (403)
   */
  public Function<CallerContext, Optional<Role>> oidcRoles() {
    return oidcRoles;
  }

  /**
   * The limits for reading a description imported by URL.
   *
   * @return the import options
   */
  public ImportOptions importOptions() {
    return importOptions;
  }

  /**
   * Whether a revision may be imported from an {@code http(s)} URL (the server fetches it).
   *
   * @return true by default
   */
  public boolean urlImports() {
    return urlImports;
  }

  /**
   * The largest request body accepted, in bytes.
   *
   * @return the limit
   */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * How many {@code Idempotency-Key}s are remembered.
   *
   * @return the capacity
   */
  public int idempotencyCapacity() {
    return idempotencyCapacity;
  }

  /**
   * How long an {@code Idempotency-Key} is remembered.
   *
   * @return the time to live
   */
  public Duration idempotencyTtl() {
    return idempotencyTtl;
  }

  /**
   * The clock that ages idempotency keys.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * How the data plane completes the store's policy rules (a host's own rules before them, a
   * default after them), so that a policy evaluation answers what the data plane decides.
   *
   * @return the completion; by default the store's rules alone
   */
  public UnaryOperator<List<PolicyRule>> effectiveRules() {
    return effectiveRules;
  }

  /**
   * The in-process grants of this configuration, through which the Management MCP endpoint calls
   * the admin API as the operator it authenticated.
   *
   * @return the grants
   */
  public OperatorGrants grants() {
    return grants;
  }

  /**
   * The default OIDC role mapping: the highest role named by a scope {@code mcpgate:viewer},
   * {@code mcpgate:operator}, {@code mcpgate:approver} or {@code mcpgate:admin}.
   *
   * @param caller the authenticated caller
   * @return the role, or empty when no scope names one
   */
  public static Optional<Role> roleFromScopes(CallerContext caller) {
    Role best = null;
    for (Role role : Role.values()) {
      if (caller.hasScope(ROLE_SCOPE_PREFIX + role.name().toLowerCase(Locale.ROOT))) {
        best = role;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Builds an {@link AdminApiConfig}. Not thread-safe. */
  public static final class Builder {
    private final ControlPlane controlPlane;
    private @Nullable IdentityResolver oidc;
    private Function<CallerContext, Optional<Role>> oidcRoles = AdminApiConfig::roleFromScopes;
    private ImportOptions importOptions = ImportOptions.defaults();
    private boolean urlImports = true;
    private int maxBodyBytes = 10 * 1024 * 1024;
    private int idempotencyCapacity = 10_000;
    private Duration idempotencyTtl = Duration.ofHours(24);
    private Clock clock = Clock.systemUTC();
    private UnaryOperator<List<PolicyRule>> effectiveRules = rules -> rules;

    private Builder(ControlPlane controlPlane) {
      this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane");
    }

    /**
     * Accepts OIDC bearer tokens, verified by a resolver for the operator audience (such as a
     * {@code JwtIdentityResolver} built with {@code audience("mcpgate-admin")}).
     *
     * @param resolver the resolver
     * @return this builder
     */
    public Builder oidc(IdentityResolver resolver) {
      this.oidc = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * How an OIDC caller's role is found; the default is {@link #roleFromScopes}.
     *
     * @param mapping the mapping
     * @return this builder
     */
    public Builder oidcRoles(Function<CallerContext, Optional<Role>> mapping) {
      this.oidcRoles = Objects.requireNonNull(mapping, "mapping");
      return this;
    }

    /**
     * The limits for reading descriptions imported by URL.
     *
     * @param options the options
     * @return this builder
     */
    public Builder importOptions(ImportOptions options) {
      this.importOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Whether revisions may be imported from {@code http(s)} URLs; uploads are always accepted.
     *
     * @param allowed false to accept uploads only
     * @return this builder
     */
    public Builder urlImports(boolean allowed) {
      this.urlImports = allowed;
      return this;
    }

    /**
     * The largest request body accepted.
     *
     * @param bytes 1 KiB to 100 MiB; checked by {@link #build}
     * @return this builder
     */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * How many idempotency keys are remembered, and for how long.
     *
     * @param capacity 1 to 1,000,000; checked by {@link #build}
     * @param ttl a positive duration
     * @return this builder
     */
    public Builder idempotency(int capacity, Duration ttl) {
      this.idempotencyCapacity = capacity;
      this.idempotencyTtl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /**
     * The clock that ages idempotency keys.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How the data plane completes the store's policy rules: given the store's rules in order,
     * the full list it evaluates (such as the host's own rules first and a default allow last).
     * The policy evaluation endpoint evaluates that list, so it agrees with {@code tools/list}.
     *
     * @param completion the completion
     * @return this builder
     */
    public Builder effectiveRules(UnaryOperator<List<PolicyRule>> completion) {
      this.effectiveRules = Objects.requireNonNull(completion, "completion");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if {@code maxBodyBytes} or the idempotency settings are
     *     out of range
     */
    public AdminApiConfig build() {
      if (maxBodyBytes < 1024 || maxBodyBytes > 100 * 1024 * 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be 1 KiB to 100 MiB");
      }
      if (idempotencyCapacity < 1 || idempotencyCapacity > 1_000_000) {
        throw new IllegalArgumentException("idempotency capacity must be 1 to 1,000,000");
      }
      if (idempotencyTtl.isZero() || idempotencyTtl.isNegative()) {
        throw new IllegalArgumentException("idempotency ttl must be positive");
      }
      return new AdminApiConfig(this);
    }
  }
}
