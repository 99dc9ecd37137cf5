package dev.mcpgate.openapi.internal;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.openapi.CredentialRule;
import dev.mcpgate.openapi.ImportOptions;
import dev.mcpgate.openapi.ImportWarning;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts the requests of one collection into candidates, collecting the servers it finds.
 * One instance per read; not thread-safe.
 */
final class PostmanRequests {

  /** Postman bodies may hold comments and trailing commas; its editor accepts them. */
  private static final JsonMapper LENIENT = JsonMapper.builder(JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .build())
      .build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Headers the gateway sets itself, or that carry credentials: never tool inputs. */
  private static final Set<String> RESERVED_HEADERS = Set.of(
      "authorization", "proxy-authorization", "cookie", "content-type", "content-length",
      "host", "connection", "transfer-encoding", "accept-encoding", "user-agent");

  /** The headers that carry a credential whatever their description. */
  private static final Set<String> AUTHORIZATION = Set.of("authorization", "proxy-authorization");

  private final ImportOptions options;
  private final PostmanVariables variables;
  private final List<String> redactions;
  private final List<ImportWarning> warnings;
  private final List<Candidate> candidates = new ArrayList<>();
  private final Set<String> servers = new LinkedHashSet<>();
  private final Set<String> identities = new HashSet<>();

  PostmanRequests(ImportOptions options, PostmanVariables variables, List<String> redactions,
      List<ImportWarning> warnings) {
    this.options = options;
    this.variables = variables;
    this.redactions = redactions;
    this.warnings = warnings;
  }

  List<Candidate> candidates() {
    return candidates;
  }

  Set<String> servers() {
    return servers;
  }

  /** Converts one request item; a request that cannot be converted is skipped with a warning. */
  void add(JsonNode item, String pointer, List<String> folders, String name,
      @Nullable JsonNode inheritedAuth) {
    String label = PostmanReader.label(folders, name);
    try {
      Candidate candidate = convert(item, pointer, folders, name, label, inheritedAuth);
      if (candidate != null) {
        candidates.add(candidate);
      }
    } catch (RuntimeException e) {
      // One broken request must not cost the others; the message names it, no stack trace.
      warnings.add(new ImportWarning(label,
          "request at " + pointer + " cannot be converted (" + e.getMessage() + "); skipped"));
    }
  }

  private @Nullable Candidate convert(JsonNode item, String pointer, List<String> folders,
      String name, String label, @Nullable JsonNode inheritedAuth) {
    JsonNode request = item.get("request");
    JsonNode urlNode;
    String method = "GET";
    if (request.isString()) {
      urlNode = request;
      request = NODES.objectNode();
    } else if (request.isObject()) {
      urlNode = request.get("url");
      String declared = PostmanJson.text(request, "method");
      if (declared != null && !declared.isBlank()) {
        method = declared.strip().toUpperCase(Locale.ROOT);
      }
    } else {
      warnings.add(new ImportWarning(label,
          "request at " + pointer + " is neither an object nor a URL; skipped"));
      return null;
    }
    if (!method.matches("[A-Z]{1,20}")) {
      warnings.add(new ImportWarning(label,
          "request at " + pointer + " has an unusable method; skipped"));
      return null;
    }
    PostmanUrl url = PostmanUrl.parse(urlNode, variables);
    if (url == null) {
      warnings.add(new ImportWarning(label, "request at " + pointer + " has no URL; skipped"));
      return null;
    }
    if (url.hadCredentials()) {
      warnings.add(new ImportWarning(label,
          "the URL carries a user name and password; they are dropped"));
    }
    JsonNode ownAuth = PostmanReader.auth(request);
    PostmanAuth.Detected auth =
        PostmanAuth.detect(ownAuth != null ? ownAuth : inheritedAuth, variables);

    String server = server(url, label);
    ToolInputs inputs = new ToolInputs();
    List<PostmanUrl.Field> headers = headers(request.get("header"));
    String contentType = contentType(headers);
    Body body = body(request.get("body"), contentType, label);
    if (body != null) {
      inputs.reserve(ToolInputs.BODY);
    }
    url.pathParameters().forEach((parameter, description) -> add(inputs, label, parameter,
        ParameterBinding.Location.PATH, string(description), true));
    List<ImportWarning> found = new ArrayList<>();
    CredentialInference inference =
        new CredentialInference(options, List.of(auth.requirement()), label, found);
    boolean declared = auth.requirement().kind() != AuthKind.NONE
        && auth.requirement().kind() != AuthKind.UNKNOWN;
    for (PostmanUrl.Field query : url.query()) {
      if (options.inferCredentials()
          ? named(query, auth.queryParameters(), false)
              || inference.hides(ParameterBinding.Location.QUERY, query.key(),
                  query.description(), null, credentialValue(query))
          : carriesCredential(query, auth.queryParameters(), false)) {
        continue;
      }
      add(inputs, label, query.key(), ParameterBinding.Location.QUERY,
          string(query.description()), false);
    }
    for (PostmanUrl.Field header : headers) {
      String lower = header.key().toLowerCase(Locale.ROOT);
      boolean reserved = RESERVED_HEADERS.contains(lower)
          && !(options.inferCredentials() && !declared && AUTHORIZATION.contains(lower));
      if (reserved || (options.inferCredentials()
          ? named(header, auth.headers(), true)
              || inference.hides(ParameterBinding.Location.HEADER, header.key(),
                  header.description(), null, credentialValue(header))
          : carriesCredential(header, auth.headers(), true))) {
        continue;
      }
      if (PostmanVariables.hasReference(header.key())) {
        warnings.add(new ImportWarning(label,
            "header name '" + header.key() + "' is a variable; the header is left out"));
        continue;
      }
      add(inputs, label, header.key(), ParameterBinding.Location.HEADER,
          string(header.description()), false);
    }
    if (body != null) {
      inputs.addBody(body.schema(), true);
    }

    String description = PostmanJson.description(request);
    if (description == null) {
      description = PostmanJson.description(item);
    }
    String title = Text.clean(PostmanReader.redact(name, redactions), Text.MAX_TITLE);
    String identity = identity(String.join("/", folders) + "/" + name + "|" + method + "|"
        + PostmanReader.redact(identityUrl(url.raw()), redactions));
    String nameHint = name.isBlank() ? method + " " + url.pathTemplate() : name;
    var draft = PostmanReader.draft()
        .title(title)
        .description(Text.clean(PostmanReader.redact(description, redactions),
            Text.MAX_DESCRIPTION))
        .inputSchema(LENIENT.writeValueAsString(inputs.schema()))
        .outputSchema(outputSchema(item.get("response")))
        .annotations(PostmanReader.annotations(method))
        .tags(folders)
        .http(PostmanReader.operation(method, server, url.pathTemplate(), inputs.bindings(),
            body == null ? null : body.mediaType()));
    inference.requirements().forEach(draft::auth);
    warnings.addAll(found);
    return new Candidate(identity, method, url.pathTemplate(), null, nameHint, folders, false,
        draft);
  }

