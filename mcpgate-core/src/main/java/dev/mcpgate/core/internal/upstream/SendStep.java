package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.upstream.UpstreamDispatcher;
import dev.mcpgate.core.upstream.UpstreamRequest;
import dev.mcpgate.core.upstream.UpstreamResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The step that puts the credential on one request and sends it: over the network with {@link
 * UpstreamClient} to a checked target, or to the in-process dispatcher. One request, one
 * response; redirects are {@link RedirectStep}'s. A timeout, a failed connection and a
 * credential that does not fit are values, never exceptions. Thread-safe.
 */
public final class SendStep {

  private final @Nullable UpstreamClient client;
  private final @Nullable UpstreamDispatcher dispatcher;
  private final Duration timeout;

  /**
   * A step that sends over the network.
   *
   * @param client the client
   * @param timeout the time one exchange may take
   * @return the step
   */
  public static SendStep network(UpstreamClient client, Duration timeout) {
    return new SendStep(Objects.requireNonNull(client, "client"), null, timeout);
  }

  /**
   * A step that hands requests to a dispatcher; no deadline applies (the dispatcher runs on the
   * calling thread until it returns).
   *
   * @param dispatcher the dispatcher
   * @return the step
   */
  public static SendStep inProcess(UpstreamDispatcher dispatcher) {
    return new SendStep(null, Objects.requireNonNull(dispatcher, "dispatcher"), Duration.ZERO);
  }

  private SendStep(@Nullable UpstreamClient client, @Nullable UpstreamDispatcher dispatcher,
      Duration timeout) {
    this.client = client;
    this.dispatcher = dispatcher;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** What sending one request came to. */
  public sealed interface Result
      permits Sent, AdapterExit.InjectionFailed, AdapterExit.TimedOut,
          AdapterExit.ConnectionFailed {}

  /**
   * The upstream answered.
   *
   * @param response the answer, its body read up to the call's read cap
   */
  public record Sent(UpstreamResponse response) implements Result {
    /** Validates the fields. */
    public Sent {
      Objects.requireNonNull(response, "response");
    }
  }

  /**
   * Sends one request.
   *
   * @param request the request, without credentials
   * @param destination where it goes: a checked target or the dispatcher
   * @param credential the credential to put on it, or null to send it without one
   * @param readCap how much of the response body to read
   * @return the answer, or why there is none
   */
  public Result send(UpstreamRequest request, TargetStep.Destination destination,
      @Nullable CallCredential credential, int readCap) {
    UpstreamRequest signed = request;
    SSLContext tls = null;
    if (credential != null) {
      CallCredential.Injection injection = credential.inject(request);
      if (injection instanceof AdapterExit.InjectionFailed failed) {
        return failed;
      }
      CallCredential.Injection.Signed done = (CallCredential.Injection.Signed) injection;
      signed = done.request();
      tls = done.tls();
    }
    try {
      UpstreamResponse response = destination instanceof TargetStep.Network network
          ? Objects.requireNonNull(client).send(signed, network.target(), tls, timeout, readCap)
          : Objects.requireNonNull(dispatcher).dispatch(signed, readCap);
      return new Sent(response);
    } catch (UpstreamTimeoutException timedOut) {
      return new AdapterExit.TimedOut();
    } catch (IOException failed) {
      return new AdapterExit.ConnectionFailed(failed);
    }
  }
}
