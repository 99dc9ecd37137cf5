package dev.mcpgate.cli.internal;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.AuthRequirement;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.cli.internal.SourceImports.Imported;
import dev.mcpgate.core.ArgumentAudit;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.ToolHandler;
import dev.mcpgate.core.credentials.CookieSessionLogin;
import dev.mcpgate.core.credentials.EnvironmentSecrets;
import dev.mcpgate.core.credentials.OAuth2ClientCredentials;
import dev.mcpgate.core.credentials.SecretStores;
import dev.mcpgate.core.identity.ApiKeyIdentityResolver;
import dev.mcpgate.core.identity.Client;
import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.core.identity.JwtIdentityResolver;
import dev.mcpgate.core.policy.CallerMatch;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.core.policy.RulePolicyEngine;
import dev.mcpgate.core.policy.ToolMatch;
import dev.mcpgate.core.upstream.HostResolver;
import dev.mcpgate.core.upstream.HttpUpstream;
import dev.mcpgate.core.upstream.TargetPolicy;
import dev.mcpgate.servlet.McpTransportConfig;
import dev.mcpgate.servlet.ProtectedResourceMetadata;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A gateway assembled from a {@link ServeConfig}: every source imported, the clients' keys read,
 * the policy, upstream adapter, secret stores and audit sink built, and the transport configured.
 * Problems that only show once descriptions are imported or secrets read (an operation id the
 * description lacks, two sources yielding the same tool name, an unreadable client key) are
 * reported like those of the file, with their path.
 *
 * <p>Close it to release the upstream connections and flush the audit trail. Thread-safe once
 * built.
 */
public final class StandaloneGateway implements AutoCloseable {

  /** How many audit events may wait for the log. */
  static final int AUDIT_QUEUE = 10_000;

  private final McpGateway gateway;
  private final McpTransportConfig transport;
  private final List<String> summary;
  private final List<String> warnings;
  private final HttpUpstream upstream;
  private final AuditTrail audit;
  private final List<Imported> sources;

  private StandaloneGateway(
      McpGateway gateway,
      McpTransportConfig transport,
      List<String> summary,
      List<String> warnings,
      HttpUpstream upstream,
      AuditTrail audit,
      List<Imported> sources) {
    this.gateway = gateway;
    this.transport = transport;
    this.summary = List.copyOf(summary);
    this.warnings = List.copyOf(warnings);
    this.upstream = upstream;
    this.audit = audit;
    this.sources = List.copyOf(sources);
  }

  /**
   * Assembles a gateway.
   *
   * @param config the configuration
   * @param environment how {@code env:} references are read, such as {@code System::getenv}
   * @param label how problems name the configuration file
   * @return the gateway
   * @throws ConfigException listing every problem found
   */
  public static StandaloneGateway assemble(
      ServeConfig config, Function<String, @Nullable String> environment, String label) {
    return assemble(config, environment, HostResolver.system(), label);
  }

  /**
   * Assembles a gateway whose startup check resolves upstream host names with a resolver of its
   * own (the calls themselves use the system's).
   *
   * @param config the configuration
   * @param environment how {@code env:} references are read, such as {@code System::getenv}
   * @param hostResolver how the startup check resolves the upstream hosts' names
   * @param label how problems name the configuration file
   * @return the gateway
   * @throws ConfigException listing every problem found
   */
  public static StandaloneGateway assemble(
      ServeConfig config, Function<String, @Nullable String> environment,
      HostResolver hostResolver, String label) {
    return assemble(config, environment, hostResolver, label, null);
  }

