package dev.mcpgate.core.internal.tasks;

import dev.mcpgate.core.client.ClientCapability;
import dev.mcpgate.core.client.ClientRequest;
import dev.mcpgate.core.client.ClientRequestFailedException;
import dev.mcpgate.core.client.ClientRequests;
import dev.mcpgate.core.client.MissingClientCapabilityException;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * How a tool running as a task asks the client: the task waits in {@code input_required}, the
 * client reads the requests with {@code tasks/get} and answers with {@code tasks/update}.
 */
public final class TaskClientRequests implements ClientRequests {

  private final Task task;
  private final @Nullable JsonNode declared;

  /**
   * Requests of a task.
   *
   * @param task the task
   * @param declared the capabilities the client declared with the call
   */
  public TaskClientRequests(Task task, @Nullable JsonNode declared) {
    this.task = Objects.requireNonNull(task, "task");
    this.declared = declared;
  }

  @Override
  public boolean supports(ClientCapability capability) {
    JsonNode value = declared == null ? null : declared.get(capability.wireName());
    return value != null && value.isObject();
  }

  @Override
  public Map<String, JsonNode> ask(Map<String, ClientRequest> requests) {
    Objects.requireNonNull(requests, "requests");
    for (ClientRequest request : requests.values()) {
      if (!supports(request.capability())) {
        throw new MissingClientCapabilityException(request.capability());
      }
    }
    if (requests.isEmpty()) {
      return Map.of();
    }
    try {
      return task.await(requests);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new ClientRequestFailedException("The task was stopped while it waited for the client.");
    }
  }
}