  /** Adds one parameter; a parameter listed twice keeps its first entry, with a warning. */
  private void add(ToolInputs inputs, String label, String name,
      ParameterBinding.Location location, ObjectNode schema, boolean isRequired) {
    if (inputs.add(name, location, name, schema, isRequired, null, null) == null) {
      warnings.add(new ImportWarning(label,
          location.name().toLowerCase(Locale.ROOT) + " parameter '" + name
              + "' appears more than once; the first one stands"));
    }
  }

  /**
   * The raw URL as identities use it: they show up in warnings, so without {@code
   * user:password@}, query values (keys kept) or fragment, any of which may be a credential.
   */
  private static String identityUrl(String raw) {
    String url = raw.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)?[^/@?#]*@", "$1");
    int hash = url.indexOf('#');
    if (hash >= 0) {
      url = url.substring(0, hash);
    }
    int question = url.indexOf('?');
    if (question < 0) {
      return url;
    }
    List<String> keys = new ArrayList<>();
    for (String pair : url.substring(question + 1).split("&")) {
      int equals = pair.indexOf('=');
      keys.add(equals < 0 ? pair : pair.substring(0, equals));
    }
    return url.substring(0, question) + "?" + String.join("&", keys);
  }

  /** Folder path, name, method and URL; a repeat of all four gets a counter. */
  private String identity(String base) {
    String identity = base;
    for (int n = 2; !identities.add(identity); n++) {
      identity = base + "#" + n;
    }
    return identity;
  }

  private String server(PostmanUrl url, String label) {
    if (options.serverUrl() != null) {
      return options.serverUrl();
    }
    if (url.server() != null) {
      servers.add(url.server());
      return url.server();
    }
    String why = url.unresolvedServer() != null
        ? "the base URL '" + Text.clean(url.unresolvedServer(), 200)
            + "' has no value in the collection"
        : "the URL has no host";
    warnings.add(new ImportWarning(label,
        why + "; a base URL must be configured (serverUrl option)"));
    return "/";
  }

