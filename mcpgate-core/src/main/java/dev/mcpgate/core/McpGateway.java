package dev.mcpgate.core;

import dev.mcpgate.api.AuditSink;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.internal.Json;
import dev.mcpgate.core.internal.SchemaCompiler;
import dev.mcpgate.core.internal.gates.Gate;
import dev.mcpgate.core.internal.gates.GatePipeline;
import dev.mcpgate.core.internal.gates.InputSchemaGate;
import dev.mcpgate.core.internal.gates.PolicyGate;
import dev.mcpgate.core.internal.gates.RateLimitGate;
import dev.mcpgate.core.internal.gates.SizeLimitsGate;
import dev.mcpgate.core.completion.Completer;
import dev.mcpgate.core.internal.features.ChangeListeners;
import dev.mcpgate.core.internal.features.FeatureMethods;
import dev.mcpgate.core.internal.features.PromptRegistry;
import dev.mcpgate.core.internal.features.ResourceRegistry;
import dev.mcpgate.core.internal.gates.SourceGate;
import dev.mcpgate.core.limits.RateLimiter;
import dev.mcpgate.core.limits.SizeLimits;
import dev.mcpgate.core.prompts.Prompt;
import dev.mcpgate.core.prompts.PromptCatalog;
import dev.mcpgate.core.prompts.PromptHandler;
import dev.mcpgate.core.resources.Resource;
import dev.mcpgate.core.resources.ResourceCatalog;
import dev.mcpgate.core.resources.ResourceReader;
import dev.mcpgate.core.resources.ResourceTemplate;
import dev.mcpgate.core.internal.asks.RequestStates;
import dev.mcpgate.core.internal.tasks.TaskStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * An MCP server that serves a {@link ToolCatalog} to authenticated callers, filtered by policy:
 * the transport-agnostic heart of mcpgate.
 *
 * <p>Build one with {@link #builder()}, register tools (and resources, resource templates and
 * prompts, which the same policy governs), and mount it with a transport (the
 * servlet module's {@code McpFilter}), which works through the gateway's {@link #endpoint()
 * endpoint}. The gateway speaks MCP {@value #LATEST_PROTOCOL_VERSION}
 * and accepts clients of the versions in {@link #SUPPORTED_PROTOCOL_VERSIONS}.
 *
 * <p>Thread-safe: one instance serves every request.
 */
public final class McpGateway {

  /** The protocol version this gateway prefers. */
  public static final String LATEST_PROTOCOL_VERSION = "2025-11-25";

  /**
   * Every protocol version with sessions this gateway accepts, newest first: the versions a
   * client negotiates with {@code initialize}.
   */
  public static final List<String> SUPPORTED_PROTOCOL_VERSIONS =
      List.of("2025-11-25", "2025-06-18", "2025-03-26");

  /**
   * The stateless protocol version this gateway speaks beside the ones with sessions: no
   * {@code initialize}, every request carries its version and capabilities in {@code _meta}.
   */
  public static final String STATELESS_PROTOCOL_VERSION = "2026-07-28";

  /** Every protocol version this gateway accepts, newest first, as {@code server/discover} lists them. */
  public static final List<String> ALL_PROTOCOL_VERSIONS =
      List.of(STATELESS_PROTOCOL_VERSION, "2025-11-25", "2025-06-18", "2025-03-26");

  /**
   * The protocol version a Streamable HTTP server assumes when a client sends no {@code
   * MCP-Protocol-Version} header, as the specification says.
   */
  public static final String DEFAULT_HTTP_PROTOCOL_VERSION = "2025-03-26";

  /** How long an ended task stays readable with {@code tasks/get}. */
  private static final Duration TASK_TTL = Duration.ofHours(1);
  /** How often a client is advised to poll a task. */
  private static final Duration TASK_POLL_INTERVAL = Duration.ofMillis(500);
  /** How many tasks (running or ended within their TTL) may exist at once. */
  private static final int MAX_TASKS = 10_000;

  private final Settings settings;
  private final ToolCatalog catalog;
  private final SourceRegistry sources;
  private final McpEndpoint endpoint;
  private final ResourceRegistry resources;
  private final PromptRegistry prompts;

  private McpGateway(Builder builder) {
    this.settings =
        new Settings(
            builder.serverName,
            builder.serverVersion,
            builder.serverTitle,
            builder.instructions,
            builder.pageSize,
            builder.argumentAudit,
            builder.clientRequestTimeout,
            builder.cacheTtl,
            new RequestStates(
                builder.requestStateKey != null ? builder.requestStateKey : randomKey(),
                builder.clock, builder.requestStateTtl),
            Map.copyOf(builder.taskSupport),
            new TaskStore(builder.clock, TASK_TTL, TASK_POLL_INTERVAL, MAX_TASKS));
    this.catalog = new ToolCatalog(new SchemaCompiler());
    this.sources = new SourceRegistry();
    builder.sources.forEach(sources::put);
    sources.onChange(catalog::changed);
    List<Gate> listing = List.of(
        SourceGate.approved(sources), SourceGate.operationSelected(sources),
        new PolicyGate(builder.policy));
    List<Gate> call = new ArrayList<>(listing);
    call.add(new InputSchemaGate());
    call.add(new SizeLimitsGate(builder.sizeLimits));
    call.add(new RateLimitGate(builder.rateLimiter));
    this.resources = new ResourceRegistry(resourceChanges());
    this.prompts = new PromptRegistry(promptChanges());
    Engine engine = new Engine(
        settings, catalog, sources, new GatePipeline(listing, call), builder.audit, builder.clock,
        builder.ticker,
        new FeatureMethods(resources, prompts, builder.policy, builder.audit, builder.clock,
            settings.pageSize()));
    this.endpoint = new McpEndpoint(
        engine, builder.identity, builder.rateLimiter, builder.audit, builder.clock,
        builder.ticker);
    catalog.onChange(() -> endpoint.notifyAllSessions("notifications/tools/list_changed"));
    catalog.registerAll(builder.tools);
    builder.features.forEach(registration -> registration.accept(resources, prompts));
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private ChangeListeners resourceChanges() {
    ChangeListeners changes = new ChangeListeners();
    changes.onListChanged(
        () -> endpoint.notifyAllSessions("notifications/resources/list_changed"));
    changes.onUpdated(uri -> endpoint.notifySessions("notifications/resources/updated",
        Json.MAPPER.createObjectNode().put("uri", uri), session -> session.isSubscribed(uri)));
    return changes;
  }

  private ChangeListeners promptChanges() {
    ChangeListeners changes = new ChangeListeners();
    changes.onListChanged(
        () -> endpoint.notifyAllSessions("notifications/prompts/list_changed"));
    return changes;
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The tools this gateway serves; register and remove tools at run time here.
   *
   * @return the catalog
   */
  public ToolCatalog tools() {
    return catalog;
  }

  /**
   * The resources and resource templates this gateway serves; register and remove them at run
   * time here, and say when one changed.
   *
   * @return the catalog
   */
  public ResourceCatalog resources() {
    return resources;
  }

  /**
   * The prompts this gateway serves; register and remove them at run time here.
   *
   * @return the catalog
   */
  public PromptCatalog prompts() {
    return prompts;
  }

  /**
   * The sources whose tools this gateway may serve, with their approval and operation
   * selection; change them at run time here.
   *
   * @return the registry
   */
  public SourceRegistry sources() {
    return sources;
  }

  /**
   * The gateway's entry point for transports: what the servlet module's filter (or a custom
   * transport) calls to authenticate, parse and handle a client's messages. An embedding
   * application passes the gateway to a transport and needs none of it.
   *
   * @return the endpoint; the same instance on every call
   */
  public McpEndpoint endpoint() {
    return endpoint;
  }

  record Settings(
      String serverName,
      String serverVersion,
      @Nullable String serverTitle,
      @Nullable String instructions,
      int pageSize,
      ArgumentAudit argumentAudit,
      Duration clientRequestTimeout,
      Duration cacheTtl,
      RequestStates requestStates,
      Map<String, TaskSupport> taskSupport,
      TaskStore tasks) {}

  /**
   * Builds an {@link McpGateway}. Not thread-safe.
   *
   * <p>Defaults: no caller is authenticated until an {@link IdentityResolver} is set (every
   * request gets 401); every authenticated caller may use every tool until a {@link
   * PolicyEngine} is set; audit events are discarded until an {@link AuditSink} is set.
   */
  public static final class Builder {
    private String serverName = "mcpgate";
    private String serverVersion = "0";
    private @Nullable String serverTitle;
    private @Nullable String instructions;
    private int pageSize = 100;
    private IdentityResolver identity = request -> IdentityResult.unauthenticated();
    private PolicyEngine policy = PolicyEngine.allowAll();
    private AuditSink audit = AuditSink.noop();
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.system();
    private ArgumentAudit argumentAudit = ArgumentAudit.none();
    private SizeLimits sizeLimits = SizeLimits.defaults();
    private RateLimiter rateLimiter = RateLimiter.unlimited();
    private Duration clientRequestTimeout = Duration.ofMinutes(5);
    private Duration cacheTtl = Duration.ZERO;
    private Duration requestStateTtl = Duration.ofMinutes(10);
    private byte @Nullable [] requestStateKey;
    private final Map<ToolDefinition, ToolHandler> tools = new LinkedHashMap<>();
    private final Map<String, TaskSupport> taskSupport = new LinkedHashMap<>();
    private final List<Source> sources = new ArrayList<>();
    private final List<BiConsumer<ResourceRegistry, PromptRegistry>> features = new ArrayList<>();
    private final Set<String> featureKeys = new HashSet<>();

    private Builder() {}

    /**
     * Sets the name and version in {@code serverInfo}.
     *
     * @param name the server's name
     * @param version the server's version
     * @return this builder
     */
    public Builder serverInfo(String name, String version) {
      this.serverName = Objects.requireNonNull(name, "name");
      this.serverVersion = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * Sets the human-readable title in {@code serverInfo}.
     *
     * @param title the title, or null
     * @return this builder
     */
    public Builder serverTitle(@Nullable String title) {
      this.serverTitle = title;
      return this;
    }

    /**
     * Sets the instructions sent to clients on {@code initialize}.
     *
     * @param instructions how to use this server, or null
     * @return this builder
     */
    public Builder instructions(@Nullable String instructions) {
      this.instructions = instructions;
      return this;
    }

    /**
     * Sets how many tools one {@code tools/list} page holds; default 100.
     *
     * @param pageSize 1 to 1000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1 || pageSize > 1000) {
        throw new IllegalArgumentException("pageSize must be 1 to 1000, was " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Sets how callers authenticate to the gateway.
     *
     * @param identity the resolver
     * @return this builder
     */
    public Builder identityResolver(IdentityResolver identity) {
      this.identity = Objects.requireNonNull(identity, "identity");
      return this;
    }

    /**
     * Sets the policy that decides which tools each caller sees and may call.
     *
     * @param policy the policy engine
     * @return this builder
     */
    public Builder policy(PolicyEngine policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets where audit events go.
     *
     * @param audit the sink
     * @return this builder
     */
    public Builder auditSink(AuditSink audit) {
      this.audit = Objects.requireNonNull(audit, "audit");
      return this;
    }

    /**
     * Sets how large a call's arguments may be (gate 5); default {@link SizeLimits#defaults()}.
     *
     * @param sizeLimits the limits
     * @return this builder
     */
    public Builder sizeLimits(SizeLimits sizeLimits) {
      this.sizeLimits = Objects.requireNonNull(sizeLimits, "sizeLimits");
      return this;
    }

    /**
     * Sets how often each caller may call (gate 6), such as {@link
     * dev.mcpgate.core.limits.RateLimits}; default unlimited. A limited call gets an {@code
     * isError} result that says when to retry.
     *
     * @param rateLimiter the limiter
     * @return this builder
     */
    public Builder rateLimiter(RateLimiter rateLimiter) {
      this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
      return this;
    }

    /**
     * Sets whether argument values are recorded in audit events; by default they are not.
     *
     * @param argumentAudit {@link ArgumentAudit#none()} or {@link
     *     ArgumentAudit#redacting(String...)}
     * @return this builder
     */
    public Builder auditArguments(ArgumentAudit argumentAudit) {
      this.argumentAudit = Objects.requireNonNull(argumentAudit, "argumentAudit");
      return this;
    }

    /**
     * Sets the clock; for tests.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the ticker that measures elapsed time (session idle time, call latency); defaults to
     * {@link Ticker#system()}. For tests, which step time instead of sleeping.
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets how long a tool waits for the client to answer a request it asked on a session
     * (2025-11-25 and earlier); default 5 minutes.
     *
     * @param timeout the timeout, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder clientRequestTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("clientRequestTimeout must be positive");
      }
      this.clientRequestTimeout = timeout;
      return this;
    }

    /**
     * Sets the freshness hint ({@code ttlMs}) of 2026-07-28 list and read results; default zero
     * (a client revalidates every time). Results are always marked {@code private}: what a
     * caller sees depends on who it is.
     *
     * @param ttl the hint, zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder cacheTtl(Duration ttl) {
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("cacheTtl must not be negative");
      }
      this.cacheTtl = ttl;
      return this;
    }

    /**
     * Sets the key that seals the request state of 2026-07-28 input-required results (HMAC-SHA256).
     * Replicas behind one endpoint share a key, so that a retry may reach any of them; by default
     * each gateway makes a random key of its own.
     *
     * @param key the key, at least 32 bytes; copied
     * @return this builder
     * @throws IllegalArgumentException if shorter than 32 bytes
     */
    public Builder requestStateKey(byte[] key) {
      if (key.length < 32) {
        throw new IllegalArgumentException("the request state key must have at least 32 bytes");
      }
      this.requestStateKey = key.clone();
      return this;
    }

    /**
     * Sets how long a request state stays valid; default 10 minutes.
     *
     * @param ttl the lifetime, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder requestStateTtl(Duration ttl) {
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("requestStateTtl must be positive");
      }
      this.requestStateTtl = ttl;
      return this;
    }

    /**
     * Adds a source, so that the tools imported from it may be served: a tool naming a source
     * the gateway does not know, or one that is not approved, is neither listed nor callable.
     *
     * @param source the source and its approval and selection
     * @return this builder
     */
    public Builder source(Source source) {
      sources.add(Objects.requireNonNull(source, "source"));
      return this;
    }

    /**
     * Registers a tool implemented in Java.
     *
     * @param definition the tool's definition
     * @param handler what runs it
     * @return this builder
     * @throws IllegalArgumentException if a tool with that name was already added
     */
    public Builder tool(ToolDefinition definition, ToolHandler handler) {
      Objects.requireNonNull(definition, "definition");
      Objects.requireNonNull(handler, "handler");
      if (tools.keySet().stream().anyMatch(existing -> existing.name().equals(definition.name()))) {
        throw new IllegalArgumentException("a tool named '" + definition.name() + "' was already added");
      }
      tools.put(definition, handler);
      return this;
    }

    /**
     * Says whether calls of a tool may run as tasks (the {@code io.modelcontextprotocol/tasks}
     * extension of MCP 2026-07-28, advertised in {@code server/discover} once a tool supports
     * tasks). A call that runs as a task passes the same gates and is audited as a direct call;
     * its audit event is recorded when it ends, with the task id. A task is visible only to the
     * identity that started it. On the revisions with sessions, calls always run within their
     * request.
     *
     * @param toolName the tool's name (a tool registered with any method, now or later)
     * @param support whether its calls run as tasks
     * @return this builder
     */
    public Builder taskSupport(String toolName, TaskSupport support) {
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(support, "support");
      if (support == TaskSupport.FORBIDDEN) {
        taskSupport.remove(toolName);
      } else {
        taskSupport.put(toolName, support);
      }
      return this;
    }

    /**
     * Registers a resource with a fixed URI, read in Java.
     *
     * @param resource the resource
     * @param reader what reads it
     * @return this builder
     * @throws IllegalArgumentException if a resource with that URI was already added
     */
    public Builder resource(Resource resource, ResourceReader reader) {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(reader, "reader");
      unique("resource:" + resource.uri(), "a resource with the URI '" + resource.uri() + "'");
      features.add((resources, prompts) -> resources.register(resource, reader));
      return this;
    }

    /**
     * Registers a resource template, its resources read in Java.
     *
     * @param template the template
     * @param reader what reads its resources
     * @return this builder
     * @throws IllegalArgumentException if that template was already added
     */
    public Builder resourceTemplate(ResourceTemplate template, ResourceReader reader) {
      Objects.requireNonNull(template, "template");
      Objects.requireNonNull(reader, "reader");
      unique("template:" + template.uriTemplate(), "the template '" + template.uriTemplate() + "'");
      features.add((resources, prompts) -> resources.register(template, reader));
      return this;
    }

    /**
     * Registers a resource template whose variables {@code completion/complete} can complete.
     *
     * @param template the template
     * @param reader what reads its resources
     * @param completer what suggests values for its variables
     * @return this builder
     * @throws IllegalArgumentException if that template was already added
     */
    public Builder resourceTemplate(
        ResourceTemplate template, ResourceReader reader, Completer completer) {
      Objects.requireNonNull(template, "template");
      Objects.requireNonNull(reader, "reader");
      Objects.requireNonNull(completer, "completer");
      unique("template:" + template.uriTemplate(), "the template '" + template.uriTemplate() + "'");
      features.add((resources, prompts) -> resources.register(template, reader, completer));
      return this;
    }

    /**
     * Registers a prompt, filled in by Java.
     *
     * @param prompt the prompt
     * @param handler what fills it in
     * @return this builder
     * @throws IllegalArgumentException if a prompt with that name was already added
     */
    public Builder prompt(Prompt prompt, PromptHandler handler) {
      Objects.requireNonNull(prompt, "prompt");
      Objects.requireNonNull(handler, "handler");
      unique("prompt:" + prompt.name(), "a prompt named '" + prompt.name() + "'");
      features.add((resources, prompts) -> prompts.register(prompt, handler));
      return this;
    }

    /**
     * Registers a prompt whose arguments {@code completion/complete} can complete.
     *
     * @param prompt the prompt
     * @param handler what fills it in
     * @param completer what suggests values for its arguments
     * @return this builder
     * @throws IllegalArgumentException if a prompt with that name was already added
     */
    public Builder prompt(Prompt prompt, PromptHandler handler, Completer completer) {
      Objects.requireNonNull(prompt, "prompt");
      Objects.requireNonNull(handler, "handler");
      Objects.requireNonNull(completer, "completer");
      unique("prompt:" + prompt.name(), "a prompt named '" + prompt.name() + "'");
      features.add((resources, prompts) -> prompts.register(prompt, handler, completer));
      return this;
    }

    private void unique(String key, String what) {
      if (!featureKeys.add(key)) {
        throw new IllegalArgumentException(what + " was already added");
      }
    }

    /**
     * Builds the gateway.
     *
     * @return the gateway
     * @throws IllegalArgumentException if a tool's schema is not a valid JSON Schema
     */
    public McpGateway build() {
      return new McpGateway(this);
    }
  }
}
