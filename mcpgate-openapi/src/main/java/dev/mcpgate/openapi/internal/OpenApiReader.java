package dev.mcpgate.openapi.internal;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.AuthRequirement;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.openapi.ImportException;
import dev.mcpgate.openapi.ImportOptions;
import dev.mcpgate.openapi.ImportWarning;
import dev.mcpgate.openapi.ImportedSource;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads OpenAPI 3.0 and 3.1 documents, and Swagger 2.0 ones through swagger-parser's converter,
 * into candidate tools.
 *
 * <p>The document is walked as a JSON tree: each operation is converted on its own (a failure
 * skips it with a warning), each referenced schema is translated once and shared. Stateless;
 * each {@link #read} call keeps its state on the stack.
 */
public final class OpenApiReader implements DescriptionReader {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Pattern SERVER_VARIABLE = Pattern.compile("\\{([^}]+)}");
  private static final String JSON = "application/json";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String MULTIPART = "multipart/form-data";
  /** The most JSON text of referenced schemas an output schema keeps; the rest are left open. */
  private static final long MAX_OUTPUT_DEFS = 24 * 1024;

  /** Creates a reader. */
  public OpenApiReader() {}

  @Override
  public ReadResult read(byte[] content, String location, ImportOptions options) {
    JsonNode root = DocumentParser.parse(content, location, options.maxYamlAliases());
    if (!root.isObject()) {
      throw new ImportException(location, null, 0,
          "not an OpenAPI or Swagger document: expected an object at the top level");
    }
    String format;
    String formatVersion;
    JsonNode swagger = root.get("swagger");
    JsonNode openapi = root.get("openapi");
    if (swagger != null) {
      format = "swagger";
      formatVersion = swagger.asString();
      if (!formatVersion.equals("2.0")) {
        throw new ImportException(location, "/swagger", 0,
            "unsupported Swagger version '" + formatVersion + "' (2.0 is supported)");
      }
      root = SwaggerConversion.convert(root, location);
    } else if (openapi != null) {
      format = "openapi";
      formatVersion = openapi.asString();
      if (!formatVersion.startsWith("3.0") && !formatVersion.startsWith("3.1")) {
        throw new ImportException(location, "/openapi", 0,
            "unsupported OpenAPI version '" + formatVersion + "' (3.0 and 3.1 are supported)");
      }
    } else {
      throw new ImportException(location, null, 0, "not an OpenAPI or Swagger document: "
          + "it has neither an 'openapi' nor a 'swagger' field");
    }
    JsonNode paths = root.get("paths");
    if (paths != null && !paths.isObject()) {
      throw new ImportException(location, "/paths", 0, "'paths' must be an object");
    }
    if (paths == null && !formatVersion.startsWith("3.1")) {
      throw new ImportException(location, "/paths", 0, "the document has no 'paths'");
    }
    return new Walk(root, location, options, formatVersion.startsWith("3.1"))
        .run(format, formatVersion, paths);
  }

  /** One read of one document. */
  private static final class Walk {
    private final JsonNode root;
    private final String location;
    private final ImportOptions options;
    private final Documents documents;
    private final SchemaTranslator schemas;
    private final List<ImportWarning> warnings = new ArrayList<>();
    private final Map<String, String> serverWarnings = new HashMap<>();

    Walk(JsonNode root, String location, ImportOptions options, boolean openApi31) {
      this.root = root;
      this.location = location;
      this.options = options;
      this.documents =
          new Documents(root, location, options.maxDocumentBytes(), options.maxYamlAliases());
      this.schemas = new SchemaTranslator(documents, openApi31, options.maxRefDepth());
    }

    ReadResult run(String format, String formatVersion, @Nullable JsonNode paths) {
      List<Candidate> candidates = new ArrayList<>();
      if (paths != null) {
        for (Map.Entry<String, JsonNode> pathEntry : paths.properties()) {
          String path = pathEntry.getKey();
          if (path.startsWith("x-")) {
            continue;
          }
          JsonNode pathItem;
          try {
            pathItem = follow(documents.main(), pathEntry.getValue()).node();
          } catch (IllegalArgumentException e) {
            warnings.add(new ImportWarning(path, "skipped: " + e.getMessage()));
            continue;
          }
          if (!pathItem.isObject()) {
            warnings.add(new ImportWarning(path, "skipped: the path item is not an object"));
            continue;
          }
          for (Map.Entry<String, JsonNode> opEntry : pathItem.properties()) {
            String method = opEntry.getKey().toLowerCase(Locale.ROOT);
            if (!METHODS.contains(method)) {
              continue;
            }
            String identity = method.toUpperCase(Locale.ROOT) + " " + path;
            try {
              if (!path.startsWith("/")) {
                throw new IllegalArgumentException("the path does not start with '/'");
              }
              if (!opEntry.getValue().isObject()) {
                throw new IllegalArgumentException("the operation is not an object");
              }
              candidates.add(operation(identity, method, path, pathItem, opEntry.getValue()));
            } catch (RuntimeException e) {
              warnings.add(new ImportWarning(identity,
                  "skipped: cannot be converted: " + e.getMessage()));
            }
          }
        }
      }
      JsonNode info = root.path("info");
      List<String> servers = new ArrayList<>();
      for (JsonNode server : root.path("servers").values()) {
        String url = server.path("url").asString("");
        if (!url.isEmpty()) {
          servers.add(url);
        }
      }
      ImportedSource source = new ImportedSource(location, format, formatVersion,
          Text.clean(info.path("title").asString(null), Text.MAX_TITLE),
          info.path("version").asString(null), servers);
      return new ReadResult(source, candidates, warnings);
    }

    private Candidate operation(
        String identity, String method, String path, JsonNode pathItem, JsonNode op) {
      Documents.Doc doc = documents.main();
      String operationId = op.path("operationId").asString("");
      boolean hasId = !operationId.isBlank();
      String nameHint = hasId ? operationId : method + "_" + path;
      List<String> tags = new ArrayList<>();
      for (JsonNode tag : op.path("tags").values()) {
        if (tag.isString()) {
          tags.add(tag.stringValue());
        }
      }
      boolean deprecated = op.path("deprecated").asBoolean(false);

      List<AuthRequirement> auth = auth(op);
      Credentials credentials = Credentials.of(auth, options.inferCredentials());
      // Warnings of an operation count only if it converts: kept aside until then.
      List<ImportWarning> found = new ArrayList<>();
      CredentialInference inference = new CredentialInference(options, auth, identity, found);

      ToolDefinition.Builder draft = ToolDefinition.builder("placeholder");
      String summary = op.path("summary").asString(null);
      String description = op.path("description").asString(null);
      draft.title(Text.clean(summary, Text.MAX_TITLE));
      String text = description == null || description.isBlank() ? summary
          : summary == null || summary.isBlank() || description.startsWith(summary.strip())
          ? description : summary.strip() + "\n\n" + description;
      draft.description(Text.clean(text, Text.MAX_DESCRIPTION));
      draft.operationId(hasId ? operationId : null);
      draft.tags(tags);
      draft.annotations(annotations(method));
      if (deprecated) {
        draft.metadata("deprecated", "true");
      }

      // Inputs: parameters (operation-level overriding path-level), then the body.
      Map<String, JsonNode> params = new LinkedHashMap<>();
      for (JsonNode source : List.of(pathItem.path("parameters"), op.path("parameters"))) {
        for (JsonNode raw : source.values()) {
          JsonNode param = follow(doc, raw).node();
          String name = param.path("name").asString("");
          String in = param.path("in").asString("");
          if (name.isEmpty() || in.isEmpty()) {
            throw new IllegalArgumentException("a parameter has no name or no 'in'");
          }
          params.put(in + "\u0000" + name, param);
        }
      }
      JsonNode body = op.has("requestBody") ? follow(doc, op.get("requestBody")).node() : null;
      MediaChoice media = body == null ? null : chooseMedia(body.path("content"), true);

      ToolInputs inputs = new ToolInputs();
      Set<String> refs = new LinkedHashSet<>();
      if (media != null) {
        // Reserved for the body, even if an empty GET body is dropped below: the name of a
        // parameter must not depend on the body's schema.
        inputs.reserve(ToolInputs.BODY);
      }
      for (JsonNode param : params.values()) {
        String name = param.get("name").asString();
        String in = param.get("in").asString().toLowerCase(Locale.ROOT);
        ParameterBinding.Location where = switch (in) {
          case "path" -> ParameterBinding.Location.PATH;
          case "query" -> ParameterBinding.Location.QUERY;
          case "header" -> ParameterBinding.Location.HEADER;
          case "cookie" -> ParameterBinding.Location.COOKIE;
          default -> throw new IllegalArgumentException(
              "parameter '" + name + "' has an unsupported location '" + in + "'");
        };
        if (credentials.carries(where, name)) {
          continue;
        }
        JsonNode schema = param.get("schema");
        if (schema == null && param.path("content").isObject()) {
          for (JsonNode mediaType : param.get("content").values()) {
            schema = mediaType.get("schema");
            break;
          }
        }
        if (inference.hides(where, name, param.path("description").asString(null),
            schema == null ? null : type(follow(doc, schema).node()), null)) {
          continue;
        }
        ObjectNode property = schema == null ? NODES.objectNode() : SchemaTranslator.asObject(
            schemas.translate(doc, schema, SchemaTranslator.Mode.REQUEST, refs));
        String paramDescription =
            Text.clean(param.path("description").asString(null), Text.MAX_DESCRIPTION);
        if (paramDescription != null) {
          property.put("description", paramDescription);
        }
        boolean isRequired = where == ParameterBinding.Location.PATH
            || param.path("required").asBoolean(false);
        JsonNode explode = param.get("explode");
        inputs.add(name, where, name, property, isRequired, param.path("style").asString(null),
            explode != null && explode.isBoolean() ? explode.booleanValue() : null);
      }
      String bodyMediaType = null;
      ObjectNode bodyProperty = null;
      if (media != null) {
        JsonNode schema = media.node().get("schema");
        Set<String> bodyRefs = new LinkedHashSet<>();
        bodyProperty = schema == null ? NODES.objectNode() : SchemaTranslator.asObject(
            schemas.translate(doc, schema, SchemaTranslator.Mode.REQUEST, bodyRefs));
        // Some descriptions (Stripe's) give GET and DELETE an empty form body: not an input.
        if (List.of("get", "head", "delete").contains(method)
            && SchemaTranslator.isEmptyObject(bodyProperty)) {
          bodyProperty = null;
        } else {
          refs.addAll(bodyRefs);
        }
      }
      if (bodyProperty != null) {
        bodyMediaType = media.type();
        ObjectNode property = bodyProperty;
        String bodyDescription =
            Text.clean(body.path("description").asString(null), Text.MAX_DESCRIPTION);
        if (bodyDescription != null && !property.has("description")) {
          property.put("description", bodyDescription);
        }
        inputs.addBody(property, body.path("required").asBoolean(false));
      }
      ObjectNode inputRoot = inputs.schema();
      addDefs(inputRoot, refs, SchemaTranslator.Mode.REQUEST, identity, Long.MAX_VALUE, draft);
      draft.inputSchema(DocumentParser.JSON.writeValueAsString(inputRoot));

      output(doc, op, draft, identity);

      draft.http(new HttpOperation(method.toUpperCase(Locale.ROOT), server(op, pathItem),
          path, inputs.bindings(), bodyMediaType));
      inference.requirements().forEach(draft::auth);
      warnings.addAll(found);
      return new Candidate(identity, method.toUpperCase(Locale.ROOT), path,
          hasId ? operationId : null, nameHint, tags, deprecated, draft);
    }

    /**
     * A schema's single type, {@code string} where a 3.1 type list includes it, else null; a
     * string whose example, default or values are {@code true}/{@code false} is a flag, {@code
     * boolean}.
     */
    private static @Nullable String type(JsonNode schema) {
      JsonNode type = schema.get("type");
      if (type == null) {
        return null;
      }
      if (type.isString()) {
        boolean flag = false;
        for (String hint : List.of("example", "default")) {
          String value = schema.path(hint).asString("");
          flag |= value.equals("true") || value.equals("false");
        }
        return flag ? "boolean" : type.stringValue();
      }
      String first = null;
      for (JsonNode one : type.values()) {
        if (one.isString() && !one.stringValue().equals("null")) {
          if (one.stringValue().equals("string")) {
            return "string";
          }
          first = first == null ? one.stringValue() : first;
        }
      }
      return first;
    }

    private void output(Documents.Doc doc, JsonNode op, ToolDefinition.Builder draft,
        String identity) {
      JsonNode responses = op.path("responses");
      JsonNode chosen = null;
      for (String code : List.of("200", "201")) {
        if (responses.has(code)) {
          chosen = responses.get(code);
          break;
        }
      }
      if (chosen == null) {
        for (Map.Entry<String, JsonNode> entry : responses.properties()) {
          String code = entry.getKey();
          if (code.length() == 3 && code.charAt(0) == '2') {
            chosen = entry.getValue();
            break;
          }
        }
      }
      if (chosen == null) {
        return;
      }
      JsonNode response = follow(doc, chosen).node();
      MediaChoice media = chooseMedia(response.path("content"), false);
      if (media == null || !media.type().equals(JSON) && !media.type().endsWith("+json")) {
        return;
      }
      JsonNode schema = media.node().get("schema");
      if (schema == null) {
        return;
      }
      Set<String> refs = new LinkedHashSet<>();
      JsonNode translated = schemas.translate(doc, schema, SchemaTranslator.Mode.RESPONSE, refs);
      ObjectNode outputRoot;
      if (schemas.isObject(translated, SchemaTranslator.Mode.RESPONSE)) {
        outputRoot = (ObjectNode) translated;
        if (!outputRoot.has("type")) {
          outputRoot.put("type", "object");
        }
      } else {
        outputRoot = NODES.objectNode();
        outputRoot.put("type", "object");
        outputRoot.putObject("properties").set("result", translated);
        draft.metadata("outputSchemaWrapped", "result");
      }
      addDefs(outputRoot, refs, SchemaTranslator.Mode.RESPONSE, identity, MAX_OUTPUT_DEFS, draft);
      draft.outputSchema(DocumentParser.JSON.writeValueAsString(outputRoot));
    }

    private void addDefs(ObjectNode schemaRoot, Set<String> refs, SchemaTranslator.Mode mode,
        String identity, long maxChars, ToolDefinition.Builder draft) {
      if (refs.isEmpty()) {
        return;
      }
      SchemaTranslator.Closure closure = schemas.closure(refs, mode, maxChars);
      ObjectNode defs = schemaRoot.putObject("$defs");
      closure.defs().forEach(defs::set);
      if (closure.cut()) {
        if (mode == SchemaTranslator.Mode.REQUEST) {
          warnings.add(new ImportWarning(identity, "input schema references nested deeper than "
              + options.maxRefDepth() + " were cut"));
        } else {
          // Responses of APIs with expandable fields reach most of the document; an output
          // schema is a hint to the model, so its far reaches are left open instead.
          draft.metadata("outputSchemaTruncated", "true");
        }
      }
    }

    /** The media type a body or response is read as: JSON first, then forms, then any. */
    private static @Nullable MediaChoice chooseMedia(JsonNode content, boolean request) {
      if (!content.isObject() || content.isEmpty()) {
        return null;
      }
      MediaChoice json = null;
      MediaChoice form = null;
      MediaChoice multipart = null;
      MediaChoice first = null;
      for (Map.Entry<String, JsonNode> entry : content.properties()) {
        String type = entry.getKey().toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        String bare = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
        MediaChoice choice = new MediaChoice(bare, entry.getValue());
        if (first == null) {
          first = choice;
        }
        if (json == null && (bare.equals(JSON) || bare.endsWith("+json"))) {
          json = choice;
        } else if (form == null && bare.equals(FORM)) {
          form = choice;
        } else if (multipart == null && bare.equals(MULTIPART)) {
          multipart = choice;
        }
      }
      if (json != null) {
        return json;
      }
      if (request) {
        return form != null ? form : multipart != null ? multipart : first;
      }
      return first;
    }

    private record MediaChoice(String type, JsonNode node) {}

    /** Follows a chain of reference objects to the object they name. */
    private Documents.Target follow(Documents.Doc doc, JsonNode node) {
      Documents.Target target = new Documents.Target(doc, "", node);
      for (int hops = 0; target.node().isObject() && target.node().has("$ref"); hops++) {
        if (hops >= options.maxRefDepth()) {
          throw new IllegalArgumentException("$ref chain longer than " + options.maxRefDepth());
        }
        JsonNode ref = target.node().get("$ref");
        if (!ref.isString()) {
          throw new IllegalArgumentException("$ref is not a string");
        }
        target = documents.resolve(target.doc(), ref.stringValue());
      }
      return target;
    }

    private static ToolAnnotations annotations(String method) {
      return switch (method) {
        case "get", "head", "options" -> new ToolAnnotations(true, false, true, null);
        case "delete" -> new ToolAnnotations(false, true, true, null);
        case "put" -> new ToolAnnotations(false, true, true, null);
        case "post", "patch" -> new ToolAnnotations(false, null, false, null);
        default -> ToolAnnotations.none();
      };
    }

    private String server(JsonNode op, JsonNode pathItem) {
      if (options.serverUrl() != null) {
        return options.serverUrl();
      }
      JsonNode server = null;
      for (JsonNode servers : List.of(op.path("servers"), pathItem.path("servers"),
          root.path("servers"))) {
        if (servers.isArray() && !servers.isEmpty()) {
          server = servers.get(0);
          break;
        }
      }
      String url = server == null ? "" : server.path("url").asString("");
      if (url.isBlank()) {
        warnOnce("no server", "the description declares no server; tools use '/' until a "
            + "server URL is configured");
        return "/";
      }
      Matcher variables = SERVER_VARIABLE.matcher(url);
      StringBuilder resolved = new StringBuilder();
      while (variables.find()) {
        JsonNode variable = server.path("variables").path(variables.group(1));
        String value = variable.path("default").asString(null);
        if (value == null && variable.path("enum").isArray() && !variable.get("enum").isEmpty()) {
          value = variable.get("enum").get(0).asString();
        }
        if (value == null) {
          value = variables.group(0);
          warnOnce("variable " + variables.group(1), "server variable '" + variables.group(1)
              + "' has no default; left unresolved");
        }
        variables.appendReplacement(resolved, Matcher.quoteReplacement(value));
      }
      variables.appendTail(resolved);
      url = resolved.toString();
      if (!url.matches("(?i)[a-z][a-z0-9+.-]*://.*")) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
          url = URI.create(location).resolve(url).toString();
        } else {
          warnOnce("relative " + url, "server URL '" + url + "' is relative and the description "
              + "was not read from a URL; configure a server URL");
        }
      }
      while (url.length() > 1 && url.endsWith("/")) {
        url = url.substring(0, url.length() - 1);
      }
      return url;
    }

    private void warnOnce(String key, String message) {
      if (serverWarnings.putIfAbsent(key, message) == null) {
        warnings.add(new ImportWarning(null, message));
      }
    }

    /** The operation's effective requirements: its own security, else the document's. */
    private List<AuthRequirement> auth(JsonNode op) {
      JsonNode security = op.has("security") ? op.get("security") : root.get("security");
      if (security == null || !security.isArray()) {
        return List.of(new AuthRequirement.Unknown("no security information"));
      }
      if (security.isEmpty()) {
        return List.of(new AuthRequirement.None());
      }
      Set<AuthRequirement> found = new LinkedHashSet<>();
      JsonNode schemes = root.path("components").path("securitySchemes");
      for (JsonNode requirement : security.values()) {
        if (!requirement.isObject()) {
          continue;
        }
        if (requirement.isEmpty()) {
          found.add(new AuthRequirement.None());
        }
        for (Map.Entry<String, JsonNode> entry : requirement.properties()) {
          List<String> scopes = new ArrayList<>();
          for (JsonNode scope : entry.getValue().values()) {
            if (scope.isString()) {
              scopes.add(scope.stringValue());
            }
          }
          JsonNode scheme = schemes.get(entry.getKey());
          if (scheme == null) {
            found.add(new AuthRequirement.Unknown(
                "undefined security scheme '" + entry.getKey() + "'"));
            continue;
          }
          found.add(requirement(follow(documents.main(), scheme).node(), scopes));
        }
      }
      return List.copyOf(found);
    }

    private static AuthRequirement requirement(JsonNode scheme, List<String> scopes) {
      String type = scheme.path("type").asString("");
      switch (type) {
        case "apiKey": {
          String name = scheme.path("name").asString("");
          AuthRequirement.Location in = switch (scheme.path("in").asString("")) {
            case "header" -> AuthRequirement.Location.HEADER;
            case "query" -> AuthRequirement.Location.QUERY;
            case "cookie" -> AuthRequirement.Location.COOKIE;
            default -> null;
          };
          if (in == null || name.isBlank()) {
            return new AuthRequirement.Unknown("apiKey scheme without a valid 'in' and 'name'");
          }
          return new AuthRequirement.ApiKey(in, name);
        }
        case "http": {
          String httpScheme = scheme.path("scheme").asString("").strip();
          return switch (httpScheme.toLowerCase(Locale.ROOT)) {
            case "basic" -> new AuthRequirement.Basic();
            case "bearer" -> new AuthRequirement.Bearer(scheme.path("bearerFormat").asString(null));
            case "digest" -> new AuthRequirement.Signed(AuthKind.DIGEST, Map.of());
            case "" -> new AuthRequirement.Unknown("http scheme without a 'scheme'");
            default -> new AuthRequirement.HttpScheme(httpScheme);
          };
        }
        case "oauth2": {
          JsonNode flows = scheme.path("flows");
          List<String> names = new ArrayList<>(flows.propertyNames());
          String tokenUrl = null;
          for (String flow : List.of("clientCredentials", "authorizationCode", "password")) {
            String url = flows.path(flow).path("tokenUrl").asString(null);
            if (url != null && !url.isBlank()) {
              tokenUrl = url;
              break;
            }
          }
          return new AuthRequirement.OAuth2(names, tokenUrl, scopes);
        }
        case "openIdConnect": {
          String url = scheme.path("openIdConnectUrl").asString("");
          if (url.isBlank()) {
            return new AuthRequirement.Unknown("openIdConnect scheme without a URL");
          }
          return new AuthRequirement.OpenIdConnect(url, scopes);
        }
        case "mutualTLS":
          return new AuthRequirement.MutualTls();
        default:
          return new AuthRequirement.Unknown("security scheme type '" + type + "'");
      }
    }
  }

  /** The inputs that carry a detected credential, never offered to the caller. */
  private record Credentials(Set<String> headers, Set<String> queries, Set<String> cookies) {

    static Credentials of(List<AuthRequirement> auth, boolean inferring) {
      Set<String> headers = new HashSet<>();
      Set<String> queries = new HashSet<>();
      Set<String> cookies = new HashSet<>();
      // An Authorization header is never a business input, declared security or not. A
      // declared scheme carries it (silently, as ever); without one, the inference hides it,
      // infers a requirement and says so. OpenAPI also says Accept and Content-Type header
      // parameters are ignored (the gateway sets them).
      boolean declared = auth.stream().anyMatch(requirement ->
          requirement.kind() != AuthKind.NONE && requirement.kind() != AuthKind.UNKNOWN);
      if (!inferring || declared) {
        headers.add("authorization");
      }
      headers.add("accept");
      headers.add("content-type");
      for (AuthRequirement requirement : auth) {
        if (requirement instanceof AuthRequirement.ApiKey key) {
          switch (key.location()) {
            case HEADER -> headers.add(key.name().toLowerCase(Locale.ROOT));
            case QUERY -> queries.add(key.name());
            case COOKIE -> cookies.add(key.name());
            default -> { }
          }
        }
      }
      return new Credentials(headers, queries, cookies);
    }

    boolean carries(ParameterBinding.Location where, String name) {
      return switch (where) {
        case HEADER -> headers.contains(name.toLowerCase(Locale.ROOT));
        case QUERY -> queries.contains(name);
        case COOKIE -> cookies.contains(name);
        default -> false;
      };
    }
  }
}
