package dev.mcpgate.control;

/** Where a change came from, recorded in every {@link ChangeEvent}. */
public enum Surface {
  /** The {@code mcpgate} command line. */
  CLI,
  /** The admin HTTP API, or an embedding application calling the Java API. */
  API,
  /** The web UI. */
  UI,
  /** The Management MCP endpoint. */
  MCP,
  /** The YAML baseline, reconciled into the store. */
  FILE
}
