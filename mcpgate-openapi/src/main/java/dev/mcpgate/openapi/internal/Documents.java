package dev.mcpgate.openapi.internal;

import dev.mcpgate.openapi.ImportException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The documents of one import: the description itself and the files its relative {@code $ref}s
 * name, each parsed once. Resolves references between them. Not thread-safe; one per import.
 */
final class Documents {

  /** One parsed document and where its relative references start from. */
  record Doc(String id, JsonNode root, @Nullable Path base) {}

  /** What a reference points at. */
  record Target(Doc doc, String pointer, JsonNode node) {
    /** A key naming the target across documents. */
    String key() {
      return doc.id() + "#" + pointer;
    }
  }

  private final Doc main;
  /** The directory external references must stay in: the description's own. */
  private final @Nullable Path root;
  private final long maxBytes;
  private final int maxYamlAliases;
  private final Map<Path, Doc> external = new HashMap<>();

  Documents(JsonNode root, String location, long maxBytes, int maxYamlAliases) {
    Path base = null;
    String lower = location.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      try {
        Path file = Path.of(location);
        if (Files.isRegularFile(file)) {
          base = file.toRealPath().getParent();
        }
      } catch (IOException | RuntimeException e) {
        base = null;
      }
    }
    this.main = new Doc("", root, base);
    this.root = base;
    this.maxBytes = maxBytes;
    this.maxYamlAliases = maxYamlAliases;
  }

  Doc main() {
    return main;
  }

  /**
   * Resolves a reference made inside a document.
   *
   * @throws IllegalArgumentException if it cannot be resolved
   */
  Target resolve(Doc from, String ref) {
    int hash = ref.indexOf('#');
    String file = hash < 0 ? ref : ref.substring(0, hash);
    String fragment = hash < 0 ? "" : ref.substring(hash + 1);
    Doc doc = file.isEmpty() ? from : load(from, file);
    String pointer = URLDecoder.decode(fragment.replace("+", "%2B"), StandardCharsets.UTF_8);
    if (!pointer.isEmpty() && !pointer.startsWith("/")) {
      throw new IllegalArgumentException("unsupported $ref '" + ref + "' (not a JSON pointer)");
    }
    JsonNode node = doc.root().at(pointer);
    if (node == null || node.isMissingNode()) {
      throw new IllegalArgumentException("unresolvable $ref '" + ref + "'");
    }
    return new Target(doc, pointer, node);
  }

  private Doc load(Doc from, String file) {
    if (file.contains(":") && file.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
      throw new IllegalArgumentException(
          "external $ref '" + file + "' is not a relative file reference; not followed");
    }
    if (from.base() == null) {
      throw new IllegalArgumentException("external $ref '" + file
          + "' cannot be followed: the description was not read from a local file");
    }
    Path path = from.base().resolve(
        URLDecoder.decode(file.replace("+", "%2B"), StandardCharsets.UTF_8)).normalize();
    Doc doc = external.get(path);
    if (doc != null) {
      return doc;
    }
    try {
      // A description must not pull arbitrary local files into tool schemas that agents see.
      Path real = path.toRealPath();
      if (root == null || !real.startsWith(root)) {
        throw new IllegalArgumentException("external $ref '" + file
            + "' points outside the description's directory; not followed");
      }
      if (Files.size(path) > maxBytes) {
        throw new IllegalArgumentException("external $ref '" + file + "' is too large");
      }
      byte[] bytes = Files.readAllBytes(path);
      JsonNode root = DocumentParser.parse(bytes, path.toString(), maxYamlAliases);
      doc = new Doc(path.toString(), root, path.getParent());
    } catch (IOException e) {
      throw new IllegalArgumentException("external $ref '" + file + "' cannot be read: "
          + e.getClass().getSimpleName());
    } catch (ImportException e) {
      throw new IllegalArgumentException("external $ref '" + file + "': " + e.getMessage());
    }
    external.put(path, doc);
    return doc;
  }
}
