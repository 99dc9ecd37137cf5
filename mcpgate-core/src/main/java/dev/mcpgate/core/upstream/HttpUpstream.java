package dev.mcpgate.core.upstream;

import dev.mcpgate.api.AdapterOutcome;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.AuthRequirement;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.Secret;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.Ticker;
import dev.mcpgate.core.ToolCall;
import dev.mcpgate.core.ToolHandler;
import dev.mcpgate.core.ToolResult;
import dev.mcpgate.core.internal.AuditedToolHandler;
import dev.mcpgate.core.internal.CallAudit;
import dev.mcpgate.core.internal.redaction.Redactor;
import dev.mcpgate.core.internal.upstream.AuthInjector;
import dev.mcpgate.core.internal.upstream.CheckedTarget;
import dev.mcpgate.core.internal.upstream.MutualTls;
import dev.mcpgate.core.internal.upstream.RequestBuilder;
import dev.mcpgate.core.internal.upstream.ResponseMapper;
import dev.mcpgate.core.internal.upstream.SecretMaterial;
import dev.mcpgate.core.internal.upstream.TargetGuard;
import dev.mcpgate.core.internal.upstream.UpstreamClient;
import dev.mcpgate.core.internal.upstream.UpstreamFailure;
import dev.mcpgate.core.internal.upstream.UpstreamTimeoutException;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls upstream HTTP APIs for tools that have an {@link HttpOperation}: the adapter behind
 * every imported tool.
 *
 * <p>A call reaches a handler of this adapter only after the gateway's gates passed (source,
 * operation, policy, input schema, size limits, rate limit). The handler then:
 *
 * <ol>
 *   <li>builds the request from the validated arguments and the tool's binding, without any
 *       header that carries a credential; an argument the request cannot carry (such as a
 *       header value with CR, LF, NUL or a character outside ISO-8859-1) makes the call an
 *       invalid-arguments result, with nothing sent and no credential resolved;
 *   <li>checks the target against the {@link TargetPolicy} (gate 7), resolving the host once
 *       and connecting only to the addresses it checked;
 *   <li>only then resolves the {@link CredentialBinding} and injects the credential with the
 *       strategy of the binding's auth method;
 *   <li>sends the request with a connect timeout, a total timeout and a response size cap;
 *       redirects are followed only when the policy allows them, each hop checked again, and
 *       the credential goes only to the origin it was meant for;
 *   <li>on HTTP 401 tells the resolver the secret was rejected ({@link
 *       CredentialBindingResolver#invalidate}) and retries once with a fresh one;
 *   <li>maps the response to a tool result; a failing upstream is an {@code isError} result.
 * </ol>
 *
 * <p>Every step is added to the call's audit event. Thread-safe; close it to release pooled
 * connections.
 */
public final class HttpUpstream implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpUpstream.class);
  private static final Set<String> CREDENTIAL_HEADERS =
      Set.of("authorization", "proxy-authorization");

  private final CredentialBindingResolver credentials;
  private final @Nullable TargetGuard guard;
  private final @Nullable UpstreamDispatcher dispatcher;
  private final @Nullable UpstreamClient client;
  private final Duration timeout;
  private final int maxResponseBytes;
  private final Clock clock;
  private final Ticker ticker;
  private final Map<String, TlsIdentity> tlsContexts = new ConcurrentHashMap<>();
  private final Map<String, SecretRedaction> redactions = new ConcurrentHashMap<>();

  private HttpUpstream(Builder builder) {
    this.credentials = builder.credentials;
    this.dispatcher = builder.dispatcher;
    this.guard = builder.targets == null ? null : new TargetGuard(builder.targets, builder.resolver);
    this.client = dispatcher == null
        ? new UpstreamClient(builder.connectTimeout, Duration.ofSeconds(30), 32)
        : null;
    this.timeout = builder.timeout;
    this.maxResponseBytes = builder.maxResponseBytes;
    this.clock = builder.clock;
    this.ticker = builder.ticker;
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
   * The fewest characters a secret value must have: an upstream that echoes the credential is
   * searched for every encoded form of each value, and a shorter value would match ordinary
   * words (so it could not be found safely). Parts that name rather than prove (a user name, an
   * OAuth2 client id, an AWS access key id, a certificate) are exempt.
   */
  public static final int MIN_SECRET_LENGTH = Redactor.MIN_SECRET_LENGTH;

  /**
   * Why a binding's secret cannot be used: a value (or a part, or a cookie's value) shorter than
   * {@value #MIN_SECRET_LENGTH} characters. Meant for start-up, where bindings are configured,
   * so that such a binding is refused before any call; a call with such a secret is refused as
   * well.
   *
   * @param binding the binding
   * @param secret the secret its reference resolves to
   * @return the reason, naming the binding and the part, never a value; empty when usable
   */
  public static Optional<String> secretProblem(CredentialBinding binding, Secret secret) {
    return SecretMaterial.tooShort(
        Objects.requireNonNull(binding, "binding"), Objects.requireNonNull(secret, "secret"));
  }

  /**
   * A handler that calls the upstream of any tool with an {@link HttpOperation}, using a
   * binding's credential.
   *
   * @param binding the credential binding, or null for an upstream that needs no credential
   * @return the handler
   */
  public ToolHandler handler(@Nullable CredentialBinding binding) {
    if (binding == null) {
      return (AuditedToolHandler) (call, audit) -> call(call, audit, null, null, null);
    }
    // The injector depends only on the binding's kind: chosen once, not on every call.
    AuthInjector injector;
    String unsupported;
    try {
      injector = injector(binding.kind());
      unsupported = null;
    } catch (IllegalArgumentException refused) {
      injector = null;
      unsupported = refused.getMessage();
    }
    AuthInjector chosen = injector;
    String refusal = unsupported;
    return (AuditedToolHandler) (call, audit) -> call(call, audit, binding, chosen, refusal);
  }

  /** Closes pooled connections. */
  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }

  private ToolResult call(ToolCall call, CallAudit audit, @Nullable CredentialBinding binding,
      @Nullable AuthInjector injector, @Nullable String unsupported) {
    ToolDefinition tool = call.tool();
    HttpOperation http = tool.http();
    if (http == null) {
      throw new IllegalStateException("tool " + tool.name() + " has no HTTP binding");
    }
    RequestBuilder.Built built = RequestBuilder.attempt(http, call.arguments());
    if (built instanceof RequestBuilder.Built.Refused refused) {
      // The builder's reasons name the argument, never its value.
      audit.gate(new GateOutcome(GateId.REQUEST, false, refused.reason()));
      audit.outcome(AuditOutcome.INVALID);
      return ToolResult.error("Invalid arguments for tool " + tool.name() + ": " + refused.reason());
    }
    UpstreamRequest request =
        withoutCallerCredentials(((RequestBuilder.Built.Request) built).request(), tool);

    CheckedTarget.Allowed target = null;
    if (guard != null) {
      CheckedTarget checked = guard.check(request.uri());
      if (checked instanceof CheckedTarget.Refused refused) {
        audit.gate(new GateOutcome(GateId.TARGET_HOST, false, refused.message()));
        audit.outcome(AuditOutcome.DENIED);
        LOG.warn("upstream target of tool {} refused (request {}): {}",
            tool.name(), call.requestId(), refused.message());
        return ToolResult.error("The call to " + tool.name() + " was not made: its upstream"
            + " target is not allowed (request " + call.requestId() + ").");
      }
      target = (CheckedTarget.Allowed) checked;
      audit.gate(new GateOutcome(GateId.TARGET_HOST, true, target.host()));
    } else {
      audit.gate(new GateOutcome(GateId.TARGET_HOST, true, "in-process"));
    }

    Credential credential = null;
    if (binding != null) {
      if (injector == null) {
        audit.credential(binding.id(), CredentialStatus.NOT_REQUESTED);
        audit.outcome(AuditOutcome.ERROR);
        LOG.warn("tool {} not called (request {}): {}", tool.name(), call.requestId(), unsupported);
        return ToolResult.error("The call to " + tool.name() + " was not made: its upstream"
            + " credential is of a kind (" + binding.kind().wireName() + ") mcpgate cannot send"
            + " (request " + call.requestId() + ").");
      }
      CredentialResolution resolution;
      try {
        resolution = credentials.resolve(binding, call.caller());
      } catch (RuntimeException broken) {
        // A broken secret store, not a missing secret: logged with the request id, and the
        // caller learns nothing of it but that id.
        LOG.error("credential resolver failed for binding {} (request {})",
            binding.id(), call.requestId(), broken);
        audit.credential(binding.id(), CredentialStatus.ERROR);
        audit.outcome(AuditOutcome.ERROR);
        return ToolResult.error("The call to " + tool.name() + " was not made: its upstream"
            + " credential could not be obtained (request " + call.requestId() + ").");
      }
      audit.credential(binding.id(), resolution.status());
      if (resolution instanceof CredentialResolution.Unavailable unavailable) {
        LOG.warn("credential unavailable for tool {} (request {}): {} ({})",
            tool.name(), call.requestId(), unavailable.reason(),
            unavailable.status().name().toLowerCase(Locale.ROOT));
        audit.outcome(AuditOutcome.ERROR);
        return ToolResult.error("The call to " + tool.name() + " was not made: its upstream"
            + " credential could not be obtained (request " + call.requestId() + ").");
      }
      credential = credential(binding, ((CredentialResolution.Resolved) resolution).secret(),
          injector);
      if (credential == null) {
        audit.outcome(AuditOutcome.ERROR);
        return ToolResult.error("The call to " + tool.name() + " was not made: its upstream"
            + " credential is too short to be kept from its answers (request "
            + call.requestId() + ").");
      }
    }
    Redactor redactor = credential == null ? Redactor.none() : credential.redaction.redactor();
    int lookahead = redactor.lookahead();

    long started = ticker.read();
    Exchange exchange;
    try {
      exchange = send(request, target, credential, lookahead);
      if (exchange.response().status() == 401 && credential != null) {
        Credential renewed = renew(credential, call.caller(), audit);
        if (renewed != null) {
          credential = renewed;
          redactor = redactor.with(SecretMaterial.of(renewed.binding(), renewed.secret()));
          exchange = send(request, target, credential, lookahead);
        }
      }
    } catch (UpstreamTimeoutException timedOut) {
      audit.adapter(new AdapterOutcome(0, elapsed(started), 0, "timeout"));
      return ToolResult.error("The upstream API did not answer " + tool.name() + " within "
          + describe(timeout) + " (request " + call.requestId() + ").");
    } catch (IOException failed) {
      String detail = redactor.redact(shorten(failed));
      audit.adapter(new AdapterOutcome(0, elapsed(started), 0, detail));
      LOG.warn("upstream of tool {} could not be reached (request {}): {}",
          tool.name(), call.requestId(), detail);
      // A network failure's message names the host and port; an in-process dispatcher's names
      // no place, and says what the host application's own code found.
      String what = dispatcher != null ? detail : UpstreamFailure.describe(failed);
      return ToolResult.error("The upstream API call for " + tool.name() + " failed: "
          + what + " (request " + call.requestId() + ").");
    } catch (NotApplied misconfigured) {
      // An injector's refusal: the binding's settings or its secret do not fit the request; its
      // message names no secret. A caller's argument never lands here: the request step
      // refused every argument a request cannot carry.
      audit.adapter(new AdapterOutcome(0, elapsed(started), 0, "credential injection failed"));
      audit.outcome(AuditOutcome.ERROR);
      LOG.warn("credential of tool {} could not be applied (request {}): {}",
          tool.name(), call.requestId(), misconfigured.getMessage());
      return ToolResult.error("The call to " + tool.name() + " was not made: its upstream"
          + " credential could not be applied (request " + call.requestId() + ").");
    }
    if (exchange.refusal() != null) {
      audit.gate(new GateOutcome(GateId.TARGET_HOST, false, exchange.refusal()));
      audit.adapter(new AdapterOutcome(
          exchange.response().status(), elapsed(started), exchange.response().body().length,
          "redirect refused"));
      audit.outcome(AuditOutcome.DENIED);
      LOG.warn("redirect of tool {} refused (request {}): {}",
          tool.name(), call.requestId(), exchange.refusal());
      return ToolResult.error("The upstream API redirected " + tool.name()
          + " to a target that is not allowed (request " + call.requestId() + ").");
    }
    UpstreamResponse response = exchange.response();
    if (credential != null) {
      redactor = redactor.with(credential.signatures);
    }
    // Redaction before the cap: a cut never leaves the first bytes of a secret standing.
    Redactor.Cut body = redactor.redactAndCut(
        response.body(), response.truncated(), maxResponseBytes);
    audit.adapter(new AdapterOutcome(response.status(), elapsed(started),
        body.bytes().length, body.truncated() ? "response truncated" : null));
    URI uri = exchange.uri();
    return ResponseMapper.map(tool,
        uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath(),
        response.status(), response.header("Content-Type").orElse(null),
        response.header("Retry-After").orElse(null), body.bytes(), body.truncated());
  }

  /**
   * The credential of one call, with the redactor of its secret material; null when a value of
   * the secret is too short to be redacted safely. The redactor is kept per binding while the
   * resolver hands out the same secret, so that it is built once, not on every call.
   */
  private @Nullable Credential credential(
      CredentialBinding binding, Secret secret, AuthInjector injector) {
    SecretRedaction cached = redactions.get(binding.id());
    if (cached == null || !cached.secret().equals(secret)) {
      String problem = SecretMaterial.tooShort(binding, secret).orElse(null);
      if (problem != null) {
        LOG.error("{}: calls are refused", problem);
        return null;
      }
      cached = new SecretRedaction(secret, Redactor.of(SecretMaterial.of(binding, secret)));
      redactions.put(binding.id(), cached);
    }
    return new Credential(binding, secret, injector, cached);
  }

  private @Nullable Credential renew(Credential used, CallerContext caller, CallAudit audit) {
    credentials.invalidate(used.binding(), caller, used.secret());
    CredentialResolution again = credentials.resolve(used.binding(), caller);
    audit.credential(used.binding().id(), again.status());
    if (again instanceof CredentialResolution.Resolved resolved
        && !resolved.secret().equals(used.secret())) {
      return credential(used.binding(), resolved.secret(), used.injector());
    }
    return null;
  }

  /** Sends a request and follows redirects the policy allows, checking every hop. */
  private Exchange send(
      UpstreamRequest request, CheckedTarget.@Nullable Allowed target,
      @Nullable Credential credential, int lookahead) throws IOException, NotApplied {
    // Read past the cap by as much as a secret's longest form may take, so that one straddling
    // the cap is found whole and redacted, not cut in two.
    int readCap = (int) Math.min(Integer.MAX_VALUE - 8, (long) maxResponseBytes + lookahead);
    if (dispatcher != null || target == null) {
      UpstreamRequest signed = credential == null ? request : credential.inject(request);
      UpstreamResponse response = Objects.requireNonNull(dispatcher)
          .dispatch(signed, readCap);
      return new Exchange(request.uri(), response, null);
    }
    TargetGuard checks = Objects.requireNonNull(guard);
    URI origin = request.uri();
    UpstreamRequest current = request;
    CheckedTarget.Allowed hop = target;
    while (true) {
      // The credential goes only to the origin it was configured for, never to a redirect's.
      boolean sameOrigin = sameOrigin(origin, current.uri());
      UpstreamRequest signed =
          credential != null && sameOrigin ? credential.inject(current) : current;
      SSLContext tls = credential != null && sameOrigin ? credential.tls(this) : null;
      UpstreamResponse response = Objects.requireNonNull(client)
          .send(signed, hop, tls, timeout, readCap);
      String location = response.header("Location").orElse(null);
      if (!isRedirect(response.status()) || location == null
          || checks.policy().maxRedirects() == 0) {
        return new Exchange(current.uri(), response, null);
      }
      CheckedTarget next = checks.checkRedirect(hop, location);
      if (next instanceof CheckedTarget.Refused refused) {
        return new Exchange(current.uri(), response, refused.message());
      }
      hop = (CheckedTarget.Allowed) next;
      current = redirected(current, response.status(), hop.uri());
    }
  }

  private static UpstreamRequest redirected(UpstreamRequest request, int status, URI next) {
    boolean keepsMethod = status == 307 || status == 308
        || request.method().equals("GET") || request.method().equals("HEAD");
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (Map.Entry<String, String> header : request.headers()) {
      // Cookies and headers meant for the first origin stay there.
      if (!header.getKey().equalsIgnoreCase("Cookie")) {
        headers.add(header);
      }
    }
    return keepsMethod
        ? new UpstreamRequest(request.method(), next, headers, request.body(), request.contentType())
        : new UpstreamRequest("GET", next, headers, null, null);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && Objects.equals(a.getHost() == null ? null : a.getHost().toLowerCase(Locale.ROOT),
            b.getHost() == null ? null : b.getHost().toLowerCase(Locale.ROOT))
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /**
   * Drops every header that carries a credential, and the parameters a detected auth
   * requirement uses: only the adapter's injector may put a credential on the request.
   */
  private static UpstreamRequest withoutCallerCredentials(UpstreamRequest request, ToolDefinition tool) {
    Set<String> names = tool.auth().stream()
        .filter(AuthRequirement.ApiKey.class::isInstance)
        .map(requirement -> ((AuthRequirement.ApiKey) requirement).name().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
    List<Map.Entry<String, String>> kept = new ArrayList<>();
    for (Map.Entry<String, String> header : request.headers()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!CREDENTIAL_HEADERS.contains(name) && !names.contains(name)) {
        kept.add(header);
      }
    }
    return kept.size() == request.headers().size()
        ? request
        : new UpstreamRequest(
            request.method(), request.uri(), kept, request.body(), request.contentType());
  }

  private AuthInjector injector(AuthKind kind) {
    // mTLS presents its certificate in the handshake; the request itself carries nothing.
    return kind == AuthKind.MUTUAL_TLS
        ? (request, binding, secret) -> request
        : AuthInjector.forKind(kind, clock);
  }

  private SSLContext tlsContext(CredentialBinding binding, Secret secret) {
    TlsIdentity cached = tlsContexts.get(binding.id());
    if (cached != null && cached.secret().equals(secret)) {
      return cached.context();
    }
    SSLContext context = MutualTls.context(binding, secret);
    tlsContexts.put(binding.id(), new TlsIdentity(secret, context));
    return context;
  }

  private Duration elapsed(long started) {
    return Duration.ofNanos(ticker.read() - started);
  }

  private static String describe(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }

  private static String shorten(IOException failure) {
    String message = failure.getMessage();
    String text = message == null || message.isBlank()
        ? failure.getClass().getSimpleName()
        : message;
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  /** The credential could not be put on the request; the message names no secret. */
  private static final class NotApplied extends Exception {
    private static final long serialVersionUID = 1L;

    NotApplied(String message) {
      super(message, null, false, false);
    }
  }

  private record TlsIdentity(Secret secret, SSLContext context) {}

  private record Exchange(URI uri, UpstreamResponse response, @Nullable String refusal) {}

  /** A redactor of a binding's secret material, kept while the binding resolves to it. */
  private record SecretRedaction(Secret secret, Redactor redactor) {}

  /** A resolved credential and what it put on the requests of one call. */
  private static final class Credential {
    private final CredentialBinding binding;
    private final Secret secret;
    private final AuthInjector injector;
    private final SecretRedaction redaction;
    /** Signatures made for this call's requests: secret material as much as the key. */
    private final List<String> signatures = new ArrayList<>();

    Credential(CredentialBinding binding, Secret secret, AuthInjector injector,
        SecretRedaction redaction) {
      this.binding = binding;
      this.secret = secret;
      this.injector = injector;
      this.redaction = redaction;
    }

    CredentialBinding binding() {
      return binding;
    }

    Secret secret() {
      return secret;
    }

    AuthInjector injector() {
      return injector;
    }

    UpstreamRequest inject(UpstreamRequest request) throws NotApplied {
      UpstreamRequest signed;
      try {
        signed = injector.inject(request, binding, secret);
        // What the injector added must be sendable: the request's own headers were checked
        // when it was built, so a refusal here is the credential's.
        UpstreamClient.checkHeaders(signed);
      } catch (IllegalArgumentException refused) {
        throw new NotApplied(refused.getMessage());
      }
      signatures.addAll(SecretMaterial.signatures(binding, signed));
      return signed;
    }

    @Nullable SSLContext tls(HttpUpstream upstream) {
      return binding.kind() == AuthKind.MUTUAL_TLS ? upstream.tlsContext(binding, secret) : null;
    }
  }

  /** Builds an {@link HttpUpstream}. Not thread-safe. */
  public static final class Builder {
    private CredentialBindingResolver credentials = CredentialBindingResolver.none();
    private @Nullable TargetPolicy targets;
    private HostResolver resolver = HostResolver.system();
    private @Nullable UpstreamDispatcher dispatcher;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration timeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.system();
    private int maxResponseBytes = 4 * 1024 * 1024;

    private Builder() {}

    /**
     * Sets where credentials come from; by default every binding is missing.
     *
     * @param credentials the resolver
     * @return this builder
     */
    public Builder credentials(CredentialBindingResolver credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * Sets where calls may go over the network: the host allowlist and the SSRF guard.
     * Required unless a {@link #dispatcher(UpstreamDispatcher) dispatcher} is set.
     *
     * @param targets the policy
     * @return this builder
     */
    public Builder targets(TargetPolicy targets) {
      this.targets = Objects.requireNonNull(targets, "targets");
      return this;
    }

    /**
     * Sets how host names are resolved; by default the platform's resolver.
     *
     * @param resolver the resolver
     * @return this builder
     */
    public Builder hostResolver(HostResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Delivers requests without the network, such as to the host application itself. The
     * target policy then does not apply: nothing leaves the process. The message of an {@code
     * IOException} the dispatcher throws reaches the caller (secret material redacted), so it
     * should say what failed in words an agent can use, and name no internal place.
     *
     * @param dispatcher the dispatcher
     * @return this builder
     */
    public Builder dispatcher(UpstreamDispatcher dispatcher) {
      this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
      return this;
    }

    /**
     * Sets how long connecting may take; default 5 seconds.
     *
     * @param connectTimeout more than zero
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Sets how long a whole call may take, from connecting to the last byte of the response,
     * redirects included per hop; default 30 seconds.
     *
     * @param timeout more than zero
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * Sets how much of a response body is read; the rest is discarded and the result says it
     * was cut. Default 4 MiB.
     *
     * @param maxResponseBytes 1 to 256 MiB
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxResponseBytes(int maxResponseBytes) {
      if (maxResponseBytes < 1 || maxResponseBytes > 256 * 1024 * 1024) {
        throw new IllegalArgumentException(
            "maxResponseBytes must be 1 to 268435456, was " + maxResponseBytes);
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /**
     * Sets the clock whose time request signatures carry (HMAC, AWS SigV4); defaults to {@link
     * Clock#systemUTC()}. For tests, which fix the time a signature is made at.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the ticker that measures an upstream call's latency for the audit trail; defaults to
     * {@link Ticker#system()}.
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Builds the adapter.
     *
     * @return the adapter
     * @throws IllegalArgumentException unless exactly one of a target policy and a dispatcher is
     *     set
     */
    public HttpUpstream build() {
      if ((targets == null) == (dispatcher == null)) {
        throw new IllegalArgumentException(
            "set either targets(TargetPolicy), to say which hosts calls may go to,"
                + " or a dispatcher for in-process calls");
      }
      return new HttpUpstream(this);
    }

    private static Duration positive(Duration duration, String name) {
      Objects.requireNonNull(duration, name);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be more than zero, was " + duration);
      }
      return duration;
    }
  }
}
