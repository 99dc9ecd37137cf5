package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import dev.mcpgate.core.internal.redaction.Redactor;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The adapter's third step, reached only after every gate passed: resolves a binding's secret
 * and pairs it with the injection strategy of the binding's kind and the redactor of its values;
 * on a 401 ({@link RenewStep}) tells the resolver the secret was rejected and resolves again.
 *
 * <p>The redactor and an mTLS binding's TLS context are kept per binding while the resolver hands
 * out the same secret, so that they are built once, not on every call. Thread-safe.
 */
public final class CredentialStep {

  private final CredentialBindingResolver resolver;
  private final Clock clock;
  private final Map<String, Kept<Redactor>> redactors = new ConcurrentHashMap<>();
  private final Map<String, Kept<SSLContext>> tlsContexts = new ConcurrentHashMap<>();
  private final Function<CallCredential, SSLContext> tls = used -> kept(tlsContexts,
      used.binding(), used.secret(), () -> MutualTls.context(used.binding(), used.secret()));

  /**
   * A step.
   *
   * @param resolver where secrets come from
   * @param clock the time signatures carry (HMAC, AWS SigV4)
   */
  public CredentialStep(CredentialBindingResolver resolver, Clock clock) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A binding and its injection strategy, chosen once per handler: the strategy depends only on
   * the binding's kind.
   *
   * @param binding the binding
   * @param injector the strategy, or null when mcpgate has none for the kind
   * @param unsupported why there is none, or null
   */
  public record Plan(
      CredentialBinding binding, @Nullable AuthInjector injector, @Nullable String unsupported) {
    /** Validates the fields. */
    public Plan {
      Objects.requireNonNull(binding, "binding");
      if ((injector == null) == (unsupported == null)) {
        throw new IllegalArgumentException("a plan has a strategy or says why it has none");
      }
    }
  }

  /**
   * The plan of a binding.
   *
   * @param binding the binding
   * @return its plan
   */
  public Plan plan(CredentialBinding binding) {
    if (binding.kind() == AuthKind.MUTUAL_TLS) {
      // mTLS presents its certificate in the handshake; the request itself carries nothing.
      return new Plan(binding, (request, bound, secret) -> request, null);
    }
    try {
      return new Plan(binding, AuthInjector.forKind(binding.kind(), clock), null);
    } catch (IllegalArgumentException refused) {
      // forKind's documented answer for a kind without a strategy, kept as the plan's value.
      return new Plan(binding, null, String.valueOf(refused.getMessage()));
    }
  }

  /** What resolving came to. */
  public sealed interface Result
      permits Anonymous, Ready, AdapterExit.CredentialUnsupported, AdapterExit.CredentialFailed,
          AdapterExit.CredentialUnavailable, AdapterExit.CredentialTooShort {}

  /** The upstream needs no credential. */
  public record Anonymous() implements Result {}

  private static final Anonymous ANONYMOUS = new Anonymous();

  /**
   * The credential is ready to be put on the request.
   *
   * @param credential the call's credential
   * @param status the resolver's status, for the audit trail
   */
  public record Ready(CallCredential credential, CredentialStatus status) implements Result {
    /** Validates the fields. */
    public Ready {
      Objects.requireNonNull(credential, "credential");
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * Resolves a call's credential.
   *
   * @param plan the handler's binding and strategy, or null for an upstream without credential
   * @param caller who is calling
   * @return the credential, or why there is none
   */
  public Result resolve(@Nullable Plan plan, CallerContext caller) {
    if (plan == null) {
      return ANONYMOUS;
    }
    CredentialBinding binding = plan.binding();
    if (plan.injector() == null) {
      return new AdapterExit.CredentialUnsupported(
          binding.id(), binding.kind().wireName(), Objects.requireNonNull(plan.unsupported()));
    }
    CredentialResolution resolution;
    try {
      resolution = resolver.resolve(binding, caller);
    } catch (RuntimeException broken) {
      // The resolver's own failure (a broken secret store), kept as a value for the exit.
      return new AdapterExit.CredentialFailed(binding.id(), broken);
    }
    if (resolution instanceof CredentialResolution.Unavailable unavailable) {
      return new AdapterExit.CredentialUnavailable(
          binding.id(), unavailable.status(), unavailable.reason());
    }
    Secret secret = ((CredentialResolution.Resolved) resolution).secret();
    String problem = SecretMaterial.tooShort(binding, secret).orElse(null);
    if (problem != null) {
      return new AdapterExit.CredentialTooShort(binding.id(), resolution.status(), problem);
    }
    return new Ready(credential(binding, secret, plan.injector()), resolution.status());
  }

  /** What renewing a rejected credential came to. */
  public sealed interface Renewal permits Renewed, NotRenewed {

    /**
     * The status of the second resolution, for the audit trail.
     *
     * @return the status
     */
    CredentialStatus status();
  }

  /**
   * A fresh credential to retry with.
   *
   * @param credential the fresh credential
   * @param status the resolver's status
   */
  public record Renewed(CallCredential credential, CredentialStatus status) implements Renewal {
    /** Validates the fields. */
    public Renewed {
      Objects.requireNonNull(credential, "credential");
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * No fresh credential: the resolver answered the same secret, none, or one too short.
   *
   * @param status the resolver's status
   */
  public record NotRenewed(CredentialStatus status) implements Renewal {
    /** Validates the fields. */
    public NotRenewed {
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * Tells the resolver the upstream rejected a secret ({@link
   * CredentialBindingResolver#invalidate}) and resolves again.
   *
   * @param used the rejected credential
   * @param caller who is calling
   * @return a fresh credential, or none
   */
  public Renewal renew(CallCredential used, CallerContext caller) {
    resolver.invalidate(used.binding(), caller, used.secret());
    CredentialResolution again = resolver.resolve(used.binding(), caller);
    if (again instanceof CredentialResolution.Resolved resolved
        && !resolved.secret().equals(used.secret())) {
      String problem = SecretMaterial.tooShort(used.binding(), resolved.secret()).orElse(null);
      if (problem == null) {
        return new Renewed(
            credential(used.binding(), resolved.secret(), used.injector()), again.status());
      }
      AdapterExit.Log.LOG.error("{}: calls are refused", problem);
    }
    return new NotRenewed(again.status());
  }

  private CallCredential credential(CredentialBinding binding, Secret secret, AuthInjector injector) {
    Kept<Redactor> cached = redactors.get(binding.id());
    Redactor redactor;
    if (cached != null && cached.secret().equals(secret)) {
      redactor = cached.value();
    } else {
      redactor = Redactor.of(SecretMaterial.of(binding, secret));
      redactors.put(binding.id(), new Kept<>(secret, redactor));
    }
    return new CallCredential(binding, secret, injector, redactor, tls);
  }

  private static <T> T kept(Map<String, Kept<T>> cache, CredentialBinding binding, Secret secret,
      Supplier<T> make) {
    Kept<T> cached = cache.get(binding.id());
    if (cached != null && cached.secret().equals(secret)) {
      return cached.value();
    }
    T value = make.get();
    cache.put(binding.id(), new Kept<>(secret, value));
    return value;
  }

  /** What was made from a binding's secret, kept while the binding resolves to that secret. */
  private record Kept<T>(Secret secret, T value) {}
}
