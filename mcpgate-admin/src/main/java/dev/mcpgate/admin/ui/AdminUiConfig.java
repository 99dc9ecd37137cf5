package dev.mcpgate.admin.ui;

import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.Source;
import dev.mcpgate.core.policy.PolicyRule;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The web UI's configuration: the control plane it shows and changes, the environments it
 * offers and how long a session lasts.
 * Immutable and thread-safe; built once with {@link #builder}.
 */
public final class AdminUiConfig {

  private static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final ControlPlane controlPlane;
  private final List<String> environments;
  private final Duration sessionIdleTimeout;
  private final Duration sessionMaxAge;
  private final Duration loginLinkLifetime;
  private final @Nullable URI mcpEndpoint;
  private final boolean urlImports;
  private final UnaryOperator<List<PolicyRule>> effectiveRules;
  private final int maxFormBytes;
  private final Clock clock;
  private final @Nullable OidcLogin oidcLogin;

  private AdminUiConfig(Builder builder) {
    this.controlPlane = builder.controlPlane;
    this.environments = builder.environments;
    this.sessionIdleTimeout = builder.sessionIdleTimeout;
    this.sessionMaxAge = builder.sessionMaxAge;
    this.loginLinkLifetime = builder.loginLinkLifetime;
    this.mcpEndpoint = builder.mcpEndpoint;
    this.urlImports = builder.urlImports;
    this.effectiveRules = builder.effectiveRules;
    this.maxFormBytes = builder.maxFormBytes;
    this.clock = builder.clock;
    this.oidcLogin = builder.oidcLogin;
  }

  /**
   * A builder for the UI over a control plane.
   *
   * @param controlPlane the control plane every page reads and every form changes
   * @return the builder
   */
  public static Builder builder(ControlPlane controlPlane) {
    return new Builder(controlPlane);
  }

  /**
   * The control plane.
   *
   * @return the control plane
   */
  public ControlPlane controlPlane() {
    return controlPlane;
  }

  /**
   * The environments the UI shows and publishes to, in promotion order.
   *
   * @return by default {@code sandbox}, {@code production}
   */
  public List<String> environments() {
    return environments;
  }

  /**
   * How long a session lives without a request.
   *
   * @return the idle timeout
   */
  public Duration sessionIdleTimeout() {
    return sessionIdleTimeout;
  }

  /**
   * How long a session lives at most, however active.
   *
   * @return the absolute lifetime
   */
  public Duration sessionMaxAge() {
    return sessionMaxAge;
  }

  /**
   * How long a one-time login link stays usable if nobody opens it.
   *
   * @return the lifetime
   */
  public Duration loginLinkLifetime() {
    return loginLinkLifetime;
  }

  /**
   * The MCP endpoint clients connect to, shown on the clients screen.
   *
   * @return the endpoint, or empty when unknown
   */
  public Optional<URI> mcpEndpoint() {
    return Optional.ofNullable(mcpEndpoint);
  }

  /**
   * Whether a description may be imported from an {@code http(s)} URL (the server fetches it).
   * Pasted descriptions are always accepted; a server file path never is.
   *
   * @return true by default
   */
  public boolean urlImports() {
    return urlImports;
  }

  /**
   * How the data plane completes the store's policy rules (a host's own rules before them, a
   * default after them), so that "as caller X" explains what the data plane decides.
   *
   * @return the completion; by default the store's rules alone
   */
  public UnaryOperator<List<PolicyRule>> effectiveRules() {
    return effectiveRules;
  }

  /**
   * The largest form accepted, in bytes (a pasted description is a form field).
   *
   * @return the limit
   */
  public int maxFormBytes() {
    return maxFormBytes;
  }

  /**
   * The clock that ages sessions and login links.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Logging in at the operators' OpenID Connect provider.
   *
   * @return the login, empty when operators log in with tokens and login links only
   */
  public Optional<OidcLogin> oidcLogin() {
    return Optional.ofNullable(oidcLogin);
  }

  /** Builds an {@link AdminUiConfig}. Not thread-safe. */
  public static final class Builder {
    private final ControlPlane controlPlane;
    private List<String> environments = List.of(Source.SANDBOX, Source.PRODUCTION);
    private Duration sessionIdleTimeout = Duration.ofMinutes(30);
    private Duration sessionMaxAge = Duration.ofHours(8);
    private Duration loginLinkLifetime = Duration.ofHours(24);
    private @Nullable URI mcpEndpoint;
    private boolean urlImports = true;
    private UnaryOperator<List<PolicyRule>> effectiveRules = rules -> rules;
    private int maxFormBytes = 10 * 1024 * 1024;
    private Clock clock = Clock.systemUTC();
    private @Nullable OidcLogin oidcLogin;

    private Builder(ControlPlane controlPlane) {
      this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane");
    }

    /**
     * The environments shown and published to, in promotion order.
     *
     * @param names 1 to 16 names of 1 to 64 of {@code [A-Za-z0-9_.-]}; checked by {@link #build}
     * @return this builder
     */
    public Builder environments(List<String> names) {
      this.environments = List.copyOf(names);
      return this;
    }

    /**
     * How long sessions live: without a request, and at most.
     *
     * @param idle 1 minute to the absolute lifetime; checked by {@link #build}
     * @param max at most 7 days; checked by {@link #build}
     * @return this builder
     */
    public Builder sessions(Duration idle, Duration max) {
      this.sessionIdleTimeout = Objects.requireNonNull(idle, "idle");
      this.sessionMaxAge = Objects.requireNonNull(max, "max");
      return this;
    }

    /**
     * How long an unused one-time login link stays usable.
     *
     * @param lifetime 1 minute to 7 days; checked by {@link #build}
     * @return this builder
     */
    public Builder loginLinkLifetime(Duration lifetime) {
      this.loginLinkLifetime = Objects.requireNonNull(lifetime, "lifetime");
      return this;
    }

    /**
     * The MCP endpoint clients connect to, shown beside a new key.
     *
     * @param endpoint the endpoint
     * @return this builder
     */
    public Builder mcpEndpoint(URI endpoint) {
      this.mcpEndpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /**
     * Whether descriptions may be imported from {@code http(s)} URLs.
     *
     * @param allowed false to accept pasted descriptions only
     * @return this builder
     */
    public Builder urlImports(boolean allowed) {
      this.urlImports = allowed;
      return this;
    }

    /**
     * Offers logging in at the operators' OpenID Connect provider (authorization code with
     * PKCE), beside operator tokens and login links.
     *
     * @param login the provider and client
     * @return this builder
     */
    public Builder oidcLogin(OidcLogin login) {
      this.oidcLogin = Objects.requireNonNull(login, "login");
      return this;
    }

    /**
     * How the data plane completes the store's policy rules: given the store's rules in order,
     * the full list it evaluates (such as the host's own rules first and a default allow last).
     *
     * @param completion the completion
     * @return this builder
     */
    public Builder effectiveRules(UnaryOperator<List<PolicyRule>> completion) {
      this.effectiveRules = Objects.requireNonNull(completion, "completion");
      return this;
    }

    /**
     * The largest form accepted.
     *
     * @param bytes 1 KiB to 100 MiB; checked by {@link #build}
     * @return this builder
     */
    public Builder maxFormBytes(int bytes) {
      this.maxFormBytes = bytes;
      return this;
    }

    /**
     * The clock that ages sessions and login links.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if an environment name, a lifetime or the form limit is
     *     out of range
     */
    public AdminUiConfig build() {
      if (environments.isEmpty() || environments.size() > 16
          || !environments.stream().allMatch(e -> ENVIRONMENT.matcher(e).matches())
          || environments.stream().distinct().count() != environments.size()) {
        throw new IllegalArgumentException(
            "environments must be 1 to 16 distinct names of A-Z a-z 0-9 _ . -");
      }
      if (sessionIdleTimeout.compareTo(Duration.ofMinutes(1)) < 0
          || sessionIdleTimeout.compareTo(sessionMaxAge) > 0) {
        throw new IllegalArgumentException(
            "the session idle timeout must be at least 1 minute and at most the session's "
                + "absolute lifetime");
      }
      if (sessionMaxAge.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException("a session's absolute lifetime is at most 7 days");
      }
      if (loginLinkLifetime.compareTo(Duration.ofMinutes(1)) < 0
          || loginLinkLifetime.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException("a login link's lifetime must be 1 minute to 7 days");
      }
      if (maxFormBytes < 1024 || maxFormBytes > 100 * 1024 * 1024) {
        throw new IllegalArgumentException("maxFormBytes must be 1 KiB to 100 MiB");
      }
      return new AdminUiConfig(this);
    }
  }
}
