package dev.mcpgate.control;

/**
 * Told of every change the control plane commits, after the commit, in commit order. The data
 * plane subscribes to rebuild its {@link ControlSnapshot}. A listener must be fast and must not
 * throw (one that throws is ignored, and the others are still told).
 */
@FunctionalInterface
public interface ChangeListener {

  /**
   * A change was committed.
   *
   * @param change the change
   */
  void changed(ChangeEvent change);
}
