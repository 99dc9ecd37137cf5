package dev.mcpgate.core;

import java.util.function.Predicate;

/**
 * Delivers a notification the gateway pushes to sessions on its own, not in answer to a
 * request: {@code notifications/tools/list_changed}, {@code notifications/resources/list_changed}, {@code
 * notifications/prompts/list_changed} and {@code notifications/resources/updated}. A transport
 * with server-to-client streams registers one with {@link
 * McpEndpoint#onSessionNotification(SessionNotifier)} and writes the notification to the streams
 * of the sessions it is for.
 *
 * <p>Called on the thread that made the change; must be quick and must not throw.
 */
@FunctionalInterface
public interface SessionNotifier {

  /**
   * Delivers a notification.
   *
   * @param notification the JSON-RPC notification's bytes
   * @param recipients which sessions it is for
   */
  void notify(byte[] notification, Predicate<McpSession> recipients);
}
