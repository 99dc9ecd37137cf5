package dev.mcpgate.control;

import java.util.List;

/**
 * How a revision differs from the revision active before it. Operations are named by
 * {@code METHOD path}. Immutable and thread-safe.
 *
 * @param base the revision compared against, or 0 when there was none (everything is added)
 * @param added operations that are new
 * @param removed operations that are gone
 * @param changed operations whose tool name, risk, auth or inputs changed
 * @param redescribed operations whose summary alone changed
 * @param writesChanged whether any operation added, removed or changed is not read-only
 * @param authAdded auth schemes that are new
 * @param authRemoved auth schemes that are gone
 * @param hostsAdded target hosts that are new
 * @param hostsRemoved target hosts that are gone
 */
public record RevisionDiff(
    int base,
    List<String> added,
    List<String> removed,
    List<String> changed,
    List<String> redescribed,
    boolean writesChanged,
    List<String> authAdded,
    List<String> authRemoved,
    List<String> hostsAdded,
    List<String> hostsRemoved) {

  /** Copies the lists. */
  public RevisionDiff {
    if (base < 0) {
      throw new IllegalArgumentException("base must not be negative");
    }
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
    redescribed = List.copyOf(redescribed);
    authAdded = List.copyOf(authAdded);
    authRemoved = List.copyOf(authRemoved);
    hostsAdded = List.copyOf(hostsAdded);
    hostsRemoved = List.copyOf(hostsRemoved);
  }

  /**
   * Whether the revision changes only what operations say about themselves: there is a base,
   * and no operation, auth scheme or host was added, removed or changed in behaviour.
   *
   * @return true for a description-only change (including no change at all)
   */
  public boolean descriptionOnly() {
    return base > 0 && added.isEmpty() && removed.isEmpty() && changed.isEmpty()
        && authAdded.isEmpty() && authRemoved.isEmpty() && hostsAdded.isEmpty()
        && hostsRemoved.isEmpty();
  }

  /**
   * Whether the revision changes the boundary: auth schemes, hosts or write operations.
   *
   * @return true when a person must review it, whatever the rules say
   */
  public boolean touchesBoundary() {
    return writesChanged || !authAdded.isEmpty() || !authRemoved.isEmpty()
        || !hostsAdded.isEmpty() || !hostsRemoved.isEmpty();
  }
}