  /** Whether the declared auth names a header or query parameter as its own. */
  private static boolean named(PostmanUrl.Field field, Set<String> authNames,
      boolean caseInsensitive) {
    for (String name : authNames) {
      if (caseInsensitive ? name.equalsIgnoreCase(field.key()) : name.equals(field.key())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why a field's example value marks it as a credential: it is a variable whose name the
   * {@link CredentialRule} calls a credential, such as {@code {{apiKey}}}; else null.
   */
  private static @Nullable String credentialValue(PostmanUrl.Field field) {
    String value = field.value();
    if (value == null) {
      return null;
    }
    var matcher = PostmanVariables.REFERENCE.matcher(value);
    while (matcher.find()) {
      String variable = matcher.group(1);
      if (CredentialRule.judge(ParameterBinding.Location.HEADER, variable, null, null)
          instanceof CredentialRule.Verdict.Credential credential && credential.certain()) {
        return "its value is the credential variable {{" + Text.clean(variable, 60) + "}}";
      }
    }
    return null;
  }

  /**
   * Whether a header or query parameter carries a credential: named by the auth, or with a
   * credential-like name, or whose value is a credential-like variable. The rule before
   * inference, kept for {@code inferCredentials(false)}.
   */
  private static boolean carriesCredential(PostmanUrl.Field field, Set<String> authNames,
      boolean caseInsensitive) {
    String key = field.key();
    for (String name : authNames) {
      if (caseInsensitive ? name.equalsIgnoreCase(key) : name.equals(key)) {
        return true;
      }
    }
    if (PostmanVariables.isSecretName(key) && !key.equalsIgnoreCase("token")) {
      return true;
    }
    String value = field.value();
    if (value != null) {
      var matcher = PostmanVariables.REFERENCE.matcher(value);
      while (matcher.find()) {
        if (PostmanVariables.isSecretName(matcher.group(1))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Enabled headers: an array of {@code {key, value}}, or v2.0 text lines {@code Key: value}. */
  private static List<PostmanUrl.Field> headers(@Nullable JsonNode node) {
    List<PostmanUrl.Field> headers = new ArrayList<>();
    if (node == null) {
      return headers;
    }
    if (node.isString()) {
      for (String line : node.asString().split("\r?\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && !line.strip().startsWith("//")) {
          headers.add(new PostmanUrl.Field(line.substring(0, colon).strip(),
              line.substring(colon + 1).strip(), null));
        }
      }
    } else if (node.isArray()) {
      for (JsonNode entry : node) {
        String key = entry.isObject() ? PostmanJson.text(entry, "key") : null;
        if (key != null && !key.isBlank() && !PostmanJson.disabled(entry)) {
          headers.add(new PostmanUrl.Field(key.strip(), PostmanJson.text(entry, "value"),
              PostmanJson.description(entry)));
        }
      }
    }
    return headers;
  }

  private @Nullable String contentType(List<PostmanUrl.Field> headers) {
    for (PostmanUrl.Field header : headers) {
      if (header.key().equalsIgnoreCase("content-type") && header.value() != null) {
        String value = variables.resolve(header.value());
        int semicolon = value.indexOf(';');
        String type = (semicolon < 0 ? value : value.substring(0, semicolon)).strip()
            .toLowerCase(Locale.ROOT);
        if (type.matches("[a-z0-9.+-]+/[a-z0-9.+-]+")) {
          return type;
        }
      }
    }
    return null;
  }

  /** A request body's schema and media type. */
  private record Body(ObjectNode schema, String mediaType) {}

  private @Nullable Body body(@Nullable JsonNode body, @Nullable String contentType,
      String label) {
    if (body == null || !body.isObject() || body.path("disabled").asBoolean(false)) {
      return null;
    }
    String mode = PostmanJson.text(body, "mode");
    if (mode == null) {
      return null;
    }
    return switch (mode) {
      case "raw" -> rawBody(body, contentType, label);
      case "urlencoded" -> formBody(body.get("urlencoded"), "application/x-www-form-urlencoded",
          label);
      case "formdata" -> formBody(body.get("formdata"), "multipart/form-data", label);
      case "file" -> {
        JsonNode file = body.path("file");
        String src = file.isObject() ? PostmanJson.text(file, "src") : null;
        String inline = file.isObject() ? PostmanJson.text(file, "content") : null;
        if ((src == null || src.isBlank()) && (inline == null || inline.isEmpty())) {
          yield null;
        }
        yield new Body(binary(null), contentType != null ? contentType
            : "application/octet-stream");
      }
      case "graphql" -> {
        ObjectNode schema = object();
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("query").put("type", "string");
        properties.putObject("variables").put("type", "object");
        schema.putArray("required").add("query");
        yield new Body(schema, "application/json");
      }
      default -> {
        warnings.add(new ImportWarning(label,
            "body mode '" + Text.clean(mode, 50) + "' is not supported; the body is left out"));
        yield null;
      }
    };
  }

  private @Nullable Body rawBody(JsonNode body, @Nullable String contentType, String label) {
    String raw = PostmanJson.text(body, "raw");
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String language = PostmanJson.text(body.path("options").path("raw"), "language");
    String trimmed = raw.strip();
    boolean json = contentType != null ? contentType.contains("json")
        : language != null ? language.equalsIgnoreCase("json")
        : trimmed.startsWith("{") || trimmed.startsWith("[");
    if (json) {
      String mediaType = contentType != null ? contentType : "application/json";
      try {
        return new Body(SchemaByExample.infer(parseExample(raw)), mediaType);
      } catch (JacksonException e) {
        TokenStreamLocation where = e.getLocation();
        warnings.add(new ImportWarning(label, "the raw JSON body is not valid JSON"
            + (where == null || where.getLineNr() < 1 ? ""
                : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
            + "; the body is taken as a string"));
        return new Body(string(null), mediaType);
      }
    }
    String mediaType = contentType;
    if (mediaType == null) {
      mediaType = switch (language == null ? "text" : language.toLowerCase(Locale.ROOT)) {
        case "xml" -> "application/xml";
        case "html" -> "text/html";
        case "javascript" -> "application/javascript";
        default -> "text/plain";
      };
    }
    return new Body(string(null), mediaType);
  }

  private @Nullable Body formBody(@Nullable JsonNode fields, String mediaType, String label) {
    if (fields == null || !fields.isArray()) {
      return null;
    }
    ObjectNode schema = object();
    ObjectNode properties = schema.putObject("properties");
    for (JsonNode field : fields) {
      String key = field.isObject() ? PostmanJson.text(field, "key") : null;
      if (key == null || key.isBlank() || PostmanJson.disabled(field)
          || properties.has(key.strip())) {
        continue;
      }
      String description = redacted(PostmanJson.description(field));
      boolean file = "file".equals(PostmanJson.text(field, "type"));
      if (file && !mediaType.startsWith("multipart/")) {
        warnings.add(new ImportWarning(label,
            "file field '" + key.strip() + "' in a urlencoded body is left out"));
        continue;
      }
      properties.set(key.strip(), file ? binary(description) : string(description));
    }
    if (properties.isEmpty()) {
      return null;
    }
    return new Body(schema, mediaType);
  }

  /**
   * Parses an example body. A variable standing for a whole value ({@code "n": {{count}}})
   * makes the text invalid JSON; it is read as {@code null} (any type).
   */
  private static JsonNode parseExample(String raw) {
    return LENIENT.readTree(unquotedVariablesToNull(raw));
  }

  private static String unquotedVariablesToNull(String raw) {
    if (!raw.contains("{{")) {
      return raw;
    }
    StringBuilder out = new StringBuilder(raw.length());
    boolean inString = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (inString) {
        out.append(c);
        if (c == '\\' && i + 1 < raw.length()) {
          out.append(raw.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
        out.append(c);
      } else if (c == '{' && raw.startsWith("{{", i)) {
        int end = raw.indexOf("}}", i + 2);
        if (end < 0) {
          out.append(c);
          continue;
        }
        out.append("null");
        i = end + 1;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The schema of the first saved response (2xx preferred) whose body is JSON, or null. */
  private @Nullable String outputSchema(@Nullable JsonNode responses) {
    if (responses == null || !responses.isArray()) {
      return null;
    }
    for (boolean successOnly : new boolean[] {true, false}) {
      for (JsonNode response : responses) {
        if (!response.isObject()) {
          continue;
        }
        int code = response.path("code").asInt(0);
        if (successOnly && code != 0 && (code < 200 || code > 299)) {
          continue;
        }
        String text = PostmanJson.text(response, "body");
        if (text == null) {
          continue;
        }
        String trimmed = text.strip();
        if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
          continue;
        }
        try {
          ObjectNode schema = SchemaByExample.infer(parseExample(text));
          if (!"object".equals(PostmanJson.text(schema, "type"))) {
            ObjectNode wrapper = object();
            wrapper.putObject("properties").set("result", schema);
            schema = wrapper;
          }
          return LENIENT.writeValueAsString(schema);
        } catch (JacksonException e) {
          // Not JSON after all: try the next example.
        }
      }
    }
    return null;
  }

  private @Nullable String redacted(@Nullable String text) {
    return Text.clean(PostmanReader.redact(text, redactions), Text.MAX_DESCRIPTION);
  }

  private ObjectNode string(@Nullable String description) {
    ObjectNode schema = NODES.objectNode().put("type", "string");
    String cleaned = redacted(description);
    if (cleaned != null) {
      schema.put("description", cleaned);
    }
    return schema;
  }

  private static ObjectNode binary(@Nullable String description) {
    ObjectNode schema = NODES.objectNode().put("type", "string").put("contentEncoding", "base64");
    if (description != null) {
      schema.put("description", description);
    }
    return schema;
  }

  private static ObjectNode object() {
    return NODES.objectNode().put("type", "object");
  }
}