  /**
   * Assembles a gateway whose store-backed parts (the store's clients and rules) are read
   * through {@code live}, which {@link StoreBackedGateway} swaps as snapshots arrive.
   */
  static StandaloneGateway assemble(
      ServeConfig config, Function<String, @Nullable String> environment,
      HostResolver hostResolver, String label, @Nullable LiveState live) {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> summary = new ArrayList<>();

    SecretStores plain = secretStores(config, environment).build();

    // With a store, its clients join the file's in one registry, which the store's snapshots
    // update (keys added and revoked) while serving.
    ClientRegistry registry = live == null ? new ClientRegistry() : live.registry();
    if (live == null) {
      registry(config, registry, plain, problems);
    } else {
      // The keys are checked here, but served from the store's snapshot, where the file
      // baseline mirrored them: the live registry gets the file's clients and revocations only.
      registry(config, new ClientRegistry(), plain, problems);
      clients(config, registry);
      revocations(config, registry);
    }
    IdentityResolver identity = identity(config, registry, warnings, live);

    SecretCheck.check(config, plain, problems, warnings);

    // Import every source first: the upstream allowlist may come from the tools' servers.
    List<Imported> imported = SourceImports.importAll(config, problems, warnings);
    Set<String> toolNames = new HashSet<>();
    imported.forEach(source -> source.tools().forEach(tool -> toolNames.add(tool.name())));
    checkRateLimitedTools(config, toolNames, problems);
    warnUnmatchedGlobs(config, toolNames, warnings);
    warnDenyAfterAllow(config, warnings);
    TargetPolicy targets = targets(config, imported, problems, warnings);
    TargetCheck.check(imported, targets, hostResolver, problems, warnings);
    checkSecretLengths(config, plain, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(label, problems);
    }

    SecretStores.Builder routerBuilder = secretStores(config, environment);
    Set<AuthKind> kinds = new LinkedHashSet<>();
    config.bindings().forEach(b -> kinds.add(b.kind()));
    TargetPolicy exchanges = exchangeTargets(config);
    if (kinds.contains(AuthKind.OAUTH2)) {
      routerBuilder.kind(AuthKind.OAUTH2,
          OAuth2ClientCredentials.builder(plain).targets(exchanges).build());
    }
    if (kinds.contains(AuthKind.COOKIE)) {
      routerBuilder.kind(AuthKind.COOKIE,
          CookieSessionLogin.builder(plain).targets(exchanges).build());
    }
    ServeConfig.Upstream up = config.upstream();
    HttpUpstream upstream = HttpUpstream.builder()
        .credentials(routerBuilder.build())
        .targets(targets)
        .connectTimeout(up.connectTimeout())
        .timeout(up.timeout())
        .maxResponseBytes(up.maxResponseBytes())
        .build();

    AuditTrail audit;
    try {
      audit = AuditTrail.open(config.audit().output(), System.out, AUDIT_QUEUE, label);
    } catch (ConfigException e) {
      upstream.close();
      throw e;
    }
    McpGateway.Builder builder = McpGateway.builder()
        .serverInfo("mcpgate", version())
        .identityResolver(identity)
        .policy(live == null ? policy(config.policy()) : live.policy())
        .auditSink(live == null ? audit
            : dev.mcpgate.api.AuditSink.all(List.of(audit, live.storeAudit())))
        .auditArguments(config.audit().recordArguments()
            ? ArgumentAudit.redacting(config.audit().redact().toArray(String[]::new))
            : ArgumentAudit.none());
    List<String> limitProblems = new ArrayList<>();
    Limits.apply(config.limits(), builder, limitProblems, live);
    if (!limitProblems.isEmpty()) {
      upstream.close();
      audit.close(Duration.ZERO);
      throw new ConfigException(label, limitProblems);
    }

    for (Imported source : imported) {
      ServeConfig.SourceEntry entry = source.entry();
      // With a store, the file's sources are mirrored into it (FileBaseline) and served from
      // its snapshot like every other source: they are checked here, not registered.
      if (live == null) {
        Source registered =
            (entry.approved() ? Source.approved(entry.id()) : Source.pending(entry.id()))
                .withOutputSchemas(entry.outputSchemas());
        if (entry.operations() != null) {
          registered = registered.selecting(entry.operations());
        }
        builder.source(registered);
      }
      CredentialBinding binding =
          entry.binding() == null ? null : config.binding(entry.binding()).orElse(null);
      Set<String> unbound = new TreeSet<>();
      for (ToolDefinition tool : source.tools()) {
        if (live == null) {
          builder.tool(tool, upstream.handler(binding));
        }
        if (binding == null) {
          for (AuthRequirement auth : tool.auth()) {
            if (auth.kind() != AuthKind.NONE && auth.kind() != AuthKind.UNKNOWN) {
              unbound.add(auth.kind().wireName());
            }
          }
        }
      }
      if (!unbound.isEmpty()) {
        warnings.add(entry.path() + " (" + entry.id() + "): its operations declare upstream auth ("
            + String.join(", ", unbound) + ") but the source has no binding");
      }
      String misfit = binding == null ? null : BindingFit.mismatch(entry, binding, source.tools());
      if (misfit != null) {
        warnings.add(misfit);
      }
      summary.add(String.format(Locale.ROOT, "source %s: %d tools, %s%s", entry.id(),
          source.tools().size(), entry.approved() ? "approved" : "NOT approved (tools not served)",
          binding == null ? "" : ", binding " + binding.id()));
    }
    summary.add(identitySummary(config));
    summary.add(AuditTrail.describe(config.audit().output()));
    ServeConfig.PolicyConfig policy = config.policy();
    summary.add(String.format(Locale.ROOT, "policy: %d rules, deny overrides, default %s%s",
        policy.rules().size(), policy.defaultAllow() ? "allow" : "deny",
        policy.dryRun() ? ", DRY RUN (denies nothing)" : ""));
    if (policy.rules().isEmpty() && !policy.defaultAllow()) {
      warnings.add("policy: no rules and default deny: no tool is served to anyone");
    }
    if (policy.dryRun()) {
      warnings.add("policy.dryRun: the policy denies nothing; the audit trail records what it"
          + " would deny (dry-run: would deny ...)");
    }

    McpGateway gateway;
    try {
      gateway = builder.build();
    } catch (IllegalArgumentException e) {
      upstream.close();
      audit.close(Duration.ZERO);
      throw new ConfigException(label, List.of("sources: " + e.getMessage()));
    }
    ServeConfig.Server server = config.server();
    McpTransportConfig transport = McpTransportConfig.builder()
        .path(server.path())
        .allowedHosts(server.allowedHosts())
        .allowedOrigins(server.allowedOrigins())
        .maxBodyBytes(server.maxBodyBytes())
        .protectedResource(server.protectedResource())
        .stateless(server.stateless())
        .build();
    summary.add(server.stateless()
        ? "transport: stateless (no sessions: every POST stands alone, no initialize needed)"
        : "transport: sessions (initialize, then MCP-Session-Id on every request)");
    ProtectedResourceMetadata metadata = server.protectedResource();
    if (metadata != null && config.identity().jwt() == null
        && !metadata.authorizationServers().isEmpty()) {
      warnings.add("server.protectedResource names authorization servers, but identity.jwt is"
          + " not set: their tokens are not accepted");
    }
    if (!isLoopback(server.address()) && server.allowedHosts().isEmpty()) {
      warnings.add("server.address " + server.address() + " is not loopback, but only loopback"
          + " Host names are accepted: list the names clients use in server.allowedHosts");
    }
    return new StandaloneGateway(gateway, transport, summary, warnings, upstream, audit,
        imported);
  }

