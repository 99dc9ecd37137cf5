package dev.mcpgate.core.client;

/** What a client can be asked: each kind of request needs the client to declare it. */
public enum ClientCapability {
  /** {@code elicitation/create}: the client asks its user. */
  ELICITATION("elicitation"),
  /** {@code sampling/createMessage}: the client asks its model. */
  SAMPLING("sampling"),
  /** {@code roots/list}: the client lists its workspace roots. */
  ROOTS("roots");

  private final String wireName;

  ClientCapability(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The capability's key in the client's declared capabilities.
   *
   * @return the key, such as {@code elicitation}
   */
  public String wireName() {
    return wireName;
  }
}
