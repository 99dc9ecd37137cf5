package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.core.Ticker;
import dev.mcpgate.core.ToolCall;
import dev.mcpgate.core.ToolResult;
import dev.mcpgate.core.internal.CallAudit;
import dev.mcpgate.core.upstream.UpstreamRequest;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The upstream adapter's steps in their order, as {@code HttpUpstream}'s handlers run them:
 * {@link RequestStep} → {@link TargetStep} (gate 7) → {@link CredentialStep} → {@link RenewStep}
 * → {@link RedirectStep} → {@link SendStep} → {@link ResponseStep}. Each step answers a value
 * that is either what the next one needs or an {@link AdapterExit}; the call leaves through
 * exactly one exit, which writes its outcome to the audit record. Thread-safe.
 */
public final class AdapterChain {

  private final TargetStep targets;
  private final CredentialStep credentials;
  private final RenewStep exchanges;
  private final Ticker ticker;
  private final Duration timeout;
  private final int maxResponseBytes;
  private final boolean inProcess;

  /**
   * A chain.
   *
   * @param targets gate 7
   * @param credentials resolves the credential
   * @param exchanges sends, follows redirects, renews on 401
   * @param ticker measures latency
   * @param timeout the time one exchange may take
   * @param maxResponseBytes how much of an answer the caller may get
   * @param inProcess whether requests go to an in-process dispatcher
   */
  public AdapterChain(TargetStep targets, CredentialStep credentials, RenewStep exchanges,
      Ticker ticker, Duration timeout, int maxResponseBytes, boolean inProcess) {
    this.targets = Objects.requireNonNull(targets, "targets");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.exchanges = Objects.requireNonNull(exchanges, "exchanges");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.maxResponseBytes = maxResponseBytes;
    this.inProcess = inProcess;
  }

  /**
   * Runs a call through the steps.
   *
   * @param call the call, whose tool has an {@link HttpOperation}
   * @param audit its audit record
   * @param plan the handler's binding and strategy, or null for an upstream without credential
   * @return the result
   * @throws IllegalStateException if the tool has no HTTP binding
   */
  public ToolResult call(ToolCall call, CallAudit audit, CredentialStep.@Nullable Plan plan) {
    HttpOperation http = call.tool().http();
    if (http == null) {
      throw new IllegalStateException("tool " + call.tool().name() + " has no HTTP binding");
    }
    AdapterCall state = new AdapterCall(call, audit, ticker, timeout, maxResponseBytes, inProcess);

    RequestStep.Result built = RequestStep.build(call.tool(), http, call.arguments());
    if (built instanceof AdapterExit exit) {
      return exit.close(state);
    }
    UpstreamRequest request = ((RequestStep.Built) built).request();

    TargetStep.Result target = targets.check(request);
    if (target instanceof AdapterExit exit) {
      return exit.close(state);
    }
    TargetStep.Destination destination = (TargetStep.Destination) target;
    audit.gate(destination.passed());

    CredentialStep.Result credential = credentials.resolve(plan, call.caller());
    if (credential instanceof AdapterExit exit) {
      return exit.close(state);
    }
    if (credential instanceof CredentialStep.Ready ready) {
      audit.credential(ready.credential().binding().id(), ready.status());
      state.use(ready.credential());
    }

    state.startClock();
    return exchanges.exchange(state, request, destination).close(state);
  }
}
