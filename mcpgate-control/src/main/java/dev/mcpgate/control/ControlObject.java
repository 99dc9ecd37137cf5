package dev.mcpgate.control;

/** A control-plane object: it has a {@link ObjectMeta}. */
public interface ControlObject {

  /**
   * The object's id, revision, owner and history.
   *
   * @return the meta
   */
  ObjectMeta meta();
}
