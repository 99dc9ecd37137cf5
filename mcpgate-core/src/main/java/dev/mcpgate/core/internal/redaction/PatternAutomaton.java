package dev.mcpgate.core.internal.redaction;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * An Aho-Corasick automaton over bytes: finds every occurrence of any of its patterns in one
 * pass, whatever their number, and tells how much of the end of the text could still be the
 * start of a pattern. Built as a trie with failure links, then flattened into a table of
 * transitions over the byte classes the patterns use (every other byte is one class), so that a
 * scan costs one table read per byte; in the start state, bytes that begin no pattern (most of
 * any text) are skipped with one lookup each and no walk of the table. Immutable and thread-safe
 * once built.
 */
final class PatternAutomaton {

  /** Receives each match as the index of its last byte and its length. */
  @FunctionalInterface
  interface MatchSink {
    void match(int lastIndex, int length);
  }

  private final int[] rootNext = new int[256];
  private int[] firstChild;
  private int[] nextSibling;
  private byte[] label;
  private int[] failure;
  private int[] depth;
  /** The length of the longest pattern ending at this node or any node on its failure chain. */
  private int[] output;
  private int states;
  private final int longest;
  /** The class of each byte value: 0 for bytes no pattern has. */
  private final byte[] classOf = new byte[256];
  private final int classes;
  /** The next state for each state and byte class. */
  private final int[] next;
  /** Whether a byte leaves the start state: the first byte of some pattern. */
  private final boolean[] starts = new boolean[256];

  PatternAutomaton(List<byte[]> patterns) {
    int capacity = 1;
    int max = 0;
    for (byte[] pattern : patterns) {
      capacity += pattern.length;
      max = Math.max(max, pattern.length);
    }
    longest = max;
    firstChild = new int[capacity];
    nextSibling = new int[capacity];
    label = new byte[capacity];
    failure = new int[capacity];
    depth = new int[capacity];
    output = new int[capacity];
    Arrays.fill(firstChild, -1);
    Arrays.fill(nextSibling, -1);
    states = 1;
    for (byte[] pattern : patterns) {
      int node = 0;
      for (byte b : pattern) {
        int child = child(node, b);
        if (child < 0) {
          child = states++;
          label[child] = b;
          depth[child] = depth[node] + 1;
          nextSibling[child] = firstChild[node];
          firstChild[node] = child;
        }
        node = child;
      }
      output[node] = Math.max(output[node], pattern.length);
    }
    int count = 1;
    for (byte[] pattern : patterns) {
      for (byte b : pattern) {
        if (classOf[b & 0xFF] == 0) {
          classOf[b & 0xFF] = (byte) count++;
        }
      }
    }
    // UTF-8 and Base64 never use all 256 byte values: the classes fit in a byte.
    classes = Math.min(count, 256);
    int[] order = buildFailureLinks();
    next = new int[states * classes];
    byte[] representative = new byte[classes];
    for (int b = 0; b < 256; b++) {
      representative[classOf[b] & 0xFF] = (byte) b;
    }
    for (int node : order) {
      for (int c = 1; c < classes; c++) {
        int child = child(node, representative[c]);
        next[node * classes + c] = child >= 0 ? child
            : node == 0 ? 0 : next[failure[node] * classes + c];
      }
    }
    for (int b = 0; b < 256; b++) {
      starts[b] = next[classOf[b] & 0xFF] != 0;
    }
  }

  /** The length of the longest pattern. */
  int longest() {
    return longest;
  }

  boolean isEmpty() {
    return longest == 0;
  }

  private int child(int node, byte b) {
    for (int c = firstChild[node]; c >= 0; c = nextSibling[c]) {
      if (label[c] == b) {
        return c;
      }
    }
    return -1;
  }

  /** Sets the failure links; returns the states in breadth-first order, the root first. */
  private int[] buildFailureLinks() {
    int[] order = new int[states];
    int ordered = 0;
    order[ordered++] = 0;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = firstChild[0]; c >= 0; c = nextSibling[c]) {
      failure[c] = 0;
      queue.add(c);
    }
    for (int b = 0; b < 256; b++) {
      int c = child(0, (byte) b);
      rootNext[b] = Math.max(c, 0);
    }
    while (!queue.isEmpty()) {
      int node = queue.poll();
      order[ordered++] = node;
      for (int c = firstChild[node]; c >= 0; c = nextSibling[c]) {
        int f = failure[node];
        int target = step(f, label[c], c);
        failure[c] = target;
        output[c] = Math.max(output[c], output[target]);
        queue.add(c);
      }
    }
    return order;
  }

  /** The next state from {@code state} on {@code b}, never entering {@code self}. */
  private int step(int state, byte b, int self) {
    int s = state;
    while (true) {
      if (s == 0) {
        int next = rootNext[b & 0xFF];
        return next == self ? 0 : next;
      }
      int next = child(s, b);
      if (next >= 0 && next != self) {
        return next;
      }
      s = failure[s];
    }
  }

  /**
   * Scans bytes, reporting each position where a pattern ends (the longest pattern ending there
   * that starts at or after {@code from}).
   *
   * @param text the bytes
   * @param from the first index to scan
   * @param to the index just past the last one to scan
   * @param sink receives the matches
   * @return the depth of the final state: how many of the last bytes are a prefix of a pattern
   */
  int scan(byte[] text, int from, int to, MatchSink sink) {
    int state = 0;
    int i = from;
    while (i < to) {
      if (state == 0) {
        // In the start state a byte that begins no pattern leads back to it: skip such bytes.
        while (i < to && !starts[text[i] & 0xFF]) {
          i++;
        }
        if (i == to) {
          break;
        }
      }
      state = next[state * classes + (classOf[text[i] & 0xFF] & 0xFF)];
      int found = output[state];
      if (found > 0) {
        sink.match(i, found);
      }
      i++;
    }
    return depth[state];
  }
}
