package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.Secret;
import dev.mcpgate.core.internal.redaction.Redactor;
import dev.mcpgate.core.upstream.UpstreamRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The credential of one call: a binding's resolved secret, the strategy that puts it on a
 * request, and the signatures it made for this call's requests (secret material as much as the
 * key, redacted from the answer). Made by {@link CredentialStep}, used by the call's thread only;
 * not thread-safe.
 */
public final class CallCredential {

  private final CredentialBinding binding;
  private final Secret secret;
  private final AuthInjector injector;
  private final Redactor redactor;
  private final Function<CallCredential, SSLContext> tls;
  private final List<String> signatures = new ArrayList<>();

  CallCredential(CredentialBinding binding, Secret secret, AuthInjector injector,
      Redactor redactor, Function<CallCredential, SSLContext> tls) {
    this.binding = Objects.requireNonNull(binding, "binding");
    this.secret = Objects.requireNonNull(secret, "secret");
    this.injector = Objects.requireNonNull(injector, "injector");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.tls = Objects.requireNonNull(tls, "tls");
  }

  /** The binding. */
  CredentialBinding binding() {
    return binding;
  }

  /** The resolved secret. */
  Secret secret() {
    return secret;
  }

  /** The strategy of the binding's kind. */
  AuthInjector injector() {
    return injector;
  }

  /** The redactor of the secret's values. */
  Redactor redactor() {
    return redactor;
  }

  /** The secret's values to redact. */
  List<String> material() {
    return SecretMaterial.of(binding, secret);
  }

  /** The signatures this credential put on the call's requests so far. */
  List<String> signatures() {
    return List.copyOf(signatures);
  }

  /**
   * Puts the credential on a request, and the TLS identity of an mTLS binding beside it.
   *
   * @param request the request, without credentials
   * @return the request to send, or why the credential could not be put on it
   */
  Injection inject(UpstreamRequest request) {
    UpstreamRequest signed;
    SSLContext context;
    try {
      signed = injector.inject(request, binding, secret);
      context = binding.kind() == AuthKind.MUTUAL_TLS ? tls.apply(this) : null;
    } catch (IllegalArgumentException refused) {
      // The injector's and MutualTls's documented refusal: the binding's settings or its secret
      // do not fit; the message names no secret. Turned into a value here, where it is thrown.
      return new AdapterExit.InjectionFailed(String.valueOf(refused.getMessage()));
    }
    // What the injector added must be sendable: the request's own headers were checked when it
    // was built, so a header refused here is the credential's.
    Optional<String> unsendable = UpstreamClient.unsendableHeader(signed);
    if (unsendable.isPresent()) {
      return new AdapterExit.InjectionFailed(unsendable.get());
    }
    signatures.addAll(SecretMaterial.signatures(binding, signed));
    return new Injection.Signed(signed, context);
  }

  /** What putting a credential on a request came to. */
  public sealed interface Injection permits Injection.Signed, AdapterExit.InjectionFailed {

    /**
     * The request carries the credential.
     *
     * @param request the request to send
     * @param tls the client certificate's TLS context for an mTLS binding, else null
     */
    record Signed(UpstreamRequest request, @Nullable SSLContext tls) implements Injection {
      /** Validates the fields. */
      public Signed {
        Objects.requireNonNull(request, "request");
      }
    }
  }
}