  /** The environment and, when {@code secrets.files} is set, that directory. */
  private static SecretStores.Builder secretStores(
      ServeConfig config, Function<String, @Nullable String> environment) {
    SecretStores.Builder stores =
        SecretStores.builder().environment(EnvironmentSecrets.from(environment));
    if (config.secrets().files() != null) {
      stores.files(config.secrets().files());
    }
    return stores;
  }

  /**
   * The clients of the file in a registry: each registered, its keys added (a {@code ref} key
   * read now and kept only as its hash), then what the file revokes revoked, so that revocation
   * reaches API keys and JWTs alike.
   */
  private static void registry(
      ServeConfig config, ClientRegistry registry, SecretStores plain, List<String> problems) {
    clients(config, registry);
    for (ServeConfig.ClientEntry entry : config.clients()) {
      for (ServeConfig.ProfileEntry profile : entry.profiles()) {
        for (ServeConfig.KeyEntry key : profile.keys()) {
          addKey(registry, entry, profile, key, plain, problems);
        }
      }
    }
    revocations(config, registry);
  }

  /** The file's clients, registered with their attributes, without keys. */
  static void clients(ServeConfig config, ClientRegistry registry) {
    for (ServeConfig.ClientEntry entry : config.clients()) {
      registry.registerClient(client(entry));
    }
  }

