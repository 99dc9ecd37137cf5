package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.api.AdapterOutcome;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.core.ToolResult;
import dev.mcpgate.core.upstream.UpstreamResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every way a call leaves the upstream adapter, each one a value a step returns. {@link #close}
 * is the one place an exit writes its last lines to the call's audit record (so the engine's one
 * audit event says how the call ended) and says what the caller is told. The steps record only
 * what passed on the way (gate 7, the credential's status).
 *
 * <p>The permitted types are the complete list of exits; {@code UpstreamExitsAuditTest} drives a
 * call out of each one. Instances are immutable.
 */
public sealed interface AdapterExit
    permits AdapterExit.InvalidArguments, AdapterExit.TargetRefused,
        AdapterExit.CredentialUnsupported, AdapterExit.CredentialFailed,
        AdapterExit.CredentialUnavailable, AdapterExit.CredentialTooShort, Exchange {


  /**
   * Records the exit in the call's audit record and answers the caller.
   *
   * @param call the call leaving the adapter
   * @return the result for the caller
   */
  ToolResult close(AdapterCall call);

  /**
   * The arguments cannot be placed in a request ({@link RequestStep}): nothing is sent and no
   * credential is resolved; audited {@link AuditOutcome#INVALID}.
   *
   * @param reason names the argument, never its value
   */
  record InvalidArguments(String reason) implements AdapterExit, RequestStep.Result {
    /** Validates the fields. */
    public InvalidArguments {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public ToolResult close(AdapterCall call) {
      call.audit().gate(new GateOutcome(GateId.REQUEST, false, reason));
      call.audit().outcome(AuditOutcome.INVALID);
      return ToolResult.error("Invalid arguments for tool " + call.tool() + ": " + reason);
    }
  }

  /**
   * Gate 7 refused the target ({@link TargetStep}); audited {@link AuditOutcome#DENIED}.
   *
   * @param message why, naming at most scheme, host, port and address
   */
  record TargetRefused(String message) implements AdapterExit, TargetStep.Result {
    /** Validates the fields. */
    public TargetRefused {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public ToolResult close(AdapterCall call) {
      call.audit().gate(new GateOutcome(TargetStep.GATE, false, message));
      call.audit().outcome(AuditOutcome.DENIED);
      Log.LOG.warn("upstream target of tool {} refused (request {}): {}",
          call.tool(), call.requestId(), message);
      return ToolResult.error("The call to " + call.tool() + " was not made: its upstream"
          + " target is not allowed (request " + call.requestId() + ").");
    }
  }

  /**
   * The binding's kind has no injection strategy; the secret is never resolved.
   *
   * @param bindingId the binding
   * @param kind the kind's wire name
   * @param reason why, for the log
   */
  record CredentialUnsupported(String bindingId, String kind, String reason)
      implements AdapterExit, CredentialStep.Result {
    /** Validates the fields. */
    public CredentialUnsupported {
      Objects.requireNonNull(bindingId, "bindingId");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public ToolResult close(AdapterCall call) {
      call.audit().credential(bindingId, CredentialStatus.NOT_REQUESTED);
      call.audit().outcome(AuditOutcome.ERROR);
      Log.LOG.warn("tool {} not called (request {}): {}", call.tool(), call.requestId(), reason);
      return ToolResult.error("The call to " + call.tool() + " was not made: its upstream"
          + " credential is of a kind (" + kind + ") mcpgate cannot send (request "
          + call.requestId() + ").");
    }
  }

  /**
   * The credential resolver failed (a broken secret store, not a missing secret).
   *
   * @param bindingId the binding
   * @param failure what the resolver threw, for the log only
   */
  record CredentialFailed(String bindingId, RuntimeException failure)
      implements AdapterExit, CredentialStep.Result {
    /** Validates the fields. */
    public CredentialFailed {
      Objects.requireNonNull(bindingId, "bindingId");
      Objects.requireNonNull(failure, "failure");
    }

    @Override
    public ToolResult close(AdapterCall call) {
      // Logged with the request id; the caller learns nothing of it but that id.
      Log.LOG.error("credential resolver failed for binding {} (request {})",
          bindingId, call.requestId(), failure);
      call.audit().credential(bindingId, CredentialStatus.ERROR);
      call.audit().outcome(AuditOutcome.ERROR);
      return notObtained(call);
    }
  }

  /**
   * The resolver has no usable secret (missing, expired, refused).
   *
   * @param bindingId the binding
   * @param status the resolver's status
   * @param reason the resolver's reason, for the log
   */
  record CredentialUnavailable(String bindingId, CredentialStatus status, String reason)
      implements AdapterExit, CredentialStep.Result {
    /** Validates the fields. */
    public CredentialUnavailable {
      Objects.requireNonNull(bindingId, "bindingId");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public ToolResult close(AdapterCall call) {
      call.audit().credential(bindingId, status);
      Log.LOG.warn("credential unavailable for tool {} (request {}): {} ({})",
          call.tool(), call.requestId(), reason, status.name().toLowerCase(Locale.ROOT));
      call.audit().outcome(AuditOutcome.ERROR);
      return notObtained(call);
    }
  }

  /**
   * A value of the resolved secret is too short to be redacted safely from answers.
   *
   * @param bindingId the binding
   * @param status the resolver's status
   * @param problem names the binding and the part, never a value
   */
  record CredentialTooShort(String bindingId, CredentialStatus status, String problem)
      implements AdapterExit, CredentialStep.Result {
    /** Validates the fields. */
    public CredentialTooShort {
      Objects.requireNonNull(bindingId, "bindingId");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(problem, "problem");
    }

    @Override
    public ToolResult close(AdapterCall call) {
      call.audit().credential(bindingId, status);
      Log.LOG.error("{}: calls are refused", problem);
      call.audit().outcome(AuditOutcome.ERROR);
      return ToolResult.error("The call to " + call.tool() + " was not made: its upstream"
          + " credential is too short to be kept from its answers (request "
          + call.requestId() + ").");
    }
  }

  /**
   * The credential could not be put on the request: the binding's settings or its secret do not
   * fit it. A caller's argument never lands here: the request step refused every argument a
   * request cannot carry.
   *
   * @param reason names no secret
   */
  record InjectionFailed(String reason)
      implements Exchange, SendStep.Result, CallCredential.Injection {
    /** Validates the fields. */
    public InjectionFailed {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public ToolResult close(AdapterCall call) {
      call.audit().adapter(
          new AdapterOutcome(0, call.elapsed(), 0, "credential injection failed"));
      call.audit().outcome(AuditOutcome.ERROR);
      Log.LOG.warn("credential of tool {} could not be applied (request {}): {}",
          call.tool(), call.requestId(), reason);
      return ToolResult.error("The call to " + call.tool() + " was not made: its upstream"
          + " credential could not be applied (request " + call.requestId() + ").");
    }
  }

  /** The upstream did not answer within the call's timeout. */
  record TimedOut() implements Exchange, SendStep.Result {
    @Override
    public ToolResult close(AdapterCall call) {
      call.audit().adapter(new AdapterOutcome(0, call.elapsed(), 0, "timeout"));
      return ToolResult.error("The upstream API did not answer " + call.tool() + " within "
          + describe(call.timeout()) + " (request " + call.requestId() + ").");
    }
  }

  /**
   * The upstream could not be reached, or broke the exchange off.
   *
   * @param failure what the client or the dispatcher threw
   */
  record ConnectionFailed(IOException failure) implements Exchange, SendStep.Result {
    /** Validates the fields. */
    public ConnectionFailed {
      Objects.requireNonNull(failure, "failure");
    }

    @Override
    public ToolResult close(AdapterCall call) {
      String detail = call.redactor().redact(shorten(failure));
      call.audit().adapter(new AdapterOutcome(0, call.elapsed(), 0, detail));
      Log.LOG.warn("upstream of tool {} could not be reached (request {}): {}",
          call.tool(), call.requestId(), detail);
      // A network failure's message names the host and port; an in-process dispatcher's names
      // no place, and says what the host application's own code found.
      String what = call.inProcess() ? detail : UpstreamFailure.describe(failure);
      return ToolResult.error("The upstream API call for " + call.tool() + " failed: "
          + what + " (request " + call.requestId() + ").");
    }
  }

  /**
   * Gate 7 refused a redirect's target, or one redirect too many ({@link RedirectStep});
   * audited {@link AuditOutcome#DENIED}.
   *
   * @param message why, naming at most scheme, host, port and address
   * @param response the redirect response
   */
  record RedirectRefused(String message, UpstreamResponse response) implements Exchange {
    /** Validates the fields. */
    public RedirectRefused {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(response, "response");
    }

    @Override
    public ToolResult close(AdapterCall call) {
      call.audit().gate(new GateOutcome(TargetStep.GATE, false, message));
      call.audit().adapter(new AdapterOutcome(
          response.status(), call.elapsed(), response.body().length, "redirect refused"));
      call.audit().outcome(AuditOutcome.DENIED);
      Log.LOG.warn("redirect of tool {} refused (request {}): {}",
          call.tool(), call.requestId(), message);
      return ToolResult.error("The upstream API redirected " + call.tool()
          + " to a target that is not allowed (request " + call.requestId() + ").");
    }
  }

  /**
   * The upstream answered, with any status: mapped by {@link ResponseStep}.
   *
   * @param uri the URL that answered
   * @param response the answer
   */
  record Answered(URI uri, UpstreamResponse response) implements Exchange {
    /** Validates the fields. */
    public Answered {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(response, "response");
    }

    @Override
    public ToolResult close(AdapterCall call) {
      return ResponseStep.map(call, uri, response);
    }
  }

  private static ToolResult notObtained(AdapterCall call) {
    return ToolResult.error("The call to " + call.tool() + " was not made: its upstream"
        + " credential could not be obtained (request " + call.requestId() + ").");
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

  /** The adapter's log: what the operator needs, never a secret, an argument value or a body. */
  final class Log {
    /** Named after the public adapter, as operators configure it. */
    static final Logger LOG = LoggerFactory.getLogger("dev.mcpgate.core.upstream.HttpUpstream");

    private Log() {}
  }
}
