package dev.mcpgate.core.internal.policy;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.policy.ToolMatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Compiled rules indexed by what a tool can be looked up by, so that a decision evaluates only
 * the rules that can apply to the tool. Each rule goes into one dimension, the most selective
 * its tool conditions allow: exact names (a hash map), name globs with a literal prefix (a
 * path-compressed character trie walked along the tool's name), sources, tags; a rule with none
 * of these is evaluated for every tool. The index only narrows the candidates: every candidate
 * is still matched in full, so the index can never change a decision, only its cost.
 *
 * <p>Each bucket of the index is filtered once per caller ({@link CallerMemo}): {@link #match}
 * keeps the memo of the caller asked last, so the listing and the call decision of one call,
 * or the tools of one explanation, scan only the rules whose caller conditions hold. A listing
 * asks {@link #forListing} for one caller's view instead, which filters every bucket up front
 * and also skips the lookups that can find no rule for that caller.
 *
 * <p>{@link #match} finds the first matching deny rule and the first matching allow rule in
 * rule order, whatever order the candidates come in. Immutable (but for the memo, see there)
 * and thread-safe.
 */
public final class RuleIndex {

  /** The value of {@link #denyOf} or {@link #allowOf} when no rule of that effect matched. */
  public static final int NONE = Integer.MAX_VALUE;

  private static final CompiledRule[] EMPTY = new CompiledRule[0];

  private final Map<String, Bucket> byName;
  private final Map<String, Bucket> bySource;
  private final Map<String, Bucket> byTag;
  private final @Nullable Node byPrefix;
  private final Bucket unindexed;
  private final int rules;
  private final Bucket[] buckets;
  private final int nodes;

  /**
   * The memo of the caller asked last. Deliberately a plain field: a racy read sees either a
   * complete memo of some caller (its fields are final) or null, and a memo of another caller
   * is simply replaced. Two threads deciding for two callers at once replace each other's memo
   * and lose only speed.
   */
  private @Nullable CallerMemo lastCaller;

  /**
   * Indexes compiled rules.
   *
   * @param rules the rules, in rule order
   */
  public RuleIndex(List<CompiledRule> rules) {
    Map<String, List<CompiledRule>> names = new LinkedHashMap<>();
    Map<String, List<CompiledRule>> sources = new LinkedHashMap<>();
    Map<String, List<CompiledRule>> tags = new LinkedHashMap<>();
    NodeBuilder prefixes = new NodeBuilder();
    boolean anyPrefix = false;
    List<CompiledRule> rest = new ArrayList<>();
    for (CompiledRule rule : rules) {
      ToolMatch tool = rule.rule().tool();
      if (!tool.names().isEmpty() && everyNameHasPrefix(tool)) {
        for (String name : tool.names()) {
          if (Glob.isGlob(name)) {
            prefixes.add(Glob.compile(name).literalPrefix(), 0, rule);
            anyPrefix = true;
          } else {
            names.computeIfAbsent(name, n -> new ArrayList<>()).add(rule);
          }
        }
      } else if (!tool.sources().isEmpty()) {
        tool.sources().forEach(s -> sources.computeIfAbsent(s, k -> new ArrayList<>()).add(rule));
      } else if (!tool.tags().isEmpty()) {
        tool.tags().forEach(t -> tags.computeIfAbsent(t, k -> new ArrayList<>()).add(rule));
      } else {
        rest.add(rule);
      }
    }
    List<Bucket> all = new ArrayList<>();
    this.byName = freeze(names, all);
    this.bySource = freeze(sources, all);
    this.byTag = freeze(tags, all);
    int[] nodeIds = {0};
    this.byPrefix = anyPrefix ? prefixes.build(all, nodeIds, "") : null;
    this.unindexed = Bucket.add(all, rest.toArray(EMPTY));
    this.rules = rules.size();
    this.buckets = all.toArray(new Bucket[0]);
    this.nodes = nodeIds[0];
  }

  private static boolean everyNameHasPrefix(ToolMatch tool) {
    for (String name : tool.names()) {
      if (Glob.isGlob(name) && Glob.compile(name).literalPrefix().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Bucket> freeze(
      Map<String, List<CompiledRule>> lists, List<Bucket> all) {
    Map<String, Bucket> frozen = new HashMap<>();
    lists.forEach((key, list) -> frozen.put(key, Bucket.add(all, list.toArray(EMPTY))));
    return frozen;
  }

  /**
   * The first matching deny rule and the first matching allow rule, packed into one long: read
   * them with {@link #denyOf} and {@link #allowOf}. Once a deny matched, allow rules are no
   * longer evaluated.
   *
   * @param caller the caller
   * @param tool the tool
   * @param arguments the call's arguments, or null for a listing
   * @return the packed rule indexes
   */
  public long match(
      CallerContext caller, ToolDefinition tool, @Nullable Map<String, @Nullable Object> arguments) {
    CallerMemo memo = lastCaller;
    if (memo == null || memo.caller() != caller) {
      memo = new CallerMemo(caller, rules, buckets.length);
      lastCaller = memo;
    }
    return match(memo, null, tool, arguments);
  }

  /**
   * One caller's view of the index for a whole listing: every bucket is filtered for the caller
   * up front, and the lookups that can find no rule for this caller (an index dimension, a
   * branch of the name trie) are skipped for every tool. It finds exactly what {@link #match}
   * finds, only faster when asked thousands of times.
   *
   * @param caller the caller
   * @return the view, for one listing on one thread
   */
  public ListingView forListing(CallerContext caller) {
    CallerMemo memo = new CallerMemo(caller, rules, buckets.length);
    for (Bucket bucket : buckets) {
      memo.filter(bucket.id, bucket.rules);
    }
    boolean[] liveNodes = new boolean[nodes];
    boolean prefixes = byPrefix != null && markLive(byPrefix, memo, liveNodes);
    return new ListingView(
        memo, anyLive(byName, memo), prefixes ? liveNodes : null,
        anyLive(bySource, memo), anyLive(byTag, memo));
  }

  private static boolean anyLive(Map<String, Bucket> dimension, CallerMemo memo) {
    for (Bucket bucket : dimension.values()) {
      if (memo.filter(bucket.id, bucket.rules).length > 0) {
        return true;
      }
    }
    return false;
  }

  /** Marks the nodes under which some rule holds for the caller; true if this one is. */
  private static boolean markLive(Node node, CallerMemo memo, boolean[] live) {
    boolean any = node.bucket != null && memo.filter(node.bucket.id, node.bucket.rules).length > 0;
    for (Node child : node.children) {
      any |= markLive(child, memo, live);
    }
    live[node.id] = any;
    return any;
  }

  private long match(
      CallerMemo memo,
      @Nullable ListingView view,
      ToolDefinition tool,
      @Nullable Map<String, @Nullable Object> arguments) {
    long state = pack(NONE, NONE);
    String name = tool.name();
    Bucket bucket;
    if (view == null || view.names) {
      bucket = byName.get(name);
      if (bucket != null) {
        state = scan(bucket, state, memo, tool, arguments);
      }
    }
    boolean @Nullable [] live = view == null ? null : view.liveNodes;
    Node node = view == null || live != null ? byPrefix : null;
    int at = 0;
    while (node != null) {
      if (node.bucket != null) {
        state = scan(node.bucket, state, memo, tool, arguments);
      }
      Node next = at < name.length() ? node.child(name.charAt(at)) : null;
      if (next == null || !name.startsWith(next.edge, at) || live != null && !live[next.id]) {
        break;
      }
      at += next.edge.length();
      node = next;
    }
    String source = tool.source();
    if (source != null && (view == null || view.sources)) {
      bucket = bySource.get(source);
      if (bucket != null) {
        state = scan(bucket, state, memo, tool, arguments);
      }
    }
    if (view == null ? !byTag.isEmpty() : view.tags) {
      List<String> tags = tool.tags();
      for (int i = 0; i < tags.size(); i++) {
        bucket = byTag.get(tags.get(i));
        if (bucket != null) {
          state = scan(bucket, state, memo, tool, arguments);
        }
      }
    }
    return scan(unindexed, state, memo, tool, arguments);
  }

  private static long scan(
      Bucket bucket,
      long state,
      CallerMemo memo,
      ToolDefinition tool,
      @Nullable Map<String, @Nullable Object> arguments) {
    for (CompiledRule rule : memo.filter(bucket.id, bucket.rules)) {
      int deny = denyOf(state);
      if (rule.deny()) {
        if (rule.index() < deny && rule.matchesForCaller(tool, arguments)) {
          state = pack(rule.index(), allowOf(state));
        }
      } else if (deny == NONE
          && rule.index() < allowOf(state)
          && rule.matchesForCaller(tool, arguments)) {
        state = pack(NONE, rule.index());
      }
    }
    return state;
  }

  private static long pack(int deny, int allow) {
    return ((long) deny << 32) | (allow & 0xFFFF_FFFFL);
  }

  /**
   * The first matching deny rule's index in a result of {@link #match}.
   *
   * @param state the result
   * @return the index, or {@link #NONE}
   */
  public static int denyOf(long state) {
    return (int) (state >>> 32);
  }

  /**
   * The first matching allow rule's index in a result of {@link #match}.
   *
   * @param state the result
   * @return the index, or {@link #NONE}
   */
  public static int allowOf(long state) {
    return (int) state;
  }

  /**
   * {@link RuleIndex#forListing}: one caller's view of the index. Used by one thread; the memo
   * it holds is complete, so it is never written again.
   */
  public final class ListingView {
    private final CallerMemo memo;
    private final boolean names;
    private final boolean @Nullable [] liveNodes;
    private final boolean sources;
    private final boolean tags;

    private ListingView(
        CallerMemo memo,
        boolean names,
        boolean @Nullable [] liveNodes,
        boolean sources,
        boolean tags) {
      this.memo = memo;
      this.names = names;
      this.liveNodes = liveNodes;
      this.sources = sources;
      this.tags = tags;
    }

    /**
     * {@link RuleIndex#match} for a listing of this view's caller.
     *
     * @param tool the tool
     * @return the packed rule indexes
     */
    public long match(ToolDefinition tool) {
      return RuleIndex.this.match(memo, this, tool, null);
    }
  }

  /** Rules found under one key, with an id for the caller memo. */
  private static final class Bucket {
    final int id;
    final CompiledRule[] rules;

    private Bucket(int id, CompiledRule[] rules) {
      this.id = id;
      this.rules = rules;
    }

    /** A new bucket, numbered by its place in {@code all}. */
    static Bucket add(List<Bucket> all, CompiledRule[] rules) {
      Bucket bucket = new Bucket(all.size(), rules);
      all.add(bucket);
      return bucket;
    }
  }

  /**
   * A node of the name trie, path-compressed: the rules whose glob prefix ends here, and the
   * children by the first character of their edge. A node is reached from its parent along its
   * whole edge, so a name is walked a run of characters at a time rather than one.
   */
  private static final class Node {
    final int id;
    final String edge;
    final @Nullable Bucket bucket;
    final char[] keys;
    final Node[] children;

    Node(int id, String edge, @Nullable Bucket bucket, char[] keys, Node[] children) {
      this.id = id;
      this.edge = edge;
      this.bucket = bucket;
      this.keys = keys;
      this.children = children;
    }

    @Nullable Node child(char c) {
      char[] k = keys;
      for (int i = 0; i < k.length; i++) {
        if (k[i] == c) {
          return children[i];
        }
      }
      return null;
    }
  }

  private static final class NodeBuilder {
    final List<CompiledRule> rules = new ArrayList<>();
    final TreeMap<Character, NodeBuilder> children = new TreeMap<>();

    void add(String prefix, int at, CompiledRule rule) {
      if (at == prefix.length()) {
        if (!rules.contains(rule)) {
          rules.add(rule);
        }
        return;
      }
      children.computeIfAbsent(prefix.charAt(at), c -> new NodeBuilder()).add(prefix, at + 1, rule);
    }

    Node build(List<Bucket> all, int[] nodeIds, String edge) {
      char[] keys = new char[children.size()];
      Node[] nodes = new Node[children.size()];
      int i = 0;
      for (Map.Entry<Character, NodeBuilder> child : children.entrySet()) {
        // A run of nodes with one child and no rules becomes one edge.
        StringBuilder label = new StringBuilder().append(child.getKey().charValue());
        NodeBuilder end = child.getValue();
        while (end.rules.isEmpty() && end.children.size() == 1) {
          Map.Entry<Character, NodeBuilder> only = end.children.firstEntry();
          label.append(only.getKey().charValue());
          end = only.getValue();
        }
        keys[i] = child.getKey();
        nodes[i] = end.build(all, nodeIds, label.toString());
        i++;
      }
      Bucket bucket = rules.isEmpty() ? null : Bucket.add(all, rules.toArray(EMPTY));
      return new Node(nodeIds[0]++, edge, bucket, keys, nodes);
    }
  }
}
