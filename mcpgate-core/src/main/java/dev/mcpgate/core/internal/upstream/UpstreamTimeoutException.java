package dev.mcpgate.core.internal.upstream;

import java.io.IOException;
import java.time.Duration;

/**
 * The upstream did not deliver its whole response within the call's timeout, which covers
 * connecting, sending the request and reading the response. The message names the timeout only,
 * never the URL, whose query may carry argument values. Immutable.
 */
public final class UpstreamTimeoutException extends IOException {

  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  /**
   * Creates the exception for a timeout that expired.
   *
   * @param timeout the timeout the call had
   */
  public UpstreamTimeoutException(Duration timeout) {
    super("the upstream did not answer within " + describe(timeout));
    this.timeout = timeout;
  }

  /**
   * The timeout the call had.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  private static String describe(Duration timeout) {
    long millis = timeout.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
