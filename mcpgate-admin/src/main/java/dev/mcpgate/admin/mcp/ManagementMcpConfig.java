package dev.mcpgate.admin.mcp;

import dev.mcpgate.admin.AdminApiConfig;
import dev.mcpgate.api.AuditSink;
import dev.mcpgate.servlet.McpTransportConfig;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Management MCP endpoint's configuration. Immutable and thread-safe; built once with
 * {@link #builder}.
 *
 * <p>The endpoint calls the admin API in-process, so it needs the {@link AdminApiConfig} the
 * admin API servlet was built with (operators authenticate against it, and its in-process grants
 * carry each call) and the path that servlet is mounted at in the same servlet context.
 */
public final class ManagementMcpConfig {

  /** The longest a plan may stay valid. */
  public static final Duration MAX_PLAN_TTL = Duration.ofMinutes(30);

  private final AdminApiConfig admin;
  private final String adminPath;
  private final HumanConfirmation confirmation;
  private final Duration planTtl;
  private final byte[] planKey;
  private final Clock clock;
  private final AuditSink auditSink;
  private final McpTransportConfig transport;

  private ManagementMcpConfig(Builder builder) {
    this.admin = builder.admin;
    this.adminPath = builder.adminPath;
    this.confirmation = builder.confirmation;
    this.planTtl = builder.planTtl;
    this.planKey = builder.planKey.clone();
    this.clock = builder.clock == null ? builder.admin.clock() : builder.clock;
    this.auditSink = builder.auditSink;
    this.transport = builder.transport;
  }

  /**
   * A builder over the admin API's configuration.
   *
   * @param admin the configuration the admin API servlet in the same context was built with
   * @return the builder
   */
  public static Builder builder(AdminApiConfig admin) {
    return new Builder(admin);
  }

  /**
   * The admin API's configuration.
   *
   * @return the configuration
   */
  public AdminApiConfig admin() {
    return admin;
  }

  /**
   * Where the admin API servlet is mounted in the same servlet context, such as {@code /admin}.
   *
   * @return the path, starting with '/' and not ending with it
   */
  public String adminPath() {
    return adminPath;
  }

  /**
   * How a human confirms a destructive change.
   *
   * @return the confirmation
   */
  public HumanConfirmation confirmation() {
    return confirmation;
  }

  /**
   * How long a plan token stays valid.
   *
   * @return the time to live
   */
  public Duration planTtl() {
    return planTtl;
  }

  /**
   * The HMAC key that signs plan tokens.
   *
   * @return a copy of the key
   */
  public byte[] planKey() {
    return planKey.clone();
  }

  /**
   * The clock that dates and expires plans.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Where each call's audit event goes.
   *
   * @return the sink
   */
  public AuditSink auditSink() {
    return auditSink;
  }

  /**
   * The MCP transport's settings (allowed hosts and origins, sessions).
   *
   * @return the transport configuration
   */
  public McpTransportConfig transport() {
    return transport;
  }

  /** Builds a {@link ManagementMcpConfig}. Not thread-safe. */
  public static final class Builder {
    private final AdminApiConfig admin;
    private String adminPath = "/admin";
    private HumanConfirmation confirmation = HumanConfirmation.throughClient();
    private Duration planTtl = Duration.ofMinutes(5);
    private byte[] planKey;
    private @Nullable Clock clock;
    private AuditSink auditSink = AuditSink.noop();
    private McpTransportConfig transport = McpTransportConfig.defaults();

    private Builder(AdminApiConfig admin) {
      this.admin = Objects.requireNonNull(admin, "admin");
      this.planKey = new byte[32];
      new SecureRandom().nextBytes(planKey);
    }

    /**
     * Where the admin API servlet is mounted in the same servlet context; default {@code
     * /admin}.
     *
     * @param path a path starting with '/', such as {@code /admin}; checked by {@link #build}
     * @return this builder
     */
    public Builder adminPath(String path) {
      this.adminPath = Objects.requireNonNull(path, "path");
      return this;
    }

    /**
     * How a human confirms a destructive change; default {@link
     * HumanConfirmation#throughClient()} (the client's user is asked through elicitation; a
     * client that cannot ask is refused, with a pointer to the UI and the CLI).
     *
     * @param confirmation the confirmation
     * @return this builder
     */
    public Builder confirmation(HumanConfirmation confirmation) {
      this.confirmation = Objects.requireNonNull(confirmation, "confirmation");
      return this;
    }

    /**
     * How long a plan token stays valid; default 5 minutes.
     *
     * @param ttl 1 second to {@link #MAX_PLAN_TTL}; checked by {@link #build}
     * @return this builder
     */
    public Builder planTtl(Duration ttl) {
      this.planTtl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /**
     * The key that signs plan tokens; default a random key of this process. Replicas that share
     * a store and take plans from one another need the same key.
     *
     * @param key at least 32 bytes; checked by {@link #build}
     * @return this builder
     */
    public Builder planKey(byte[] key) {
      this.planKey = Objects.requireNonNull(key, "key").clone();
      return this;
    }

    /**
     * The clock that dates and expires plans; default the admin API's clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Where each call's audit event goes; default nowhere.
     *
     * @param sink the sink, such as the control plane's {@code audit().sink()}
     * @return this builder
     */
    public Builder auditSink(AuditSink sink) {
      this.auditSink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * The MCP transport's settings; default {@link McpTransportConfig#defaults()} (loopback
     * hosts). Its path is not used: the servlet answers where it is mapped.
     *
     * @param transport the transport configuration
     * @return this builder
     */
    public Builder transport(McpTransportConfig transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if the admin path, the plan time to live or the plan key
     *     is out of range
     */
    public ManagementMcpConfig build() {
      if (!adminPath.startsWith("/") || adminPath.endsWith("/") || adminPath.contains("//")
          || !adminPath.matches("[A-Za-z0-9/_.~-]+")) {
        throw new IllegalArgumentException("adminPath must start with '/', not end with it, and "
            + "hold only letters, digits and / _ . ~ -");
      }
      if (planTtl.compareTo(Duration.ofSeconds(1)) < 0 || planTtl.compareTo(MAX_PLAN_TTL) > 0) {
        throw new IllegalArgumentException("planTtl must be 1 second to 30 minutes");
      }
      if (planKey.length < 32) {
        throw new IllegalArgumentException("planKey must be at least 32 bytes");
      }
      return new ManagementMcpConfig(this);
    }
  }
}
