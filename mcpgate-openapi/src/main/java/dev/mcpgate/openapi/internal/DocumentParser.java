package dev.mcpgate.openapi.internal;

import dev.mcpgate.openapi.ImportException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses a description's bytes, JSON or YAML, into a tree, with the limits that keep a hostile
 * document from exhausting the gateway: YAML aliases are counted (no "billion laughs"
 * expansion), recursive YAML keys refused. Thread-safe.
 */
final class DocumentParser {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final long MAX_EXPANDED_NODES = 20_000_000;

  private DocumentParser() {}

  /**
   * Parses a document.
   *
   * @param content the bytes
   * @param location where they came from, for messages
   * @param maxYamlAliases the most YAML aliases allowed
   * @return the tree
   * @throws ImportException if the document is neither valid JSON nor valid YAML
   */
  static JsonNode parse(byte[] content, String location, int maxYamlAliases) {
    int start = 0;
    if (content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
        && (content[2] & 0xff) == 0xbf) {
      start = 3;
    }
    int first = start;
    while (first < content.length && Character.isWhitespace(content[first])) {
      first++;
    }
    if (first >= content.length) {
      throw new ImportException(location, null, 0, "the document is empty");
    }
    if (content[first] == '{' || content[first] == '[') {
      try {
        return JSON.readTree(content, start, content.length - start);
      } catch (JacksonException e) {
        TokenStreamLocation where = e.getLocation();
        int line = where == null ? 0 : Math.max(0, where.getLineNr());
        throw new ImportException(location, null, line, "not valid JSON: " + e.getOriginalMessage());
      }
    }
    return parseYaml(new String(content, start, content.length - start, StandardCharsets.UTF_8),
        location, maxYamlAliases);
  }

  private static JsonNode parseYaml(String text, String location, int maxYamlAliases) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(maxYamlAliases);
    options.setAllowRecursiveKeys(false);
    options.setAllowDuplicateKeys(true);
    options.setCodePointLimit(Math.max(text.length() + 1, 3 * 1024 * 1024));
    options.setNestingDepthLimit(200);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    Object loaded;
    try {
      loaded = yaml.load(text);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark();
      String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
      throw new ImportException(location, null, mark == null ? 0 : mark.getLine() + 1,
          "not valid YAML: " + problem);
    } catch (YAMLException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("aliases")) {
        throw new ImportException(location, null, 0, "the YAML document uses more than "
            + maxYamlAliases + " aliases (a limit against alias expansion attacks)");
      }
      throw new ImportException(location, null, 0, "not valid YAML: " + message);
    } catch (StackOverflowError e) {
      throw new ImportException(location, null, 0, "the YAML document is nested too deeply");
    }
    if (!(loaded instanceof Map)) {
      throw new ImportException(location, null, 0,
          "not an OpenAPI or Swagger document: expected an object at the top level");
    }
    // Aliases make a graph; the tree built from it repeats each shared part. A few aliases
    // nested in each other ("billion laughs") would expand exponentially, so the expansion is
    // bounded by a multiple of the text's own size.
    long[] budget = {Math.min(MAX_EXPANDED_NODES, 2L * text.length() + 100_000)};
    try {
      return toNode(loaded, 0, budget);
    } catch (ExpansionException e) {
      throw new ImportException(location, null, 0, "the YAML document's aliases expand it "
          + "far beyond its size (a limit against alias expansion attacks)");
    } catch (YAMLException e) {
      throw new ImportException(location, null, 0, "the YAML document is nested too deeply");
    }
  }

  /** Thrown when alias expansion passes the budget; carries no stack trace. */
  private static final class ExpansionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExpansionException() {
      super("expansion", null, false, false);
    }
  }

  private static JsonNode toNode(Object value, int depth, long[] budget) {
    if (depth > 400) {
      throw new YAMLException("nested too deeply");
    }
    if (--budget[0] < 0) {
      throw new ExpansionException();
    }
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        object.set(String.valueOf(entry.getKey()), toNode(entry.getValue(), depth + 1, budget));
      }
      return object;
    }
    if (value instanceof List<?> list) {
      ArrayNode array = NODES.arrayNode(list.size());
      for (Object item : list) {
        array.add(toNode(item, depth + 1, budget));
      }
      return array;
    }
    if (value instanceof String text) {
      return NODES.stringNode(text);
    }
    if (value instanceof Boolean bool) {
      return NODES.booleanNode(bool);
    }
    if (value instanceof Integer number) {
      return NODES.numberNode(number);
    }
    if (value instanceof Long number) {
      return NODES.numberNode(number);
    }
    if (value instanceof BigInteger number) {
      return NODES.numberNode(number);
    }
    if (value instanceof Double number) {
      return NODES.numberNode(number);
    }
    if (value instanceof BigDecimal number) {
      return NODES.numberNode(number);
    }
    if (value instanceof Date date) {
      return NODES.stringNode(DateTimeFormatter.ISO_INSTANT.format(date.toInstant()));
    }
    if (value instanceof byte[] bytes) {
      return NODES.stringNode(Base64.getEncoder().encodeToString(bytes));
    }
    return NODES.stringNode(String.valueOf(value));
  }
}
