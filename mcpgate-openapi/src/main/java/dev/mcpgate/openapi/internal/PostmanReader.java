package dev.mcpgate.openapi.internal;

import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.openapi.ImportException;
import dev.mcpgate.openapi.ImportOptions;
import dev.mcpgate.openapi.ImportWarning;
import dev.mcpgate.openapi.ImportedSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Postman collections v2.0 and v2.1 (JSON) into candidate tools: one per request, folders
 * at any depth becoming tags, auth inherited from collection to folder to request, and
 * {@code {{variables}}} resolved from the collection where it gives them a value.
 *
 * <p>Inputs follow the convention shared with the OpenAPI importer: each path variable
 * ({@code :id}, or an unset {@code {{var}}} in the path), query parameter and header is a
 * top-level property named by its name ({@code <location>_<name>} when an earlier input took
 * the name); the body is the property {@code body}; path variables and the body are required;
 * no other property is allowed. Headers the gateway sets ({@code Content-Type}) and any that
 * carry a credential ({@code Authorization}, the API key's header) are never inputs.
 *
 * <p>Values found in a collection (variables, example bodies, saved responses, auth settings)
 * are examples and often real credentials: only their shape reaches a tool definition, except
 * for the base URL and non-secret auth settings such as an AWS region. Credential values are
 * also redacted from titles and descriptions. Stateless and thread-safe.
 */
public final class PostmanReader implements DescriptionReader {

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** What stands in for a credential found in free text. */
  static final String REDACTED = "[redacted]";

  /** Creates a reader. */
  public PostmanReader() {}

  @Override
  public ReadResult read(byte[] content, String location, ImportOptions options) {
    JsonNode root = parse(content, location);
    if (!root.isObject()) {
      throw new ImportException(location, "", 0, "a Postman collection must be a JSON object");
    }
    JsonNode info = root.path("info");
    List<ImportWarning> warnings = new ArrayList<>();
    String formatVersion = formatVersion(root, info, location, warnings);
    JsonNode items = root.get("item");
    if (items == null || !items.isArray()) {
      throw new ImportException(location, "/item", 0,
          "a Postman collection needs an 'item' array of requests and folders");
    }
    Set<String> secrets = new HashSet<>();
    Set<String> secretVariables = new HashSet<>();
    collectSecrets(root, secrets, secretVariables, 0);
    collectSecretVariables(root, secrets, secretVariables);
    List<String> redactions = new ArrayList<>(secrets);
    redactions.sort(Comparator.comparingInt(String::length).reversed());
    PostmanVariables variables = PostmanVariables.of(root, secretVariables);
    PostmanRequests requests = new PostmanRequests(options, variables, redactions, warnings);
    JsonNode collectionAuth = auth(root);
    walk(items, "/item", List.of(), collectionAuth, requests, warnings);
    String title = Text.clean(PostmanJson.text(info, "name"), Text.MAX_TITLE);
    return new ReadResult(
        new ImportedSource(location, "postman", formatVersion, title, apiVersion(info),
            List.copyOf(requests.servers())),
        requests.candidates(), warnings);
  }

  private static void walk(JsonNode items, String pointer, List<String> folders,
      @Nullable JsonNode inheritedAuth, PostmanRequests requests,
      List<ImportWarning> warnings) {
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String here = pointer + "/" + i;
      if (!item.isObject()) {
        warnings.add(new ImportWarning(here, "an item that is not an object; skipped"));
        continue;
      }
      String name = PostmanJson.text(item, "name");
      name = name == null ? "" : name.strip();
      if (item.has("item")) {
        JsonNode children = item.get("item");
        if (!children.isArray()) {
          warnings.add(new ImportWarning(label(folders, name),
              "folder at " + here + " has an 'item' that is not an array; skipped"));
          continue;
        }
        JsonNode auth = auth(item);
        List<String> path = new ArrayList<>(folders);
        // Folder names become tags, which reach clients: cleaned like titles.
        String tag = Text.clean(name, Text.MAX_TITLE);
        path.add(tag == null ? "(unnamed)" : tag);
        walk(children, here + "/item", path, auth != null ? auth : inheritedAuth, requests,
            warnings);
      } else if (item.has("request")) {
        requests.add(item, here, folders, name, inheritedAuth);
      } else {
        warnings.add(new ImportWarning(label(folders, name),
            "item at " + here + " is neither a folder nor a request; skipped"));
      }
    }
  }

  /**
   * A request's label in warnings: its folders and name.
   *
   * @param folders the folder names from the root down
   * @param name the request's name
   * @return such as {@code Orders/Create order}
   */
  static String label(List<String> folders, String name) {
    List<String> parts = new ArrayList<>(folders);
    parts.add(name.isEmpty() ? "(unnamed)" : name);
    return String.join("/", parts);
  }

  /** An item's own auth object, or null when it inherits. */
  static @Nullable JsonNode auth(JsonNode holder) {
    JsonNode auth = holder.get("auth");
    if (auth == null || !auth.isObject()) {
      return null;
    }
    String type = PostmanJson.text(auth, "type");
    if (type != null && type.strip().equalsIgnoreCase("inherit")) {
      return null;
    }
    return auth;
  }

  private static JsonNode parse(byte[] content, String location) {
    JsonNode root;
    try {
      root = MAPPER.readTree(content);
    } catch (JacksonException e) {
      TokenStreamLocation where = e.getLocation();
      int line = where == null ? 0 : Math.max(0, where.getLineNr());
      String column = where == null || where.getColumnNr() < 1 ? ""
          : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
      throw new ImportException(location, null, line,
          "not valid JSON" + column + ": " + firstLine(e.getOriginalMessage()));
    }
    if (root == null || root.isMissingNode()) {
      throw new ImportException(location, null, 0, "the document is empty");
    }
    return root;
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String formatVersion(JsonNode root, JsonNode info, String location,
      List<ImportWarning> warnings) {
    String schema = PostmanJson.text(info, "schema");
    String pointer = "/info/schema";
    if (schema == null) {
      schema = PostmanJson.text(info, "_postman_schema");
      pointer = "/info/_postman_schema";
    }
    if (schema == null) {
      if (root.has("requests") || root.has("order")) {
        throw new ImportException(location, "", 0, "a Postman collection v1 is not supported; "
            + "export it from Postman as Collection v2.1");
      }
      warnings.add(new ImportWarning(null,
          "the collection does not declare its schema version; read as v2.1"));
      return "2.1.0";
    }
    String lower = schema.toLowerCase(Locale.ROOT);
    if (lower.matches(".*/v2\\.1(\\.\\d+)*/.*")) {
      return "2.1.0";
    }
    if (lower.matches(".*/v2\\.0(\\.\\d+)*/.*") || lower.contains("/collection/v2/")
        || lower.endsWith("#2.0.0")) {
      return "2.0.0";
    }
    throw new ImportException(location, pointer, 0, "unsupported Postman collection schema '"
        + Text.clean(schema, 200) + "': only v2.0 and v2.1 are supported");
  }

  private static @Nullable String apiVersion(JsonNode info) {
    JsonNode version = info.get("version");
    if (version == null || version.isNull()) {
      return null;
    }
    if (version.isObject()) {
      String major = PostmanJson.text(version, "major");
      if (major == null) {
        return null;
      }
      String minor = PostmanJson.text(version, "minor");
      String patch = PostmanJson.text(version, "patch");
      return major + "." + (minor == null ? "0" : minor) + "." + (patch == null ? "0" : patch);
    }
    return version.isContainer() ? null : Text.clean(version.asString(), 100);
  }

  /** Every auth object anywhere in the document gives up its credential values. */
  private static void collectSecrets(JsonNode node, Set<String> into, Set<String> variables,
      int depth) {
    // The parser already bounds nesting; this only guards the stack if that limit is raised.
    if (depth > 5000) {
      return;
    }
    if (node.isObject()) {
      for (var field : node.properties()) {
        if (field.getKey().equals("auth") && field.getValue().isObject()) {
          PostmanAuth.collectSecrets(field.getValue(), into, variables);
        }
        collectSecrets(field.getValue(), into, variables, depth + 1);
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        collectSecrets(element, into, variables, depth + 1);
      }
    }
  }

  /** Values of variables that hold credentials: by their name, or by their use in an auth. */
  private static void collectSecretVariables(JsonNode root, Set<String> into,
      Set<String> usedByAuth) {
    for (String field : new String[] {"variables", "variable"}) {
      for (JsonNode entry : root.path(field)) {
        String name = PostmanJson.text(entry, "key");
        String value = PostmanJson.text(entry, "value");
        if (name != null && value != null
            && (PostmanVariables.isSecretName(name) || usedByAuth.contains(name.strip()))
            && value.strip().length() >= 6) {
          into.add(value.strip());
        }
      }
    }
  }

  /**
   * Replaces every known credential value in a text.
   *
   * @param text the text, or null
   * @param redactions the credential values, longest first
   * @return the text without them, or null
   */
  static @Nullable String redact(@Nullable String text, List<String> redactions) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : redactions) {
      if (out.contains(secret)) {
        out = out.replace(secret, REDACTED);
      }
    }
    return out;
  }

  /**
   * The behaviour hints a method implies.
   *
   * @param method the HTTP method, upper case
   * @return GET and HEAD read only; DELETE destructive and idempotent; PUT idempotent
   */
  static ToolAnnotations annotations(String method) {
    return switch (method) {
      case "GET", "HEAD" -> new ToolAnnotations(true, null, null, null);
      case "DELETE" -> new ToolAnnotations(false, true, true, null);
      case "PUT" -> new ToolAnnotations(false, null, true, null);
      default -> new ToolAnnotations(false, null, null, null);
    };
  }

  /**
   * A draft with a placeholder name, to be named by the importer.
   *
   * @return a builder
   */
  static ToolDefinition.Builder draft() {
    return ToolDefinition.builder("postman_request");
  }

  /**
   * The HTTP operation of a request.
   *
   * @param method the method
   * @param server the server URL
   * @param template the path template
   * @param bindings the bindings
   * @param mediaType the body's media type, or null
   * @return the operation
   */
  static HttpOperation operation(String method, String server, String template,
      List<ParameterBinding> bindings, @Nullable String mediaType) {
    return new HttpOperation(method, server, template, bindings, mediaType);
  }
}