  /**
   * A file client as the registry takes it.
   *
   * @param entry the client's entry
   * @return the client
   */
  static Client client(ServeConfig.ClientEntry entry) {
    Client.Builder client = Client.builder(entry.id())
        .tenant(entry.tenant())
        .scopes(entry.scopes().toArray(String[]::new));
    if (entry.displayName() != null) {
      client.displayName(entry.displayName());
    }
    entry.attributes().forEach(client::attribute);
    return client.build();
  }

  /** What the file revokes, revoked, so that revocation reaches API keys and JWTs alike. */
  static void revocations(ServeConfig config, ClientRegistry registry) {
    for (ServeConfig.ClientEntry entry : config.clients()) {
      for (ServeConfig.ProfileEntry profile : entry.profiles()) {
        if (profile.revoked()) {
          registry.revokeProfile(entry.id(), profile.name());
        }
      }
      if (entry.revoked()) {
        registry.revokeClient(entry.id());
      }
    }
  }

  /**
   * Refuses a binding whose stored secret is too short to be redacted from upstream answers, at
   * start-up rather than on its first call. A reference that does not resolve is left to the
   * call (and to the checks of references).
   */
  private static void checkSecretLengths(
      ServeConfig config, SecretStores plain, List<String> problems) {
    for (CredentialBinding binding : config.bindings()) {
      Set<String> refs = new LinkedHashSet<>();
      refs.add(binding.secretRef());
      refs.addAll(binding.profileRefs().values());
      for (String ref : refs) {
        CredentialBinding each = new CredentialBinding(binding.id(), binding.kind(), ref,
            Map.of(), binding.settings());
        if (plain.resolve(each, CallerContext.anonymous())
            instanceof CredentialResolution.Resolved resolved) {
          HttpUpstream.secretProblem(each, resolved.secret()).ifPresent(problems::add);
        }
      }
    }
  }

