package dev.mcpgate.openapi.internal;

import dev.mcpgate.openapi.ImportWarning;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Deterministic tool names: {@code ^[A-Za-z0-9_-]{1,64}$}, unique within a catalog, and stable.
 *
 * <p>A name is made from the operation's name hint alone (its operation id, else method and
 * path): characters outside {@code [A-Za-z0-9_-]} become {@code _}, runs of {@code _} fold. A
 * name longer than 64 characters (prefix included) is cut and given a suffix hashed from the
 * hint. Operations whose names still collide each get a suffix hashed from their own identity.
 * So no name depends on an unrelated operation: adding or removing one changes no other name.
 */
public final class ToolNames {

  /** The longest tool name: the strictest common client limit. */
  public static final int MAX_LENGTH = 64;

  private static final int HASH_LENGTH = 6;

  private ToolNames() {}

  /**
   * Names the candidates.
   *
   * @param candidates the selected candidates, in document order
   * @param prefix the name prefix, or null
   * @param warnings where notes on shortened and disambiguated names go
   * @return the names, in the same order
   */
  public static List<String> assign(
      List<Candidate> candidates, @Nullable String prefix, List<ImportWarning> warnings) {
    List<String> names = new ArrayList<>(candidates.size());
    Map<String, Integer> counts = new HashMap<>();
    for (Candidate candidate : candidates) {
      String name = base(candidate.nameHint(), prefix);
      names.add(name);
      counts.merge(name, 1, Integer::sum);
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (counts.get(name) > 1) {
        Candidate candidate = candidates.get(i);
        String unique = withSuffix(name, hash(candidate.identity()));
        warnings.add(new ImportWarning(candidate.identity(),
            "tool name '" + name + "' is shared with another operation; named '" + unique + "'"));
        names.set(i, unique);
      }
    }
    // A disambiguated name could still meet another operation's plain name; number the later
    // ones in document order so the catalog stays unique whatever the input.
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      int n = seen.merge(name, 1, Integer::sum);
      if (n > 1) {
        String unique = withSuffix(name, hash(candidates.get(i).identity() + "#" + n));
        names.set(i, unique);
        seen.merge(unique, 1, Integer::sum);
      }
    }
    return names;
  }

  /**
   * The name made from a hint alone, before collisions are resolved.
   *
   * @param hint the operation id, request name, or method and path
   * @param prefix the name prefix, or null
   * @return a valid tool name
   */
  public static String base(String hint, @Nullable String prefix) {
    String sanitized = sanitize(hint);
    String name = prefix == null ? sanitized : prefix + "_" + sanitized;
    return name.length() <= MAX_LENGTH ? name : withSuffix(name, hash(hint));
  }

  private static String sanitize(String hint) {
    StringBuilder out = new StringBuilder(hint.length());
    boolean underscore = false;
    for (int i = 0; i < hint.length(); i++) {
      char c = hint.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-';
      if (allowed) {
        out.append(c);
        underscore = false;
      } else if (!underscore) {
        out.append('_');
        underscore = true;
      }
    }
    String name = out.toString();
    int start = 0;
    int end = name.length();
    while (start < end && name.charAt(start) == '_') {
      start++;
    }
    while (end > start && name.charAt(end - 1) == '_') {
      end--;
    }
    name = name.substring(start, end);
    return name.isEmpty() ? "operation" : name;
  }

  private static String withSuffix(String name, String hash) {
    int keep = Math.min(name.length(), MAX_LENGTH - HASH_LENGTH - 1);
    String head = name.substring(0, keep);
    while (head.endsWith("_")) {
      head = head.substring(0, head.length() - 1);
    }
    return head + "_" + hash;
  }

  private static String hash(String text) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; hex.length() < HASH_LENGTH; i++) {
      hex.append(String.format(Locale.ROOT, "%02x", digest[i]));
    }
    return hex.substring(0, HASH_LENGTH);
  }
}
