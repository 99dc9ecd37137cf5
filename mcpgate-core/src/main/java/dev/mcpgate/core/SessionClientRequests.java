package dev.mcpgate.core;

import dev.mcpgate.core.client.ClientCapability;
import dev.mcpgate.core.client.ClientRequest;
import dev.mcpgate.core.client.ClientRequestFailedException;
import dev.mcpgate.core.client.ClientRequests;
import dev.mcpgate.core.client.MissingClientCapabilityException;
import dev.mcpgate.core.internal.JsonRpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Asks a client with sessions (2025-11-25, 2025-06-18, 2025-03-26): one server-to-client request
 * per question on the call's response stream, then waits for the client's responses, which
 * arrive as messages of their own on the session.
 */
final class SessionClientRequests implements ClientRequests {

  private final McpSession session;
  private final Consumer<byte[]> send;
  private final Duration timeout;

  SessionClientRequests(McpSession session, Consumer<byte[]> send, Duration timeout) {
    this.session = session;
    this.send = send;
    this.timeout = timeout;
  }

  @Override
  public boolean supports(ClientCapability capability) {
    // A session-less transport cannot carry the client's answer back to this call.
    JsonNode declared = session.clientCapabilities();
    return session.id() != null && declared != null && declared.get(capability.wireName()) != null
        && declared.get(capability.wireName()).isObject();
  }

  @Override
  public Map<String, JsonNode> ask(Map<String, ClientRequest> requests) {
    Objects.requireNonNull(requests, "requests");
    for (ClientRequest request : requests.values()) {
      if (!supports(request.capability())) {
        throw new MissingClientCapabilityException(request.capability());
      }
    }
    Map<String, CompletableFuture<IncomingMessage>> answers = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    requests.forEach((key, request) -> {
      CompletableFuture<IncomingMessage> answer = new CompletableFuture<>();
      String id = session.await(answer);
      ids.add(id);
      answers.put(key, answer);
      send.accept(JsonRpc.request(id, request.method(), request.params()));
    });
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, JsonNode> results = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, CompletableFuture<IncomingMessage>> entry : answers.entrySet()) {
        IncomingMessage response = entry.getValue()
            .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (response.result() == null) {
          throw new ClientRequestFailedException("the client refused the request '"
              + entry.getKey() + "': " + response.error().path("message").asString("no message"));
        }
        results.put(entry.getKey(), response.result());
      }
      return results;
    } catch (TimeoutException e) {
      throw new ClientRequestFailedException(
          "the client did not answer within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientRequestFailedException("the call was interrupted waiting for the client");
    } catch (CancellationException | ExecutionException e) {
      throw new ClientRequestFailedException("the session ended before the client answered");
    } finally {
      ids.forEach(session::forget);
    }
  }
}