  private static void addKey(
      ClientRegistry registry, ServeConfig.ClientEntry client, ServeConfig.ProfileEntry profile,
      ServeConfig.KeyEntry key, SecretStores plain, List<String> problems) {
    try {
      if (key.ref() == null) {
        registry.addKeyHash(client.id(), profile.name(), Objects.requireNonNull(key.id()),
            HexFormat.of().parseHex(Objects.requireNonNull(key.hash())));
        return;
      }
      CredentialBinding ref = CredentialBinding.of(client.id(), AuthKind.BEARER, key.ref());
      CredentialResolution resolution = plain.resolve(ref, CallerContext.anonymous());
      if (resolution instanceof CredentialResolution.Resolved resolved) {
        String value = resolved.secret().reveal().strip();
        try {
          ClientRegistry.keyIdOf(value);
        } catch (IllegalArgumentException e) {
          // The library's message is not used: it must never be able to echo the value.
          problems.add(key.path() + ".ref: not an mcpgate key (mgk_<id>_<secret>, as"
              + " java -jar mcpgate.jar hash-key --generate makes)");
          return;
        }
        // The registry keeps only the key's hash, never the key.
        registry.addKey(client.id(), profile.name(), value);
      } else if (resolution instanceof CredentialResolution.Unavailable unavailable) {
        problems.add(key.path() + ".ref: cannot read the key: " + unavailable.reason());
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      // Two entries with one key id (the loader sees only ids it was given, not those of refs).
      problems.add(key.path() + ": " + e.getMessage());
    }
  }

  private static String identitySummary(ServeConfig config) {
    long keys = config.clients().stream()
        .flatMap(c -> c.profiles().stream())
        .mapToLong(p -> p.keys().size())
        .sum();
    ServeConfig.Jwt jwt = config.identity().jwt();
    return String.format(Locale.ROOT, "identity: %d API keys of %d clients%s", keys,
        config.clients().size(),
        jwt == null ? "" : "; JWTs from " + jwt.issuer() + " for " + jwt.audience());
  }

  /** API keys first: the API-key resolver steps aside for bearer tokens that are not keys. */
  private static IdentityResolver identity(
      ServeConfig config, ClientRegistry registry, List<String> warnings,
      @Nullable LiveState live) {
    IdentityResolver apiKeys = ApiKeyIdentityResolver.of(registry);
    ServeConfig.Jwt jwt = config.identity().jwt();
    if (jwt == null) {
      if (live != null) {
        return apiKeys; // the keys may all come from the store
      }
      boolean anyKey = config.clients().stream()
          .flatMap(c -> c.profiles().stream())
          .anyMatch(p -> !p.keys().isEmpty());
      if (!anyKey) {
        warnings.add("clients: no API key and no identity.jwt: every request is refused with 401");
      }
      return apiKeys;
    }
    return IdentityResolver.firstOf(List.of(apiKeys, jwtResolver(jwt, registry)));
  }

  /**
   * The JWT resolver of {@code identity.jwt}; the registry's revocations apply to its tokens.
   *
   * @param jwt the section
   * @param registry the clients
   * @return the resolver
   */
  static JwtIdentityResolver jwtResolver(ServeConfig.Jwt jwt, ClientRegistry registry) {
    JwtIdentityResolver.Builder builder = JwtIdentityResolver.builder()
        .jwksUrl(jwt.jwksUrl())
        .issuer(jwt.issuer())
        .audience(jwt.audience())
        .requiredScopes(jwt.requiredScopes())
        .revocation(registry::revoked);
    if (jwt.algorithms() != null) {
      builder.algorithms(jwt.algorithms());
    }
    if (jwt.clockSkew() != null) {
      builder.clockSkew(jwt.clockSkew());
    }
    if (jwt.cacheMaximumSize() != null) {
      builder.cacheMaximumSize(jwt.cacheMaximumSize());
    }
    if (jwt.cacheMaximumAge() != null) {
      builder.cacheMaximumAge(jwt.cacheMaximumAge());
    }
    ServeConfig.Claims claims = jwt.claims();
    if (claims.subject() != null) {
      builder.subjectClaim(claims.subject());
    }
    if (!claims.clientId().isEmpty()) {
      builder.clientIdClaims(claims.clientId().toArray(String[]::new));
    }
    if (claims.agent() != null) {
      builder.agentClaim(claims.agent());
    }
    if (claims.workload() != null) {
      builder.workloadClaim(claims.workload());
    }
    if (claims.tenant() != null) {
      builder.tenantClaim(claims.tenant());
    }
    if (claims.environment() != null) {
      builder.environmentClaim(claims.environment());
    }
    if (claims.surface() != null) {
      builder.surfaceClaim(claims.surface());
    }
    if (!claims.scopes().isEmpty()) {
      builder.scopeClaims(claims.scopes().toArray(String[]::new));
    }
    if (!claims.roles().isEmpty()) {
      builder.roleClaims(claims.roles().toArray(String[]::new));
    }
    claims.attributes().forEach(builder::attributeClaim);
    return builder.build();
  }

  private static void checkRateLimitedTools(
      ServeConfig config, Set<String> toolNames, List<String> problems) {
    for (String tool : config.limits().rate().perTool().keySet()) {
      if (!toolNames.contains(tool)) {
        problems.add("limits.rate.perTool." + tool + ": no tool '" + tool + "'");
      }
    }
  }

  /** A tool glob that matches nothing is most likely a typo: say so rather than stay silent. */
  private static void warnUnmatchedGlobs(
      ServeConfig config, Set<String> toolNames, List<String> warnings) {
    for (ServeConfig.Rule rule : config.policy().rules()) {
      List<String> names = List.copyOf(rule.rule().tool().names());
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        if (toolNames.stream().noneMatch(tool -> ToolMatch.nameMatches(name, tool))) {
          warnings.add(rule.path() + ".tools[" + i + "]: '" + names.get(i)
              + "' matches no tool");
        }
      }
    }
  }

  /**
   * The engine for the {@code policy} section. {@code default: allow} is an allow-everything rule
   * added last: under deny overrides, a request is then allowed unless a rule denies it.
   *
   * @param config the section
   * @return the engine
   */
  static RulePolicyEngine policy(ServeConfig.PolicyConfig config) {
    RulePolicyEngine.Builder engine = RulePolicyEngine.builder().dryRun(config.dryRun());
    config.rules().forEach(rule -> engine.rule(rule.rule()));
    if (config.defaultAllow()) {
      engine.rule(PolicyRule.allow(ServeConfig.DEFAULT_ALLOW_RULE)
          .description("policy.default: allow"));
    }
    return engine.build();
  }

