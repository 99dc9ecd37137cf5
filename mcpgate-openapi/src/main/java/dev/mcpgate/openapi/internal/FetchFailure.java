package dev.mcpgate.openapi.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Names why a description could not be fetched from its URL, in words an operator can act on:
 * the JDK's HTTP client often throws a {@link ConnectException} without a message, its real cause
 * (an unknown host) a few levels down. Stateless.
 */
public final class FetchFailure {

  private FetchFailure() {}

  /**
   * Describes a failed fetch.
   *
   * @param failure what the HTTP client threw
   * @param host the URL's host
   * @param timeout the timeout that applied
   * @return the cause, such as {@code connection refused by 127.0.0.1:8080}
   */
  public static String describe(IOException failure, String host, Duration timeout) {
    String seconds = timeout.toMillis() % 1000 == 0
        ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    if (failure instanceof HttpConnectTimeoutException) {
      return "connecting to " + host + " timed out after " + seconds;
    }
    if (failure instanceof HttpTimeoutException) {
      return "no answer from " + host + " within " + seconds + " (timed out)";
    }
    if (has(failure, UnresolvedAddressException.class)
        || has(failure, UnknownHostException.class)) {
      return "unknown host " + host + " (the name does not resolve)";
    }
    if (has(failure, NoRouteToHostException.class)) {
      return "no route to host " + host;
    }
    SSLException tls = find(failure, SSLException.class);
    if (tls != null) {
      return "TLS with " + host + " failed" + detail(tls);
    }
    if (has(failure, ConnectException.class)) {
      return "connection refused by " + host;
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + detail(root);
  }

  private static String detail(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? "" : ": " + message;
  }

  private static boolean has(Throwable failure, Class<? extends Throwable> type) {
    return find(failure, type) != null;
  }

  private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
    Throwable current = failure;
    for (int depth = 0; current != null && depth < 10; depth++) {
      if (type.isInstance(current)) {
        return type.cast(current);
      }
      current = current.getCause();
    }
    return null;
  }
}
