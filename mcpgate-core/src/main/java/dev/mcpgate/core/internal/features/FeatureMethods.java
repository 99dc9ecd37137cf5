package dev.mcpgate.core.internal.features;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.AuditSink;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.FeatureRequest.Kind;
import dev.mcpgate.api.FeatureRequest;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.api.McpGateException.ErrorCode;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.core.RequestIds;
import dev.mcpgate.core.completion.Completer;
import dev.mcpgate.core.completion.Completion;
import dev.mcpgate.core.completion.CompletionRequest;
import dev.mcpgate.core.internal.Json;
import dev.mcpgate.core.internal.JsonRpc;
import dev.mcpgate.core.prompts.Prompt;
import dev.mcpgate.core.prompts.PromptArgument;
import dev.mcpgate.core.prompts.PromptGet;
import dev.mcpgate.core.client.ClientRequestFailedException;
import dev.mcpgate.core.client.ClientRequests;
import dev.mcpgate.core.client.MissingClientCapabilityException;
import dev.mcpgate.core.internal.asks.Asks;
import dev.mcpgate.core.internal.asks.InputRequired;
import dev.mcpgate.core.prompts.PromptResult;
import dev.mcpgate.core.resources.ResourceContents;
import dev.mcpgate.core.resources.ResourceRead;
import dev.mcpgate.core.resources.ResourceReader;
import java.time.Clock;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves the features beside tools: {@code resources/list}, {@code resources/templates/list},
 * {@code resources/read}, {@code resources/subscribe}, {@code resources/unsubscribe}, {@code
 * prompts/list}, {@code prompts/get} and {@code completion/complete}. Each method answers with one
 * JSON-RPC response; bad input is an error response, never an exception.
 *
 * <p>Policy decides every listing and every use ({@link PolicyEngine#decideFeature}): a feature
 * the caller may not see answers exactly as one that does not exist. Reads and gets are audited.
 * Thread-safe; holds no per-request state.
 */
public final class FeatureMethods {

  /**
   * The error code for a resource that does not exist (or that the caller may not see), as
   * revision 2025-11-25 specifies it.
   */
  public static final int RESOURCE_NOT_FOUND = -32002;
  /** The error 2026-07-28 gives a request needing a capability the client did not declare. */
  public static final int MISSING_CLIENT_CAPABILITY = -32021;

  private static final Logger LOG = LoggerFactory.getLogger(FeatureMethods.class);
  private static final int MAX_URI = 8192;
  private static final int MAX_ECHOED = 128;

  private final ResourceRegistry resources;
  private final PromptRegistry prompts;
  private final PolicyEngine policy;
  private final AuditSink audit;
  private final Clock clock;
  private final int pageSize;

  /**
   * Methods over the gateway's registries.
   *
   * @param resources the resources and templates
   * @param prompts the prompts
   * @param policy who sees and uses what
   * @param audit where reads and gets are recorded
   * @param clock for the audit events' time
   * @param pageSize how many items one list page holds
   */
  public FeatureMethods(ResourceRegistry resources, PromptRegistry prompts, PolicyEngine policy,
      AuditSink audit, Clock clock, int pageSize) {
    this.resources = resources;
    this.prompts = prompts;
    this.policy = policy;
    this.audit = audit;
    this.clock = clock;
    this.pageSize = pageSize;
  }

  /**
   * Adds the capabilities of what is registered now: {@code resources} (with subscriptions and
   * list changes) when a resource or template is, {@code prompts} when a prompt is, {@code
   * completions} when a completer is.
   *
   * @param capabilities the server's capabilities, to add to
   */
  public void advertise(ObjectNode capabilities) {
    if (!resources.isEmpty()) {
      capabilities.putObject("resources").put("subscribe", true).put("listChanged", true);
    }
    if (!prompts.isEmpty()) {
      capabilities.putObject("prompts").put("listChanged", true);
    }
    if (resources.hasCompleter() || prompts.hasCompleter()) {
      capabilities.putObject("completions");
    }
  }

  /**
   * Whether a method is one of these and its capability is offered now: {@code resources/*}
   * while a resource or template is registered, {@code prompts/*} while a prompt is, {@code
   * completion/complete} while a completer is. Otherwise the method is not found, as for a
   * server without the capability.
   *
   * @param method the method name
   * @return true if {@link #handle} serves it now
   */
  public boolean offers(String method) {
    return switch (method) {
      case "resources/list", "resources/templates/list", "resources/read", "resources/subscribe",
          "resources/unsubscribe" -> !resources.isEmpty();
      case "prompts/list", "prompts/get" -> !prompts.isEmpty();
      case "completion/complete" -> resources.hasCompleter() || prompts.hasCompleter();
      default -> false;
    };
  }

  /**
   * Answers one request.
   *
   * @param method one that {@link #offers} says is offered
   * @param id the request's id
   * @param params its params: an object, or null
   * @param caller who asks
   * @param subscriptions the session's subscriptions: {@code true} adds a URI, {@code false}
   *     removes it
   * @return the response
   */
  public byte[] handle(String method, JsonNode id, @Nullable JsonNode params, CallerContext caller,
      Subscriptions subscriptions, Asks asks) {
    return switch (method) {
      case "resources/list" -> listResources(id, params, caller);
      case "resources/templates/list" -> listTemplates(id, params, caller);
      case "resources/read" -> read(id, params, caller);
      case "resources/subscribe" -> subscription(id, params, caller, subscriptions::add);
      case "resources/unsubscribe" -> subscription(id, params, caller, subscriptions::remove);
      case "prompts/list" -> listPrompts(id, params, caller);
      case "prompts/get" -> getPrompt(id, params, caller, asks);
      case "completion/complete" -> complete(id, params, caller);
      default -> throw new IllegalArgumentException("not a feature method: " + method);
    };
  }

  /** A session's resource subscriptions. */
  public interface Subscriptions {
    /**
     * Subscribes to a URI.
     *
     * @param uri the URI
     */
    void add(String uri);

    /**
     * Unsubscribes from a URI.
     *
     * @param uri the URI
     */
    void remove(String uri);
  }

  // ---- listings

  private byte[] listResources(JsonNode id, @Nullable JsonNode params, CallerContext caller) {
    return page(id, params, "r", "resources", resources.resources(),
        entry -> visible(caller, Kind.RESOURCE, entry.resource().uri())
            ? FeatureJson.resource(entry.resource()) : null);
  }

  private byte[] listTemplates(JsonNode id, @Nullable JsonNode params, CallerContext caller) {
    return page(id, params, "t", "resourceTemplates", resources.templates(),
        entry -> visible(caller, Kind.RESOURCE_TEMPLATE, entry.template().uriTemplate().toString())
            ? FeatureJson.template(entry.template()) : null);
  }

  private byte[] listPrompts(JsonNode id, @Nullable JsonNode params, CallerContext caller) {
    return page(id, params, "p", "prompts", prompts.prompts(),
        entry -> visible(caller, Kind.PROMPT, entry.prompt().name())
            ? FeatureJson.prompt(entry.prompt()) : null);
  }

  /** One page of a sorted map's visible items; {@code show} answers null for a hidden one. */
  private <E> byte[] page(JsonNode id, @Nullable JsonNode params, String cursorKind, String field,
      NavigableMap<String, E> all, Function<E, @Nullable ObjectNode> show) {
    NavigableMap<String, E> from = all;
    JsonNode cursor = params == null ? null : params.get("cursor");
    if (cursor != null && !cursor.isNull()) {
      String after = cursor.isString() ? FeatureCursors.decode(cursorKind, cursor.asString()) : null;
      if (after == null) {
        return invalidParams(id, "invalid cursor");
      }
      from = all.tailMap(after, false);
    }
    ObjectNode result = Json.MAPPER.createObjectNode();
    ArrayNode page = result.putArray(field);
    String last = null;
    Iterator<Map.Entry<String, E>> it = from.entrySet().iterator();
    while (it.hasNext() && page.size() < pageSize) {
      Map.Entry<String, E> entry = it.next();
      ObjectNode shown = show.apply(entry.getValue());
      if (shown != null) {
        page.add(shown);
        last = entry.getKey();
      }
    }
    while (last != null && it.hasNext()) {
      if (show.apply(it.next().getValue()) != null) {
        result.put("nextCursor", FeatureCursors.after(cursorKind, last));
        break;
      }
    }
    return JsonRpc.result(id, result);
  }

  private boolean visible(CallerContext caller, Kind kind, String featureId) {
    return decide(FeatureRequest.forListing(caller, kind, featureId)).allowed();
  }

  private PolicyDecision decide(FeatureRequest request) {
    PolicyDecision decision = policy.decideFeature(request);
    if (decision == null) {
      throw new IllegalStateException("the policy engine returned null");
    }
    return decision;
  }

  // ---- resources

  /** What a URI resolves to: a fixed resource or a template's resource, with its variables. */
  private record Target(Kind kind, String featureId, ResourceReader reader,
      Map<String, String> variables) {}

  /**
   * Whether a URI resolves, for a caller, to a fixed resource or a template it may see: false
   * alike for a URI nothing serves and for one only hidden resources serve, as {@code
   * resources/read} and {@code resources/subscribe} treat them.
   *
   * @param uri the URI
   * @param caller who asks
   * @return true if it resolves to something the caller sees
   */
  public boolean resolves(String uri, CallerContext caller) {
    return uri.length() <= MAX_URI && resolve(uri, caller) != null;
  }

  /** The fixed resource at a URI or else the first visible template matching it, or null. */
  private @Nullable Target resolve(String uri, CallerContext caller) {
    return resolve(uri, caller, null);
  }

  /**
   * Resolves as if hidden features did not exist: a hidden fixed resource lets a visible
   * template that matches its URI serve it, exactly as if the fixed one were not registered.
   * The first hidden match's denial goes to {@code audit}, for the operator's trail.
   */
  private @Nullable Target resolve(
      String uri, CallerContext caller, AuditEvent.@Nullable Builder audit) {
    ResourceRegistry.Entry fixed = resources.resources().get(uri);
    PolicyDecision hidden = null;
    if (fixed != null) {
      PolicyDecision listing = decide(FeatureRequest.forListing(caller, Kind.RESOURCE, uri));
      if (listing.allowed()) {
        return new Target(Kind.RESOURCE, uri, fixed.reader(), Map.of());
      }
      hidden = listing;
    }
    for (ResourceRegistry.TemplateEntry template : resources.templates().values()) {
      Optional<Map<String, String>> variables = template.template().uriTemplate().match(uri);
      if (variables.isEmpty()) {
        continue;
      }
      String text = template.template().uriTemplate().toString();
      PolicyDecision listing =
          decide(FeatureRequest.forListing(caller, Kind.RESOURCE_TEMPLATE, text));
      if (listing.allowed()) {
        return new Target(Kind.RESOURCE_TEMPLATE, text, template.reader(), variables.get());
      }
      hidden = hidden == null ? listing : hidden;
    }
    if (audit != null) {
      audit.gate(hidden == null
          ? new GateOutcome(GateId.CATALOG, false, "unknown resource")
          : new GateOutcome(GateId.POLICY, false, hidden.reason()));
    }
    return null;
  }

  private byte[] read(JsonNode id, @Nullable JsonNode params, CallerContext caller) {
    String requestId = RequestIds.newRequestId();
    AuditEvent.Builder event =
        AuditEvent.builder(requestId, clock.instant(), "resources/read", caller);
    String uri = uri(params);
    if (uri == null) {
      record(event.outcome(AuditOutcome.INVALID));
      return invalidParams(id, "\"uri\" is required and must be a string of at most "
          + MAX_URI + " characters");
    }
    event.detail("uri", clip(uri));
    Target target = resolve(uri, caller, event);
    if (target == null) {
      record(event.outcome(AuditOutcome.DENIED));
      return notFound(id, uri);
    }
    PolicyDecision use = decide(
        new FeatureRequest(caller, target.kind(), target.featureId(), uri, target.variables()));
    event.gate(new GateOutcome(GateId.POLICY, use.allowed(), use.reason()));
    if (!use.allowed()) {
      record(event.outcome(AuditOutcome.DENIED));
      return error(id, ErrorCode.INVALID_PARAMS.jsonRpcCode(),
          "Reading " + clip(uri) + " was denied by policy.", null);
    }
    List<ResourceContents> contents;
    try {
      contents = target.reader().read(new Read(uri, target.variables(), caller, requestId));
      if (contents == null) {
        throw new IllegalStateException("the reader returned null");
      }
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      LOG.warn("reading a resource failed (request {})", requestId, e);
      record(event.outcome(AuditOutcome.ERROR).detail("failure", e.getClass().getSimpleName()));
      return error(id, ErrorCode.INTERNAL_ERROR.jsonRpcCode(),
          "Reading the resource failed; the error was logged as request " + requestId + ".", null);
    }
    if (contents.isEmpty()) {
      // Nothing at a URI its template matched: the client learns what an unknown URI teaches.
      record(event.outcome(AuditOutcome.NOT_FOUND));
      return notFound(id, uri);
    }
    ObjectNode result = Json.MAPPER.createObjectNode();
    ArrayNode out = result.putArray("contents");
    contents.forEach(item -> out.add(FeatureJson.contents(item)));
    record(event.outcome(AuditOutcome.OK));
    return JsonRpc.result(id, result);
  }

  private byte[] subscription(JsonNode id, @Nullable JsonNode params, CallerContext caller,
      Consumer<String> change) {
    String uri = uri(params);
    if (uri == null) {
      return invalidParams(id, "\"uri\" is required and must be a string of at most "
          + MAX_URI + " characters");
    }
    if (resolve(uri, caller) == null) {
      return notFound(id, uri);
    }
    change.accept(uri);
    return JsonRpc.result(id, Json.MAPPER.createObjectNode());
  }

  private static @Nullable String uri(@Nullable JsonNode params) {
    JsonNode uri = params == null ? null : params.get("uri");
    return uri != null && uri.isString() && uri.asString().length() <= MAX_URI
        ? uri.asString() : null;
  }

  private static byte[] notFound(JsonNode id, String uri) {
    ObjectNode data = Json.MAPPER.createObjectNode().put("uri", uri);
    return error(id, RESOURCE_NOT_FOUND, "Resource not found", data);
  }

  // ---- prompts

  private byte[] getPrompt(
      JsonNode id, @Nullable JsonNode params, CallerContext caller, Asks asks) {
    String requestId = RequestIds.newRequestId();
    AuditEvent.Builder event = AuditEvent.builder(requestId, clock.instant(), "prompts/get", caller);
    JsonNode nameNode = params == null ? null : params.get("name");
    if (nameNode == null || !nameNode.isString()) {
      record(event.outcome(AuditOutcome.INVALID));
      return invalidParams(id, "\"name\" is required and must be a string");
    }
    String name = nameNode.asString();
    event.detail("prompt", clip(name));
    PromptRegistry.Entry entry = prompts.prompts().get(name);
    PolicyDecision listing =
        entry == null ? null : decide(FeatureRequest.forListing(caller, Kind.PROMPT, name));
    if (entry == null || !listing.allowed()) {
      // A prompt the caller may not see answers exactly as one that does not exist; the audit
      // trail still says which it was.
      record(event.gate(listing == null
          ? new GateOutcome(GateId.CATALOG, false, "unknown prompt")
          : new GateOutcome(GateId.POLICY, false, listing.reason())).outcome(AuditOutcome.DENIED));
      return unknownPrompt(id, name);
    }
    Object checked = arguments(entry.prompt(), params.get("arguments"));
    if (checked instanceof String problem) {
      record(event.outcome(AuditOutcome.INVALID));
      return invalidParams(id, problem);
    }
    @SuppressWarnings("unchecked")
    Map<String, String> arguments = (Map<String, String>) checked;
    PolicyDecision use = decide(new FeatureRequest(caller, Kind.PROMPT, name, null, arguments));
    event.gate(new GateOutcome(GateId.POLICY, use.allowed(), use.reason()));
    if (!use.allowed()) {
      record(event.outcome(AuditOutcome.DENIED));
      return error(id, ErrorCode.INVALID_PARAMS.jsonRpcCode(),
          "The prompt " + clip(name) + " was denied by policy.", null);
    }
    JsonNode argumentsNode = params.get("arguments");
    Asks.Begun begun = asks.begin("prompts/get", name,
        argumentsNode == null ? Json.MAPPER.createObjectNode() : argumentsNode);
    if (begun instanceof Asks.Refused refused) {
      record(event.outcome(AuditOutcome.INVALID).detail("reason", "invalid input responses"));
      return invalidParams(id, refused.problem());
    }
    Asks.Ready ready = (Asks.Ready) begun;
    PromptResult result;
    try {
      result = entry.handler().get(
          new Get(entry.prompt(), arguments, caller, requestId, ready.client()));
      if (result == null) {
        throw new IllegalStateException("the handler returned null");
      }
    } catch (InputRequired input) {
      record(event.outcome(AuditOutcome.OK).detail("resultType", "input_required"));
      return JsonRpc.result(id, ready.inputRequired().apply(input));
    } catch (MissingClientCapabilityException missing) {
      record(event.outcome(AuditOutcome.INVALID)
          .detail("reason", "missing client capability " + missing.capability().wireName()));
      ObjectNode data = Json.MAPPER.createObjectNode();
      data.putObject("requiredCapabilities").putObject(missing.capability().wireName());
      return error(id, MISSING_CLIENT_CAPABILITY,
          "Missing required client capability: " + missing.capability().wireName(), data);
    } catch (ClientRequestFailedException unanswered) {
      record(event.outcome(AuditOutcome.ERROR).detail("failure", "client did not answer"));
      return error(id, ErrorCode.INTERNAL_ERROR.jsonRpcCode(), unanswered.getMessage(), null);
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      LOG.warn("prompt {} failed (request {})", name, requestId, e);
      record(event.outcome(AuditOutcome.ERROR).detail("failure", e.getClass().getSimpleName()));
      return error(id, ErrorCode.INTERNAL_ERROR.jsonRpcCode(),
          "The prompt " + clip(name) + " failed; the error was logged as request " + requestId
              + ".", null);
    }
    record(event.outcome(AuditOutcome.OK));
    return JsonRpc.result(id, FeatureJson.promptResult(result));
  }

  /**
   * The arguments of a {@code prompts/get}, checked against the prompt: a map of declared names
   * to strings, or a message saying what is wrong.
   */
  private static Object arguments(Prompt prompt, @Nullable JsonNode node) {
    if (node != null && !node.isNull() && !node.isObject()) {
      return "\"arguments\" must be an object of strings";
    }
    Map<String, String> arguments = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String name = field.getKey();
        boolean declared =
            prompt.arguments().stream().anyMatch(argument -> argument.name().equals(name));
        if (!declared) {
          return "the prompt " + clip(prompt.name()) + " has no argument \"" + clip(name) + "\"";
        }
        if (!field.getValue().isString()) {
          return "the argument \"" + clip(name) + "\" must be a string";
        }
        arguments.put(name, field.getValue().asString());
      }
    }
    for (PromptArgument argument : prompt.arguments()) {
      if (argument.required() && !arguments.containsKey(argument.name())) {
        return "the prompt " + clip(prompt.name()) + " needs the argument \"" + argument.name()
            + "\"";
      }
    }
    return arguments;
  }

  private static byte[] unknownPrompt(JsonNode id, String name) {
    return error(id, ErrorCode.INVALID_PARAMS.jsonRpcCode(), "Unknown prompt: " + clip(name), null);
  }

  // ---- completion

  private byte[] complete(JsonNode id, @Nullable JsonNode params, CallerContext caller) {
    JsonNode ref = params == null ? null : params.get("ref");
    JsonNode argument = params == null ? null : params.get("argument");
    JsonNode type = ref == null ? null : ref.get("type");
    if (ref == null || !ref.isObject() || type == null || !type.isString()) {
      return invalidParams(id, "\"ref\" is required: {\"type\": \"ref/prompt\", \"name\": ...} or "
          + "{\"type\": \"ref/resource\", \"uri\": ...}");
    }
    if (argument == null || !argument.isObject() || !isString(argument.get("name"))
        || !isString(argument.get("value"))) {
      return invalidParams(id, "\"argument\" is required with a string \"name\" and \"value\"");
    }
    String argumentName = argument.get("name").asString();
    Map<String, String> context = new LinkedHashMap<>();
    JsonNode contextNode = params.get("context");
    JsonNode contextArguments = contextNode == null ? null : contextNode.get("arguments");
    if (contextArguments != null && !contextArguments.isNull()) {
      if (!contextArguments.isObject()) {
        return invalidParams(id, "\"context.arguments\" must be an object of strings");
      }
      for (Map.Entry<String, JsonNode> field : contextArguments.properties()) {
        if (!field.getValue().isString()) {
          return invalidParams(id, "\"context.arguments\" must be an object of strings");
        }
        context.put(field.getKey(), field.getValue().asString());
      }
    }
    Completer completer;
    switch (type.asString()) {
      case "ref/prompt" -> {
        if (!isString(ref.get("name"))) {
          return invalidParams(id, "a ref/prompt needs a string \"name\"");
        }
        String name = ref.get("name").asString();
        PromptRegistry.Entry entry = prompts.prompts().get(name);
        if (entry == null || !visible(caller, Kind.PROMPT, name)) {
          return unknownPrompt(id, name);
        }
        if (entry.prompt().arguments().stream().noneMatch(a -> a.name().equals(argumentName))) {
          return invalidParams(id, "the prompt " + clip(name) + " has no argument \""
              + clip(argumentName) + "\"");
        }
        completer = entry.completer();
      }
      case "ref/resource" -> {
        if (!isString(ref.get("uri"))) {
          return invalidParams(id, "a ref/resource needs a string \"uri\"");
        }
        String uri = ref.get("uri").asString();
        ResourceRegistry.TemplateEntry entry = resources.templates().get(uri);
        if (entry == null || !visible(caller, Kind.RESOURCE_TEMPLATE, uri)) {
          if (resources.resources().containsKey(uri) && visible(caller, Kind.RESOURCE, uri)) {
            // A fixed resource has no variables, so nothing to complete.
            return completion(id, Completion.none());
          }
          return error(id, ErrorCode.INVALID_PARAMS.jsonRpcCode(),
              "Unknown resource template: " + clip(uri), null);
        }
        if (!entry.template().uriTemplate().variables().contains(argumentName)) {
          return invalidParams(id, "the template " + clip(uri) + " has no variable \""
              + clip(argumentName) + "\"");
        }
        completer = entry.completer();
      }
      default -> {
        return invalidParams(id, "unknown ref type \"" + clip(type.asString())
            + "\"; expected ref/prompt or ref/resource");
      }
    }
    if (completer == null) {
      return completion(id, Completion.none());
    }
    Completion completion;
    try {
      completion = completer.complete(new CompletionRequest(
          argumentName, argument.get("value").asString(), context, caller));
      if (completion == null) {
        throw new IllegalStateException("the completer returned null");
      }
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      String requestId = RequestIds.newRequestId();
      LOG.warn("completion failed (request {})", requestId, e);
      return error(id, ErrorCode.INTERNAL_ERROR.jsonRpcCode(),
          "Completion failed; the error was logged as request " + requestId + ".", null);
    }
    return completion(id, completion);
  }

  private static byte[] completion(JsonNode id, Completion completion) {
    ObjectNode result = Json.MAPPER.createObjectNode();
    ObjectNode out = result.putObject("completion");
    ArrayNode values = out.putArray("values");
    completion.values().forEach(values::add);
    if (completion.total() != null) {
      out.put("total", completion.total().intValue());
    }
    out.put("hasMore", completion.hasMore());
    return JsonRpc.result(id, result);
  }

  private static boolean isString(@Nullable JsonNode node) {
    return node != null && node.isString();
  }

  // ---- common

  private void record(AuditEvent.Builder event) {
    try {
      audit.record(event.build());
    } catch (RuntimeException broken) {
      LOG.error("the audit sink threw despite its contract; event dropped", broken);
    }
  }

  private static byte[] invalidParams(JsonNode id, String message) {
    return error(id, ErrorCode.INVALID_PARAMS.jsonRpcCode(), "Invalid params: " + message, null);
  }

  private static byte[] error(JsonNode id, int code, String message, @Nullable JsonNode data) {
    ObjectNode response = Json.MAPPER.createObjectNode();
    response.put("jsonrpc", "2.0");
    response.set("id", id);
    ObjectNode error = response.putObject("error");
    error.put("code", code);
    error.put("message", message);
    if (data != null) {
      error.set("data", data);
    }
    return Json.MAPPER.writeValueAsBytes(response);
  }

  private static String clip(String text) {
    if (text.length() <= MAX_ECHOED) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(MAX_ECHOED - 1)) ? MAX_ECHOED - 1 : MAX_ECHOED;
    return text.substring(0, end) + "...";
  }

  /** The {@link ResourceRead} of one request. */
  private record Read(String uri, Map<String, String> variables, CallerContext caller,
      String requestId) implements ResourceRead {
    Read {
      variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }
  }

  /** The {@link PromptGet} of one request. */
  private record Get(Prompt prompt, Map<String, String> arguments, CallerContext caller,
      String requestId, ClientRequests client) implements PromptGet {
    Get {
      arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }
  }
}