  /**
   * Under first-match (serve before the rule engine), an allow rule listed before a deny rule
   * exempted the requests it matched; under deny overrides it no longer does. Each deny rule
   * that may match requests an earlier allow rule matches is reported, so that an upgraded file
   * is read once. Listing deny rules first silences it without changing a decision.
   */
  private static void warnDenyAfterAllow(ServeConfig config, List<String> warnings) {
    List<ServeConfig.Rule> rules = config.policy().rules();
    for (int j = 0; j < rules.size(); j++) {
      PolicyRule deny = rules.get(j).rule();
      if (deny.effect() != PolicyRule.Effect.DENY) {
        continue;
      }
      List<String> earlier = new ArrayList<>();
      for (int i = 0; i < j; i++) {
        PolicyRule allow = rules.get(i).rule();
        if (allow.effect() == PolicyRule.Effect.ALLOW && mayOverlap(allow, deny)) {
          earlier.add(rules.get(i).path());
        }
      }
      if (!earlier.isEmpty()) {
        warnings.add(rules.get(j).path() + " (deny) overrides " + String.join(", ", earlier)
            + " (allow), listed before it, wherever both match: deny overrides, where earlier"
            + " versions of serve let the first matching rule decide. List deny rules first to silence"
            + " this.");
      }
    }
  }

