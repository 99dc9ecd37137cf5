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
 * character trie walked along the tool's name), sources, tags; a rule with none of these is
 * evaluated for every tool. The index only narrows the candidates: every candidate is still
 * matched in full, so the index can never change a decision, only its cost.
 *
 * <p>Each bucket of the index is filtered once per caller ({@link CallerMemo}): a listing asks
 * about one caller thousands of times, and after the first tools it scans only the rules whose
 * caller conditions hold.
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
  private final int buckets;

  /**
   * The memo of the caller asked last. Deliberately a plain field: a racy read sees either a
   * complete memo of some caller (its fields are final) or null, and a memo of another caller
   * is simply replaced. Two threads listing for two callers at once replace each other's memo
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
    int[] ids = {0};
    this.byName = freeze(names, ids);
    this.bySource = freeze(sources, ids);
    this.byTag = freeze(tags, ids);
    this.byPrefix = anyPrefix ? prefixes.build(ids) : null;
    this.unindexed = new Bucket(ids[0]++, rest.toArray(EMPTY));
    this.rules = rules.size();
    this.buckets = ids[0];
  }

  private static boolean everyNameHasPrefix(ToolMatch tool) {
    for (String name : tool.names()) {
      if (Glob.isGlob(name) && Glob.compile(name).literalPrefix().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Bucket> freeze(Map<String, List<CompiledRule>> lists, int[] ids) {
    Map<String, Bucket> frozen = new HashMap<>();
    lists.forEach((key, list) -> frozen.put(key, new Bucket(ids[0]++, list.toArray(EMPTY))));
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
      memo = new CallerMemo(caller, rules, buckets);
      lastCaller = memo;
    }
    long state = pack(NONE, NONE);
    String name = tool.name();
    Bucket bucket = byName.get(name);
    if (bucket != null) {
      state = scan(bucket, state, memo, tool, arguments);
    }
    Node node = byPrefix;
    for (int i = 0; node != null; i++) {
      if (node.bucket != null) {
        state = scan(node.bucket, state, memo, tool, arguments);
      }
      node = i < name.length() ? node.child(name.charAt(i)) : null;
    }
    String source = tool.source();
    if (source != null) {
      bucket = bySource.get(source);
      if (bucket != null) {
        state = scan(bucket, state, memo, tool, arguments);
      }
    }
    if (!byTag.isEmpty()) {
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

  /** Rules found under one key, with an id for the caller memo. */
  private static final class Bucket {
    final int id;
    final CompiledRule[] rules;

    Bucket(int id, CompiledRule[] rules) {
      this.id = id;
      this.rules = rules;
    }
  }

  /** A trie node: the rules whose glob prefix ends here, and the children by next character. */
  private static final class Node {
    final @Nullable Bucket bucket;
    final char[] keys;
    final Node[] children;

    Node(@Nullable Bucket bucket, char[] keys, Node[] children) {
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

    Node build(int[] ids) {
      char[] keys = new char[children.size()];
      Node[] nodes = new Node[children.size()];
      int i = 0;
      for (Map.Entry<Character, NodeBuilder> child : children.entrySet()) {
        keys[i] = child.getKey();
        nodes[i] = child.getValue().build(ids);
        i++;
      }
      Bucket bucket = rules.isEmpty() ? null : new Bucket(ids[0]++, rules.toArray(EMPTY));
      return new Node(bucket, keys, nodes);
    }
  }
}
