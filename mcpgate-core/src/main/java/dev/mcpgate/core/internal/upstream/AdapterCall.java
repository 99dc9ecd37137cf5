package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.Ticker;
import dev.mcpgate.core.ToolCall;
import dev.mcpgate.core.internal.CallAudit;
import dev.mcpgate.core.internal.redaction.Redactor;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One {@code tools/call} as it passes the upstream adapter's steps: the call, its audit record,
 * and what the steps learned that later ones need (the credential in use, the redactor of its
 * secret material, when sending began). Made per call, used by the call's thread only; not
 * thread-safe.
 */
public final class AdapterCall {

  private final ToolCall call;
  private final CallAudit audit;
  private final Ticker ticker;
  private final Duration timeout;
  private final int maxResponseBytes;
  private final boolean inProcess;
  private @Nullable CallCredential credential;
  private Redactor redactor = Redactor.none();
  private int readCap;
  private long started;

  /**
   * A call entering the adapter.
   *
   * @param call the call
   * @param audit its audit record
   * @param ticker measures latency
   * @param timeout the time one upstream exchange may take, for the caller's message
   * @param maxResponseBytes how much of a response body the caller may get
   * @param inProcess whether requests go to an in-process dispatcher rather than the network
   */
  public AdapterCall(ToolCall call, CallAudit audit, Ticker ticker, Duration timeout,
      int maxResponseBytes, boolean inProcess) {
    this.call = Objects.requireNonNull(call, "call");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.maxResponseBytes = maxResponseBytes;
    this.inProcess = inProcess;
    this.readCap = maxResponseBytes;
  }

  /** The call. */
  ToolCall call() {
    return call;
  }

  /** The call's audit record. */
  CallAudit audit() {
    return audit;
  }

  /** The tool's name, for messages. */
  String tool() {
    return call.tool().name();
  }

  /** The request id, for messages and logs. */
  String requestId() {
    return call.requestId();
  }

  /** The time an upstream exchange may take. */
  Duration timeout() {
    return timeout;
  }

  /** How much of a response body the caller may get. */
  int maxResponseBytes() {
    return maxResponseBytes;
  }

  /** Whether requests are dispatched in-process. */
  boolean inProcess() {
    return inProcess;
  }

  /**
   * How much of a response body to read: past the cap by as much as a secret's longest form may
   * take, so that one straddling the cap is found whole and redacted, not cut in two.
   */
  int readCap() {
    return readCap;
  }

  /** The credential in use, or null for a call without one. */
  @Nullable CallCredential credential() {
    return credential;
  }

  /** The redactor of every secret value this call's credentials used. */
  Redactor redactor() {
    return redactor;
  }

  /**
   * Puts the call's first credential in use: its secret material is redacted from answers.
   *
   * @param first the credential
   */
  void use(CallCredential first) {
    credential = first;
    redactor = first.redactor();
    readCap = (int) Math.min(Integer.MAX_VALUE - 8, (long) maxResponseBytes + redactor.lookahead());
  }

  /**
   * Puts a renewed credential in use: the old secret's material stays redacted as well, since the
   * upstream saw it.
   *
   * @param renewed the credential
   */
  void renewed(CallCredential renewed) {
    credential = renewed;
    redactor = redactor.with(renewed.material());
  }

  /** Marks the moment the first request is sent, from which latency is measured. */
  void startClock() {
    started = ticker.read();
  }

  /** The time since {@link #startClock()}. */
  Duration elapsed() {
    return Duration.ofNanos(ticker.read() - started);
  }
}
