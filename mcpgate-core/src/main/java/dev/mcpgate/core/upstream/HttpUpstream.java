package dev.mcpgate.core.upstream;

import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.Secret;
import dev.mcpgate.core.Ticker;
import dev.mcpgate.core.ToolHandler;
import dev.mcpgate.core.internal.AuditedToolHandler;
import dev.mcpgate.core.internal.redaction.Redactor;
import dev.mcpgate.core.internal.upstream.AdapterChain;
import dev.mcpgate.core.internal.upstream.CredentialStep;
import dev.mcpgate.core.internal.upstream.RedirectStep;
import dev.mcpgate.core.internal.upstream.RenewStep;
import dev.mcpgate.core.internal.upstream.SecretMaterial;
import dev.mcpgate.core.internal.upstream.SendStep;
import dev.mcpgate.core.internal.upstream.TargetGuard;
import dev.mcpgate.core.internal.upstream.TargetStep;
import dev.mcpgate.core.internal.upstream.UpstreamClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Calls upstream HTTP APIs for tools that have an {@link HttpOperation}: the adapter behind
 * every imported tool.
 *
 * <p>A call reaches a handler of this adapter only after the gateway's gates passed (source,
 * operation, policy, input schema, size limits, rate limit). The handler then takes these steps,
 * each of which can end the call:
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
 * <p>Every step is added to the call's audit event, and every way out of the adapter leaves its
 * outcome there. Thread-safe; close it to release pooled connections.
 */
public final class HttpUpstream implements AutoCloseable {

  private final @Nullable UpstreamClient client;
  private final CredentialStep credentials;
  private final AdapterChain chain;

  private HttpUpstream(Builder builder) {
    TargetStep targets = new TargetStep(
        builder.targets == null ? null : new TargetGuard(builder.targets, builder.resolver));
    SendStep sender;
    if (builder.dispatcher != null) {
      this.client = null;
      sender = SendStep.inProcess(builder.dispatcher);
    } else {
      this.client = new UpstreamClient(
          builder.connectTimeout, Duration.ofSeconds(30), 32, builder.ticker);
      sender = SendStep.network(client, builder.timeout);
    }
    this.credentials = new CredentialStep(builder.credentials, builder.clock);
    this.chain = new AdapterChain(targets, credentials,
        new RenewStep(credentials, new RedirectStep(targets, sender)),
        builder.ticker, builder.timeout, builder.maxResponseBytes, builder.dispatcher != null);
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
    // The injection strategy depends only on the binding's kind: chosen once, not on every call.
    CredentialStep.Plan plan = binding == null ? null : credentials.plan(binding);
    return (AuditedToolHandler) (call, audit) -> chain.call(call, audit, plan);
  }

  /** Closes pooled connections. */
  @Override
  public void close() {
    if (client != null) {
      client.close();
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
     * Sets how long one exchange with the upstream may take, from connecting to the last byte
     * of its response; each redirect hop, and the one retry after a 401, has a deadline of its
     * own. Not applied to a {@link #dispatcher(UpstreamDispatcher) dispatcher}: an in-process
     * call runs on the calling thread until the dispatcher returns. Default 30 seconds.
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
     * Sets the ticker that measures an upstream call's latency for the audit trail and decides
     * when its {@link #timeout(Duration) timeout} and an idle pooled connection's time are up;
     * defaults to {@link Ticker#system()}. For tests, which step time instead of waiting.
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
