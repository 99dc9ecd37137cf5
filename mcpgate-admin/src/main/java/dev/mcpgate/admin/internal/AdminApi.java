package dev.mcpgate.admin.internal;

import dev.mcpgate.admin.AdminApiConfig;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Binding;
import dev.mcpgate.control.ChangeEvent;
import dev.mcpgate.control.Client;
import dev.mcpgate.control.ClientKey;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.ControlObject;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.ControlSnapshot;
import dev.mcpgate.control.ControlStoreException;
import dev.mcpgate.control.IssuedClientKey;
import dev.mcpgate.control.IssuedOperatorToken;
import dev.mcpgate.control.Limit;
import dev.mcpgate.control.LimitDefinition;
import dev.mcpgate.control.Operator;
import dev.mcpgate.control.Outcome;
import dev.mcpgate.control.Review;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.Rule;
import dev.mcpgate.control.RuleDefinition;
import dev.mcpgate.control.Source;
import dev.mcpgate.control.ImportSettings;
import dev.mcpgate.control.SourceRevision;
import dev.mcpgate.openapi.ApiImporter;
import dev.mcpgate.openapi.ImportException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The admin API: authenticates the operator, matches the route, runs it on the control plane
 * and writes the answer. Every change goes through {@link ControlPlane#apply} or {@link
 * ControlPlane#dryRun} with the operator as a {@link dev.mcpgate.control.Surface#API} actor, so
 * the service layer authorizes it and records it in the change log. Thread-safe.
 */
public final class AdminApi {

  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  static final String PREFIX = "/api/v1";
  /** The client of {@code GET /clients/-/keys/{key}}: any client (never a client's id). */
  static final String ANY_CLIENT = "-";

  private final AdminApiConfig config;
  private final ControlPlane control;
  private final OperatorAuthenticator authenticator;
  private final Idempotency idempotency;
  private final Routes routes = new Routes();
  private final PolicyEvaluation evaluation;
  private final LogQueries logs;
  private final byte[] openApi;

  /**
   * The API for a configuration.
   *
   * @param config the configuration
   */
  public AdminApi(AdminApiConfig config) {
    this.config = config;
    this.control = config.controlPlane();
    this.authenticator = new OperatorAuthenticator(config);
    this.idempotency = new Idempotency(config.idempotencyCapacity(), config.idempotencyTtl(),
        config.clock());
    this.evaluation = new PolicyEvaluation(config);
    this.logs = new LogQueries(control);
    this.openApi = readOpenApi();
    declareRoutes();
  }

  /**
   * The routes served, as {@code METHOD /api/v1/template}, for the contract test.
   *
   * @return the routes
   */
  public List<String> routes() {
    return routes.all();
  }

  private static byte[] readOpenApi() {
    try (InputStream in = AdminApi.class.getResourceAsStream("/dev/mcpgate/admin/admin-api.json")) {
      if (in == null) {
        throw new IllegalStateException("admin-api.json is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("admin-api.json could not be read", e);
    }
  }

  private void declareRoutes() {
    routes.open("GET", "/openapi.json",
        call -> new Reply(200, "application/json", openApi, Map.of()));
    routes.open("GET", "/health", call -> health());
    routes.open("GET", "/ready", call -> health());
    routes.add("GET", "/roles", call -> Reply.json(200, Map.of("items", roles())));

    routes.add("GET", "/sources", call -> Pages.objects(call, control.sources()));
    routes.add("GET", "/sources/{source}", call -> object(source(call)));
    routes.add("PUT", "/sources/{source}", this::updateSource);
    routes.add("POST", "/sources/{source}/revisions", this::importRevision);
    routes.add("GET", "/sources/{source}/revisions", call -> {
      source(call);
      return Pages.objects(call, control.revisions(call.param("source")));
    });
    routes.add("GET", "/sources/{source}/revisions/{number}", call -> object(revision(call)));
    routes.add("GET", "/sources/{source}/revisions/{number}/review", call -> object(review(call)));
    routes.add("GET", "/sources/{source}/revisions/{number}/diff",
        call -> withEtag(Reply.json(200, review(call).evidence().diff()), review(call)));
    routes.add("POST", "/sources/{source}/revisions/{number}/approve",
        call -> decide(call, Command.Decision.APPROVE));
    routes.add("POST", "/sources/{source}/revisions/{number}/reject",
        call -> decide(call, Command.Decision.REJECT));
    routes.add("POST", "/sources/{source}/revisions/{number}/publish", call -> {
      Call.Body body = call.json();
      revision(call);
      return run(call, new Command.PublishRevision(call.param("source"), call.number("number"),
          body.string("environment"), call.ifMatch()), 200, r -> r);
    });
    routes.add("POST", "/sources/{source}/withdraw", call -> {
      Call.Body body = call.json();
      return run(call, new Command.WithdrawSource(call.param("source"),
          body.string("environment"), call.ifMatch()), 200, r -> r);
    });
    routes.add("GET", "/sources/{source}/selection", call -> object(
        control.selection(call.param("source")).orElseThrow(() -> notFound("selection",
            call.param("source")))));
    routes.add("PUT", "/sources/{source}/selection", call -> {
      Call.Body body = call.json();
      long expected = expected(call, control.selection(call.param("source")).isPresent());
      return run(call, new Command.SelectOperations(call.param("source"),
          java.util.Set.copyOf(body.strings("tools")), expected), 200, r -> r);
    });
    routes.add("DELETE", "/sources/{source}/selection", call -> run(call,
        new Command.DeleteSelection(call.param("source"), call.ifMatch()), 204, r -> r));
    routes.add("GET", "/environments/{environment}/tools", this::catalog);

    routes.add("GET", "/bindings", call -> Pages.objects(call, control.bindings()));
    routes.add("GET", "/bindings/{binding}", call -> object(binding(call)));
    routes.add("PUT", "/bindings/{binding}", this::putBinding);
    routes.add("POST", "/bindings/{binding}/rotate", this::rotateBinding);
    routes.add("DELETE", "/bindings/{binding}", call -> run(call,
        new Command.DeleteBinding(call.param("binding"), call.ifMatch()), 204, r -> r));

    routes.add("GET", "/clients", call -> Pages.objects(call, control.clients()));
    routes.add("POST", "/clients", call -> idempotent(call, () -> {
      Call.Body body = call.json();
      return run(call, new Command.CreateClient(body.string("id"), body.optString("displayName"),
          body.optString("tenant"), java.util.Set.copyOf(body.strings("scopes"))), 201, r -> r);
    }));
    routes.add("GET", "/clients/{client}", call -> object(client(call)));
    routes.add("PUT", "/clients/{client}", call -> {
      Call.Body body = call.json();
      client(call);
      return run(call, new Command.UpdateClient(call.param("client"),
          body.optString("displayName"), body.optString("tenant"),
          java.util.Set.copyOf(body.strings("scopes")), call.ifMatch()), 200, r -> r);
    });
    routes.add("POST", "/clients/{client}/revoke", call -> run(call,
        new Command.RevokeClient(call.param("client"), call.ifMatch()), 200, r -> r));
    routes.add("GET", "/clients/{client}/profiles", call -> {
      client(call);
      return Pages.objects(call, control.profiles(call.param("client")));
    });
    routes.add("POST", "/clients/{client}/profiles", call -> idempotent(call, () ->
        run(call, new Command.CreateProfile(call.param("client"), call.json().string("name")),
            201, r -> r)));
    routes.add("POST", "/clients/{client}/profiles/{profile}/revoke", call -> run(call,
        new Command.RevokeProfile(call.param("client"), call.param("profile"), call.ifMatch()),
        200, r -> r));
    routes.add("POST", "/clients/{client}/profiles/{profile}/keys", call -> idempotent(call,
        () -> run(call, new Command.IssueKey(call.param("client"), call.param("profile")), 201,
            r -> r)));
    routes.add("PUT", "/clients/{client}/profiles/{profile}/keys/{key}", this::registerKey);
    routes.add("GET", "/clients/{client}/keys", call -> {
      client(call);
      return Pages.objects(call, control.keys(call.param("client")));
    });
    routes.add("GET", "/clients/{client}/keys/{key}", call -> object(keyOfAnyClient(call)));
    routes.add("POST", "/clients/{client}/keys/{key}/revoke", call -> {
      key(call);
      return run(call, new Command.RevokeKey(call.param("key"), call.ifMatch()), 200, r -> r);
    });
    routes.add("POST", "/clients/{client}/keys/{key}/rotate", this::rotateKey);

    routes.add("GET", "/rules", call -> Pages.page(call, control.rules().stream()
        .sorted(Comparator.comparingInt((Rule r) -> r.definition().order())
            .thenComparing(r -> r.meta().id())).toList(), r -> r.meta().id(), false));
    routes.add("GET", "/rules/{rule}", call -> object(rule(call)));
    routes.add("PUT", "/rules/{rule}", this::putRule);
    routes.add("DELETE", "/rules/{rule}", call -> run(call,
        new Command.DeleteRule(call.param("rule"), call.ifMatch()), 204, r -> r));
    routes.add("POST", "/policy/evaluate", evaluation::evaluate);

    routes.add("GET", "/limits", call -> Pages.objects(call, control.limits()));
    routes.add("GET", "/limits/{limit}", call -> object(limit(call)));
    routes.add("PUT", "/limits/{limit}", this::putLimit);
    routes.add("DELETE", "/limits/{limit}", call -> run(call,
        new Command.DeleteLimit(call.param("limit"), call.ifMatch()), 204, r -> r));

    routes.add("GET", "/operators", call -> Pages.objects(call, control.operators()));
    routes.add("POST", "/operators", call -> idempotent(call, () -> {
      Call.Body body = call.json();
      return run(call, new Command.CreateOperator(body.string("name"),
          role(body.string("role"))), 201, r -> r);
    }));
    routes.add("GET", "/operators/{operator}", call -> object(operator(call)));
    routes.add("POST", "/operators/{operator}/revoke", call -> run(call,
        new Command.RevokeOperator(call.param("operator"), call.ifMatch()), 200, r -> r));

    routes.add("GET", "/changes", logs::changes);
    routes.add("GET", "/audit", logs::audit);
  }

  // ---- the servlet entry -------------------------------------------------------------------

  /**
   * Answers one request.
   *
   * @param request the request; its path info is the path under the mount point
   * @param response the response
   * @throws IOException if the answer cannot be written
   */
  public void handle(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Reply reply = answer(request);
    if (reply.status() != 413) {
      drain(request);
    }
    write(response, reply);
  }

  /**
   * Reads what is left of a request body the route did not need, so that the connection stays
   * usable for the client's next request.
   */
  private void drain(HttpServletRequest request) {
    try (InputStream in = request.getInputStream()) {
      long left = config.maxBodyBytes();
      while (left > 0) {
        long skipped = in.skip(left);
        if (skipped <= 0 && in.read() < 0) {
          return;
        }
        left -= Math.max(skipped, 1);
      }
    } catch (IOException | IllegalStateException e) {
      // A body that cannot be read is the client's problem; the answer stands.
    }
  }

  private Reply answer(HttpServletRequest request) {
    String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    Routes.Match match = routes.match(method, path);
    if (match instanceof Routes.NoRoute) {
      return Problems.problem(404, "no-such-route", "Not found",
          "no admin API route answers " + (path.startsWith(PREFIX) ? "this path" : "outside "
              + PREFIX), null);
    }
    if (match instanceof Routes.WrongMethod wrong) {
      return Problems.problem(405, "method-not-allowed", "Method not allowed",
          "this path answers " + String.join(", ", wrong.allowed()), null)
          .withHeader("Allow", String.join(", ", wrong.allowed()));
    }
    Routes.Found found = (Routes.Found) match;
    Actor actor = Actor.local(dev.mcpgate.control.Surface.API);
    if (!found.route().open()) {
      OperatorAuthenticator.Result result = authenticator.authenticate(request);
      if (result instanceof OperatorAuthenticator.Denied denied) {
        return denied.reply();
      }
      actor = ((OperatorAuthenticator.Authenticated) result).actor();
    }
    Call call = new Call(request, actor, found.params(), config.maxBodyBytes());
    try {
      return found.route().handler().handle(call);
    } catch (Problems.Failure failure) {
      return failure.reply();
    } catch (IllegalArgumentException e) {
      // The records validate their fields; their messages name the field and never a secret.
      return Problems.problem(422, "invalid", "Invalid content", e.getMessage(), null);
    } catch (ControlStoreException e) {
      LOG.warn("the control-plane store failed: {}", e.getMessage());
      return Problems.problem(503, "store-unavailable", "Store unavailable", e.getMessage(),
          null);
    } catch (RuntimeException e) {
      LOG.error("admin API request {} {} failed", method, path, e);
      return Problems.problem(500, "internal", "Internal error",
          "the admin API failed to answer; the server log has the details", null);
    }
  }

  private static void write(HttpServletResponse response, Reply reply) throws IOException {
    response.setStatus(reply.status());
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    reply.headers().forEach(response::setHeader);
    byte[] body = reply.body();
    if (!reply.contentType().isEmpty()) {
      response.setContentType(reply.contentType());
    }
    if (body.length > 0) {
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
  }

  // ---- running commands --------------------------------------------------------------------

  /** Runs a command, or previews it on {@code ?dryRun=true}, and answers with its result. */
  private <T> Reply run(Call call, Command<T> command, int status, Function<T, Object> view) {
    if (call.dryRun()) {
      Outcome<T> outcome = control.dryRun(call.actor, command);
      if (outcome instanceof Outcome.Refused<T> refused) {
        return Problems.refused(refused, command.requiredRole());
      }
      return Reply.json(200, dryRun(List.of(((Outcome.Preview<T>) outcome).change())));
    }
    Outcome<T> outcome = control.apply(call.actor, command);
    if (outcome instanceof Outcome.Refused<T> refused) {
      return Problems.refused(refused, command.requiredRole());
    }
    Outcome.Applied<T> applied = (Outcome.Applied<T>) outcome;
    Reply reply = status == 204 ? Reply.empty(204) : Reply.json(status, view.apply(applied.result()));
    reply = reply.withHeader("Mcpgate-Change-Sequence",
        Long.toString(applied.change().sequence()));
    ControlObject object = objectOf(applied.result());
    return object == null ? reply : withEtag(reply, object);
  }

  private static @Nullable ControlObject objectOf(Object result) {
    if (result instanceof ControlObject object) {
      return object;
    }
    if (result instanceof IssuedClientKey issued) {
      return issued.key();
    }
    if (result instanceof IssuedOperatorToken issued) {
      return issued.operator();
    }
    return null;
  }

  private static Map<String, Object> dryRun(List<ChangeEvent> changes) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dryRun", true);
    body.put("changes", changes);
    return body;
  }

  /** Honours {@code Idempotency-Key} on a create: a retry answers what the first call did. */
  private Reply idempotent(Call call, java.util.function.Supplier<Reply> create) {
    String key = call.request.getHeader("Idempotency-Key");
    if (key == null || call.dryRun()) {
      return create.get();
    }
    if (key.isEmpty() || key.length() > 255) {
      throw Problems.badRequest("Idempotency-Key", "Idempotency-Key must be 1 to 255 characters");
    }
    String scope = call.actor.id() + " " + call.request.getMethod() + " "
        + call.request.getPathInfo() + " " + key;
    String fingerprint = fingerprint(call.body());
    synchronized (idempotency) {
      Optional<Reply> replay = idempotency.replay(scope, fingerprint);
      if (replay.isPresent()) {
        return replay.get();
      }
      Reply reply = create.get();
      if (reply.status() < 500) {
        idempotency.remember(scope, fingerprint, reply);
      }
      return reply;
    }
  }

  private static String fingerprint(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The revision a create-or-replace carries: If-Match when the object exists, 0 otherwise. */
  private static long expected(Call call, boolean exists) {
    if (exists || call.hasIfMatch()) {
      return call.ifMatch();
    }
    return 0;
  }

  // ---- sources -----------------------------------------------------------------------------

  private Reply updateSource(Call call) {
    Call.Body body = call.json();
    source(call);
    return run(call, new Command.UpdateSource(call.param("source"), body.optString("title"),
        body.bool("sandboxFirst", false), call.ifMatch()), 200, r -> r);
  }

  private Reply importRevision(Call call) {
    return idempotent(call, () -> {
      String type = call.request.getContentType() == null ? ""
          : call.request.getContentType().toLowerCase(Locale.ROOT);
      byte[] description;
      String location;
      if (type.startsWith("application/json")) {
        Call.Body body = call.json();
        String url = body.string("url");
        if (!config.urlImports()) {
          throw Problems.invalid("url", "imports by URL are turned off; upload the description");
        }
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
          throw Problems.invalid("url", "url must be an http or https URL");
        }
        if (url.substring(url.indexOf("//") + 2).split("[/?#]", 2)[0].contains("@")) {
          // The location is stored and shown with the revision: it must not carry a password.
          throw Problems.invalid("url", "url must not carry credentials (user:password@)");
        }
        try {
          description = ApiImporter.read(url, config.importOptions());
        } catch (ImportException e) {
          throw Problems.invalid("url", e.getMessage());
        }
        location = url;
      } else {
        description = call.body();
        if (description.length == 0) {
          throw Problems.invalid("body", "upload the description as the request body, or send "
              + "{\"url\": ...} as application/json");
        }
        String name = call.query("filename");
        location = "upload:" + (name == null ? "description" : name);
      }
      // The settings are query parameters in both forms; a bad one is a 422 naming it.
      ImportSettings settings;
      try {
        settings = ImportSettings.fromText(call::query);
      } catch (ImportSettings.InvalidSetting e) {
        throw Problems.invalid(e.field(), e.getMessage());
      }
      return run(call, new Command.ImportRevision(call.param("source"), description, location,
          settings), 201, r -> r);
    });
  }

  private Reply decide(Call call, Command.Decision decision) {
    Call.Body body = call.json();
    review(call);
    return run(call, new Command.DecideReview(call.param("source"), call.number("number"),
        decision, body.optString("note"), call.ifMatch()), 200, r -> r);
  }

  private Source source(Call call) {
    return control.source(call.param("source"))
        .orElseThrow(() -> notFound("source", call.param("source")));
  }

  private SourceRevision revision(Call call) {
    int number = call.number("number");
    return control.revisions(call.param("source")).stream()
        .filter(r -> r.number() == number).findFirst()
        .orElseThrow(() -> notFound("revision", call.param("source") + "@" + number));
  }

  private Review review(Call call) {
    int number = call.number("number");
    return control.review(call.param("source"), number)
        .orElseThrow(() -> notFound("review", call.param("source") + "@" + number));
  }

  private Reply catalog(Call call) {
    String environment = call.param("environment");
    ControlSnapshot snapshot = control.snapshot(environment);
    List<Map<String, Object>> tools = snapshot.tools().stream()
        .sorted(Comparator.comparing(ToolDefinition::name)).map(AdminApi::tool).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("environment", environment);
    body.put("sequence", snapshot.sequence());
    body.putAll(Pages.pageBody(call, tools, t -> (String) t.get("name")));
    return Reply.json(200, body);
  }

  private static Map<String, Object> tool(ToolDefinition tool) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", tool.name());
    view.put("title", tool.title());
    view.put("description", tool.description());
    view.put("source", tool.source());
    view.put("method", tool.http() == null ? null : tool.http().method());
    view.put("path", tool.http() == null ? null : tool.http().pathTemplate());
    view.put("readOnly", tool.annotations().readOnly());
    view.put("destructive", tool.annotations().destructive());
    view.put("tags", List.copyOf(tool.tags()));
    return view;
  }

  // ---- bindings ----------------------------------------------------------------------------

  private Reply putBinding(Call call) {
    Call.Body body = call.json();
    String id = call.param("binding");
    boolean exists = control.bindings().stream().anyMatch(b -> b.meta().id().equals(id));
    long expected = expected(call, exists);
    CredentialBinding binding = new CredentialBinding(id, authKind(body.string("kind")),
        body.string("secretRef"), body.stringMap("profileRefs"), body.stringMap("settings"));
    return run(call, new Command.PutBinding(binding, expected), exists ? 200 : 201, r -> r);
  }

  private Reply rotateBinding(Call call) {
    Call.Body body = call.json();
    Binding current = binding(call);
    long expected = call.ifMatch();
    CredentialBinding was = current.binding();
    Map<String, String> profileRefs = body.node().has("profileRefs")
        ? body.stringMap("profileRefs") : was.profileRefs();
    CredentialBinding rotated = new CredentialBinding(was.id(), was.kind(),
        body.string("secretRef"), profileRefs, was.settings());
    return run(call, new Command.PutBinding(rotated, expected), 200, r -> r);
  }

  private static AuthKind authKind(String value) {
    for (AuthKind kind : AuthKind.values()) {
      if (kind.name().equalsIgnoreCase(value) || kind.wireName().equalsIgnoreCase(value)) {
        return kind;
      }
    }
    throw Problems.invalid("kind", "kind must be one of the auth kinds, such as apiKey, bearer, "
        + "basic, oauth2");
  }

  private Binding binding(Call call) {
    return control.bindings().stream().filter(b -> b.meta().id().equals(call.param("binding")))
        .findFirst().orElseThrow(() -> notFound("binding", call.param("binding")));
  }

  // ---- clients -----------------------------------------------------------------------------

  private Client client(Call call) {
    return control.client(call.param("client"))
        .orElseThrow(() -> notFound("client", call.param("client")));
  }

  private ClientKey key(Call call) {
    String client = client(call).meta().id();
    return control.key(call.param("key")).filter(k -> k.clientId().equals(client))
        .orElseThrow(() -> notFound("key", call.param("key")));
  }

  /**
   * The key of {@code GET /clients/{client}/keys/{key}}, where the client may be {@link
   * #ANY_CLIENT}: a key found by its id alone, whatever its client (the answer names it).
   */
  private ClientKey keyOfAnyClient(Call call) {
    if (!call.param("client").equals(ANY_CLIENT)) {
      return key(call);
    }
    return control.key(call.param("key"))
        .orElseThrow(() -> notFound("key", call.param("key")));
  }

  /**
   * Registers a key by its id and hash. The body carries {@code sha256} and nothing else: a key
   * itself is refused without being quoted, and the answer is the key object, never the hash.
   */
  private Reply registerKey(Call call) {
    return idempotent(call, () -> {
      Call.Body body = call.json();
      for (Map.Entry<String, JsonNode> field : body.node().properties()) {
        if (!field.getKey().equals("sha256")) {
          throw Problems.invalid(field.getKey(), "a key is registered by its sha256 only; "
              + field.getKey() + " is not accepted (never send the key itself)");
        }
      }
      byte[] sha256;
      try {
        sha256 = Command.RegisterKey.parseSha256(body.string("sha256"));
      } catch (IllegalArgumentException e) {
        throw Problems.invalid("sha256", e.getMessage());
      }
      client(call);
      return run(call, new Command.RegisterKey(call.param("client"), call.param("profile"),
          call.param("key"), sha256), 201, r -> r);
    });
  }

  /** Issues a new key for the old key's profile, then revokes the old one. */
  private Reply rotateKey(Call call) {
    ClientKey old = key(call);
    long expected = call.ifMatch();
    Command.IssueKey issue = new Command.IssueKey(old.clientId(), old.profile());
    Command.RevokeKey revoke = new Command.RevokeKey(old.meta().id(), expected);
    if (call.dryRun()) {
      List<ChangeEvent> changes = new ArrayList<>();
      for (Command<?> command : List.<Command<?>>of(revoke, issue)) {
        Outcome<?> outcome = control.dryRun(call.actor, command);
        if (outcome instanceof Outcome.Refused<?> refused) {
          return Problems.refused(refused);
        }
        changes.add(((Outcome.Preview<?>) outcome).change());
      }
      return Reply.json(200, dryRun(changes));
    }
    // Check that the new key can be issued, then revoke: a stale If-Match refuses the rotation
    // before a new key exists, and an old key is never revoked without its successor.
    if (control.dryRun(call.actor, issue) instanceof Outcome.Refused<IssuedClientKey> refused) {
      return Problems.refused(refused);
    }
    Outcome<ClientKey> revoked = control.apply(call.actor, revoke);
    if (revoked instanceof Outcome.Refused<ClientKey> refused) {
      return Problems.refused(refused);
    }
    return run(call, issue, 201, r -> r);
  }

  // ---- policy ------------------------------------------------------------------------------

  private Reply putRule(Call call) {
    Call.Body body = call.json();
    String id = call.param("rule");
    boolean exists = control.rules().stream().anyMatch(r -> r.meta().id().equals(id));
    long expected = expected(call, exists);
    if (!body.node().isObject()) {
      throw Problems.invalid(null, "a rule is a JSON object");
    }
    String effect = body.string("effect");
    if (!effect.equalsIgnoreCase("allow") && !effect.equalsIgnoreCase("deny")) {
      throw Problems.invalid("effect", "effect must be allow or deny");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = Reply.JSON.convertValue(body.node(), Map.class);
    // Every field of the rule's JSON form; its refusals name the field (422 in handle).
    RuleDefinition definition = RuleDefinition.fromJson(id, fields);
    return run(call, new Command.PutRule(definition, expected), exists ? 200 : 201, r -> r);
  }

  private Rule rule(Call call) {
    return control.rules().stream().filter(r -> r.meta().id().equals(call.param("rule")))
        .findFirst().orElseThrow(() -> notFound("rule", call.param("rule")));
  }

  // ---- limits ------------------------------------------------------------------------------

  private Reply putLimit(Call call) {
    Call.Body body = call.json();
    String id = call.param("limit");
    boolean exists = control.limits().stream().anyMatch(l -> l.meta().id().equals(id));
    long expected = expected(call, exists);
    LimitDefinition.Scope scope;
    try {
      scope = LimitDefinition.Scope.valueOf(body.string("scope").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Problems.invalid("scope",
          "scope must be client, profile, tool, each_caller or each_caller_tool");
    }
    JsonNode capacity = body.node().get("capacity");
    if (capacity == null || !capacity.isIntegralNumber()) {
      throw Problems.invalid("capacity", "capacity must be an integer");
    }
    Duration period;
    try {
      period = Duration.parse(body.string("period"));
    } catch (DateTimeParseException e) {
      throw Problems.invalid("period", "period must be an ISO-8601 duration such as PT1M");
    }
    String target = scope == LimitDefinition.Scope.EACH_CALLER && body.optString("target") == null
        ? LimitDefinition.EVERY_CALLER : body.string("target");
    LimitDefinition limit = new LimitDefinition(id, scope, target, capacity.asLong(), period);
    return run(call, new Command.PutLimit(limit, expected), exists ? 200 : 201, r -> r);
  }

  private Limit limit(Call call) {
    return control.limits().stream().filter(l -> l.meta().id().equals(call.param("limit")))
        .findFirst().orElseThrow(() -> notFound("limit", call.param("limit")));
  }

  // ---- operators ---------------------------------------------------------------------------

  private static Role role(String value) {
    try {
      return Role.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Problems.invalid("role", "role must be viewer, operator, approver or admin");
    }
  }

  private Operator operator(Call call) {
    return control.operators().stream().filter(o -> o.name().equals(call.param("operator")))
        .findFirst().orElseThrow(() -> notFound("operator", call.param("operator")));
  }

  private static List<Map<String, Object>> roles() {
    Map<Role, String> may = Map.of(
        Role.VIEWER, "read every object, the change log and the audit",
        Role.OPERATOR, "import, publish and withdraw revisions, select operations, manage "
            + "bindings, clients, profiles, keys, rules and limits",
        Role.APPROVER, "also approve or reject a review",
        Role.ADMIN, "also create and revoke operators");
    List<Map<String, Object>> out = new ArrayList<>();
    for (Role role : Role.values()) {
      out.add(Map.of("role", role.name().toLowerCase(Locale.ROOT),
          "includes", java.util.Arrays.stream(Role.values()).filter(role::includes)
              .map(r -> r.name().toLowerCase(Locale.ROOT)).toList(),
          "may", may.get(role)));
    }
    return out;
  }

  // ---- shared shapes -----------------------------------------------------------------------

  /** Liveness and readiness alike: the store answers, and its sequence is the one applied. */
  private Reply health() {
    long sequence = control.sequence();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ok");
    body.put("ready", true);
    body.put("sequence", sequence);
    return Reply.json(200, body);
  }

  private static Reply object(ControlObject object) {
    return withEtag(Reply.json(200, object), object);
  }

  private static Reply withEtag(Reply reply, ControlObject object) {
    return reply.withHeader("ETag", object.meta().etag());
  }

  private static Problems.Failure notFound(String what, String id) {
    return new Problems.Failure(Problems.problem(404, "not-found", "Not found",
        "there is no " + what + " " + id, null));
  }
}