  /** False only when no request can match both rules; conditions it cannot compare may meet. */
  static boolean mayOverlap(PolicyRule a, PolicyRule b) {
    CallerMatch ca = a.caller();
    CallerMatch cb = b.caller();
    if (disjoint(ca.subjects(), cb.subjects()) || disjoint(ca.agents(), cb.agents())
        || disjoint(ca.workloads(), cb.workloads()) || disjoint(ca.clientIds(), cb.clientIds())
        || disjoint(ca.surfaces(), cb.surfaces()) || disjoint(ca.tenants(), cb.tenants())
        || disjoint(ca.environments(), cb.environments())
        || disjoint(ca.authMethods(), cb.authMethods())) {
      return false;
    }
    for (Map.Entry<String, Set<String>> attribute : ca.attributes().entrySet()) {
      Set<String> other = cb.attributes().get(attribute.getKey());
      if (other != null && disjoint(attribute.getValue(), other)) {
        return false;
      }
    }
    ToolMatch ta = a.tool();
    ToolMatch tb = b.tool();
    if (disjoint(ta.sources(), tb.sources()) || disjoint(ta.httpMethods(), tb.httpMethods())
        || differ(ta.readOnly(), tb.readOnly()) || differ(ta.destructive(), tb.destructive())
        || differ(ta.idempotent(), tb.idempotent()) || differ(ta.openWorld(), tb.openWorld())) {
      return false;
    }
    if (ta.names().isEmpty() || tb.names().isEmpty()) {
      return true;
    }
    for (String x : ta.names()) {
      for (String y : tb.names()) {
        if (namesMayMeet(x, y)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean namesMayMeet(String x, String y) {
    boolean xGlob = ToolMatch.isNameGlob(x);
    boolean yGlob = ToolMatch.isNameGlob(y);
    if (xGlob && yGlob) {
      return true; // two globs: not worth deciding for a warning
    }
    return xGlob ? ToolMatch.nameMatches(x, y) : ToolMatch.nameMatches(y, x);
  }

  private static boolean disjoint(Set<String> a, Set<String> b) {
    return !a.isEmpty() && !b.isEmpty() && Collections.disjoint(a, b);
  }

  private static boolean differ(@Nullable Boolean a, @Nullable Boolean b) {
    return a != null && b != null && !a.equals(b);
  }

  /**
   * Where token and login exchanges may go: the hosts the bindings' own endpoint settings name
   * (the operator wrote them, as they wrote the allowlist), with the upstream calls' rules for
   * addresses (loopback and private networks only when allowed; link-local and metadata never).
   */
  private static TargetPolicy exchangeTargets(ServeConfig config) {
    ServeConfig.Upstream up = config.upstream();
    TargetPolicy.Builder targets = TargetPolicy.builder();
    if (up.allowLoopback()) {
      targets.allowLoopback();
    }
    if (up.allowPrivateNetworks()) {
      targets.allowPrivateNetworks();
    }
    for (CredentialBinding binding : config.bindings()) {
      for (String setting : List.of(OAuth2ClientCredentials.TOKEN_URL, CookieSessionLogin.LOGIN_URL)) {
        String url = binding.settings().get(setting);
        try {
          String host = url == null ? null : URI.create(url).getHost();
          if (host != null) {
            targets.allowHost(host);
          }
        } catch (IllegalArgumentException e) {
          // Not a URL with a host: the resolver refuses the setting when it is used.
        }
      }
    }
    return targets.build();
  }

  private static TargetPolicy targets(
      ServeConfig config, List<Imported> imported, List<String> problems, List<String> warnings) {
    ServeConfig.Upstream up = config.upstream();
    TargetPolicy.Builder targets = TargetPolicy.builder().maxRedirects(up.maxRedirects());
    if (up.allowLoopback()) {
      targets.allowLoopback();
    }
    if (up.allowPrivateNetworks()) {
      targets.allowPrivateNetworks();
    }
    if (up.allowHosts() != null) {
      targets.allowHosts(up.allowHosts());
      return targets.build();
    }
    Set<String> hosts = new TreeSet<>();
    for (Imported source : imported) {
      if (!source.entry().approved()) {
        continue; // its tools are not served: its hosts need not be reachable
      }
      if (source.entry().baseUrl() != null) {
        String host = URI.create(source.entry().baseUrl()).getHost();
        if (host != null) {
          hosts.add(host);
        }
        continue;
      }
      Set<String> missing = new TreeSet<>();
      for (ToolDefinition tool : source.tools()) {
        HttpOperation http = tool.http();
        String host = null;
        try {
          host = http == null ? null : URI.create(http.serverUrl()).getHost();
        } catch (IllegalArgumentException e) {
          host = null;
        }
        if (host == null) {
          missing.add(tool.name());
        } else {
          hosts.add(host);
        }
      }
      if (!missing.isEmpty()) {
        problems.add(source.entry().path() + ".baseUrl: the description names no absolute server"
            + " URL for " + missing.size() + " of its tools; set baseUrl");
      }
    }
    for (String host : hosts) {
      try {
        targets.allowHost(host);
      } catch (IllegalArgumentException e) {
        problems.add("upstream.allowHosts: cannot allow '" + host + "': " + e.getMessage());
      }
    }
    if (!hosts.isEmpty()) {
      warnings.add("upstream.allowHosts: not set; allowing the approved sources' hosts: "
          + String.join(", ", hosts));
    }
    return targets.build();
  }

  /**
   * Whether an address is a loopback name or literal; a name that needs DNS is not.
   *
   * @param address the address as configured
   * @return true for {@code localhost} and loopback literals
   */
  static boolean isLoopback(String address) {
    if (address.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      // Only literals are looked at: an address that needs DNS is not assumed to be loopback.
      boolean literal = !address.isEmpty()
          && (Character.digit(address.charAt(0), 16) >= 0 || address.contains(":"));
      if (literal) {
        return InetAddress.getByName(address).isLoopbackAddress();
      }
    } catch (UnknownHostException e) {
      return false;
    }
    return false;
  }

  private static String version() {
    String version = StandaloneGateway.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /**
   * A handler calling the upstream with a binding: what a tool from the store is served with.
   *
   * @param binding the binding, or null for none
   * @return the handler
   */
  ToolHandler handler(@Nullable CredentialBinding binding) {
    return upstream.handler(binding);
  }

  /**
   * The gateway.
   *
   * @return the gateway
   */
  public McpGateway gateway() {
    return gateway;
  }

  /**
   * The transport's configuration.
   *
   * @return the configuration
   */
  public McpTransportConfig transport() {
    return transport;
  }

  /**
   * One line per source: id, tool count, approval, binding.
   *
   * @return the lines
   */
  public List<String> summary() {
    return summary;
  }

  /**
   * What the operator should know: import warnings, unbound sources, unenforced settings.
   *
   * @return the warnings
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * The sources as imported, approved or not, in file order.
   *
   * @return the sources and their tools
   */
  public List<Imported> sources() {
    return sources;
  }

  /** Releases the upstream connections and flushes the audit trail, waiting up to 5 seconds. */
  @Override
  public void close() {
    upstream.close();
    audit.close(Duration.ofSeconds(5));
  }

}
