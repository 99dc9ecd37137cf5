/**
 * Asking the client while a request runs: elicitation (a question for the user), sampling (a
 * completion from the client's model) and roots (the client's workspace roots).
 *
 * <p>A tool reaches the client through {@link dev.mcpgate.core.ToolCall#client()}, a {@link
 * dev.mcpgate.core.client.ClientRequests}. The same call works on both protocol revisions: on a
 * 2025-11-25 session the gateway sends the client a request and waits for its answer; on
 * 2026-07-28 it answers the call with an input-required result, and runs the tool again when the
 * client retries with the answers.
 */
@NullMarked
package dev.mcpgate.core.client;

import org.jspecify.annotations.NullMarked;
