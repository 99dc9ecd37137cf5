package dev.mcpgate.core.internal.upstream;

import java.io.IOException;
import javax.net.ssl.SSLException;

/**
 * What a caller is told of a failed exchange with an upstream: what went wrong, in a phrase,
 * never where (the exception's message names the host and port, which stay in the audit event
 * and the log for the operator).
 */
public final class UpstreamFailure {

  private UpstreamFailure() {}

  /**
   * The failure as a phrase that completes "the call failed: ...".
   *
   * @param failure what the client threw
   * @return the phrase, without any address
   */
  public static String describe(IOException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException) {
        return "the TLS handshake with it failed";
      }
    }
    String message = String.valueOf(failure.getMessage());
    if (message.contains("cannot connect")) {
      return "no connection to it could be made";
    }
    if (message.contains("without answering")) {
      return "it closed the connection without answering";
    }
    if (message.contains("before the response was complete")) {
      return "it closed the connection before its answer was complete";
    }
    if (message.contains("malformed") || message.contains("switched protocols")) {
      return "its answer was not valid HTTP";
    }
    return "the connection to it failed";
  }
}
