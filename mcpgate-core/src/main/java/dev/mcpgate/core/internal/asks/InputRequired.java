package dev.mcpgate.core.internal.asks;

import dev.mcpgate.core.client.ClientRequest;
import java.util.Map;

/**
 * Ends a run of a tool on 2026-07-28 because it asked the client something not yet answered:
 * the call is answered with an input-required result. Control flow, not an error: no stack trace.
 */
public final class InputRequired extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Map<String, ClientRequest> missing;

  /**
   * The signal.
   *
   * @param missing the requests without an answer, by key
   */
  public InputRequired(Map<String, ClientRequest> missing) {
    super("input required from the client", null, false, false);
    this.missing = Map.copyOf(missing);
  }

  /**
   * The requests without an answer.
   *
   * @return them by key
   */
  public Map<String, ClientRequest> missing() {
    return missing;
  }
}
