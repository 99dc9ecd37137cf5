package dev.mcpgate.admin.ui.internal;

import dev.mcpgate.admin.ui.AdminUiConfig;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.ControlStoreException;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.Surface;
import dev.mcpgate.admin.ui.internal.templates.JteerrorGenerated;
import dev.mcpgate.admin.ui.internal.templates.Jtelogged_inGenerated;
import dev.mcpgate.admin.ui.internal.templates.JteloginGenerated;
import gg.jte.html.HtmlTemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.StringOutput;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UI's front door: security headers on every answer, assets, login and logout, the session
 * and CSRF checks, then the screens ({@link Screens}) and the changes ({@link Changes}). Bad
 * input answers a page saying what is wrong, never a stack trace.
 */
public final class UiApp {

  private static final Logger LOG = LoggerFactory.getLogger(UiApp.class);

  static final String COOKIE = "mcpgate_ui";
  /** Binds an OIDC login to the browser that started it. */
  static final String OIDC_COOKIE = "mcpgate_ui_oidc";
  /** The prefix of the actor of a session started at the identity provider. */
  static final String OIDC_ACTOR = "oidc:";
  static final String CSRF_FIELD = "_csrf";
  static final String CSRF_HEADER = "X-CSRF-Token";
  /** The actor of a session started by a one-time login link. */
  static final String LINK_ACTOR = "setup-link";

  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
      + "base-uri 'none'";

  private static final String HTMX_ASSET =
      "META-INF/resources/webjars/htmx.org/" + htmxVersion() + "/dist/htmx.min.js";

  private final AdminUiConfig config;
  private final ControlPlane control;
  private final Sessions sessions;
  private final Screens screens;
  private final Changes changes;
  private final @Nullable OidcFlow oidc;

  /**
   * The UI over a configuration.
   *
   * @param config the configuration
   */
  public UiApp(AdminUiConfig config) {
    this.config = config;
    this.control = config.controlPlane();
    this.sessions = new Sessions(config.clock(), config.sessionIdleTimeout(),
        config.sessionMaxAge(), config.loginLinkLifetime());
    this.screens = new Screens(config);
    this.changes = new Changes(config);
    this.oidc = config.oidcLogin().map(login -> new OidcFlow(login, config.clock()))
        .orElse(null);
  }

  /**
   * Issues a one-time login link.
   *
   * @return its path below the mount point
   */
  public String issueLoginLink() {
    return "login/link/" + sessions.issueLink();
  }

  /**
   * Answers one request.
   *
   * @param request the request
   * @param response the response
   * @throws IOException if the connection fails
   */
  public void handle(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String base = request.getContextPath() + request.getServletPath() + "/";
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    securityHeaders(response);
    if (path.isEmpty()) {
      redirect(response, base);
      return;
    }
    if (path.startsWith("/assets/")) {
      asset(path.substring("/assets/".length()), method, response);
      return;
    }
    if (path.equals("/api") || path.startsWith("/api/")) {
      Chrome bare = new Chrome(base, "Not found", "", null, "", null, false);
      error(response, bare, 404, "the admin API is not served here");
      return;
    }
    Chrome anonymous = new Chrome(base, "Log in", "login", null, "", null, false);
    try {
      if (path.equals("/login") && method.equals("GET")) {
        render(response, 200, out -> JteloginGenerated.render(out, null, anonymous, null,
            oidc != null));
        return;
      }
      if (path.equals("/login") && method.equals("POST")) {
        loginWithToken(request, response, anonymous);
        return;
      }
      if (path.equals("/login/oidc") && method.equals("GET") && oidc != null) {
        startOidc(request, response, anonymous);
        return;
      }
      if (path.equals("/login/oidc/callback") && method.equals("GET") && oidc != null) {
        finishOidc(request, response, anonymous);
        return;
      }
      if (path.startsWith("/login/link/") && method.equals("GET")) {
        loginWithLink(path.substring("/login/link/".length()), request, response, anonymous);
        return;
      }
      Optional<Session> session = session(request);
      if (session.isEmpty()) {
        if (method.equals("GET") || method.equals("HEAD")) {
          if ("true".equals(request.getHeader("HX-Request"))) {
            response.setHeader("HX-Redirect", base + "login");
            response.setStatus(401);
            return;
          }
          redirect(response, base + "login");
        } else {
          error(response, anonymous, 401, "your session has ended: log in again");
        }
        return;
      }
      Session live = session.get();
      String flash = live.takeFlash();
      Chrome chrome = new Chrome(base, "", "", live.actor, live.csrf,
          flash == null ? null : flash.substring(1), flash != null && flash.startsWith("!"));
      if (method.equals("POST")) {
        if ("cross-site".equals(request.getHeader("Sec-Fetch-Site"))) {
          error(response, chrome, 403, "a change must come from the UI's own pages");
          return;
        }
        Form form = Form.body(request, config.maxFormBytes());
        String sent = form.get(CSRF_FIELD) != null ? form.get(CSRF_FIELD)
            : request.getHeader(CSRF_HEADER);
        if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
            live.csrf.getBytes(StandardCharsets.UTF_8))) {
          error(response, chrome, 403, "the form's CSRF token is missing or stale: reload the "
              + "page and try again");
          return;
        }
        if (path.equals("/logout")) {
          sessions.end(live);
          response.addHeader("Set-Cookie", cookie(request, base, "", 0));
          redirect(response, base + "login");
          return;
        }
        Changes.Result result = changes.handle(path, form, live.actor, chrome);
        if (result instanceof Changes.Redirect redirect) {
          if (redirect.flash() != null) {
            live.flash(redirect.flash());
          }
          redirect(response, base + redirect.to());
        } else if (result instanceof Changes.Show show) {
          response.setHeader("Cache-Control", "no-store");
          render(response, show.status(), show.page());
        } else {
          Changes.Failed failed = (Changes.Failed) result;
          error(response, chrome, failed.status(), failed.message());
        }
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        response.setHeader("Allow", "GET, HEAD, POST");
        error(response, chrome, 405, "the UI answers GET and POST only");
        return;
      }
      Form query = Form.query(request);
      boolean fragment = "true".equals(request.getHeader("HX-Request"));
      Screens.Page page = screens.page(path, query, chrome, fragment);
      if (page == null) {
        error(response, chrome, 404, "no page " + path);
        return;
      }
      render(response, page.status(), page.template());
    } catch (Form.Unreadable e) {
      error(response, anonymous, e.status, e.getMessage());
    } catch (IllegalArgumentException e) {
      // The records validate their fields; their messages name the field and never a secret.
      error(response, anonymous.page("Invalid", ""), 422, e.getMessage());
    } catch (ControlStoreException e) {
      LOG.warn("the control-plane store failed: {}", e.getMessage());
      error(response, anonymous, 503, "the control-plane store is unavailable: "
          + e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("admin UI request {} {} failed", method, path, e);
      error(response, anonymous, 500, "the UI failed to answer; the server log has the "
          + "details");
    }
  }

  private void loginWithToken(HttpServletRequest request, HttpServletResponse response,
      Chrome chrome) throws IOException {
    Form form = Form.body(request, 64 * 1024);
    String token = form.get("token");
    Optional<Actor> actor = token == null || !token.startsWith("mgo_")
        ? Optional.empty() : control.authenticate(token, Surface.UI);
    if (actor.isEmpty()) {
      render(response, 401, out -> JteloginGenerated.render(out, null, chrome,
          "that is not a valid operator token (it starts with mgo_; a client key never logs "
              + "in)", oidc != null));
      return;
    }
    startSession(request, response, chrome.base(), actor.get());
  }

  private void startOidc(HttpServletRequest request, HttpServletResponse response,
      Chrome chrome) throws IOException {
    String redirectUri = URI.create(request.getRequestURL().toString())
        .resolve(chrome.base() + "login/oidc/callback").toString();
    OidcFlow.Start start = oidc.start(redirectUri);
    if (start instanceof OidcFlow.Started started) {
      response.addHeader("Set-Cookie", OIDC_COOKIE + "=" + started.binding() + "; Path="
          + chrome.base() + "login/oidc; HttpOnly; SameSite=Lax; Max-Age=600"
          + (request.isSecure() ? "; Secure" : ""));
      response.setHeader("Cache-Control", "no-store");
      redirect(response, started.authorization().toString());
    } else {
      error(response, chrome, 502, ((OidcFlow.Refused) start).reason());
    }
  }

  private void finishOidc(HttpServletRequest request, HttpServletResponse response,
      Chrome chrome) throws IOException {
    String binding = null;
    if (request.getCookies() != null) {
      for (Cookie cookie : request.getCookies()) {
        if (OIDC_COOKIE.equals(cookie.getName())) {
          binding = cookie.getValue();
        }
      }
    }
    OidcFlow.Outcome outcome = oidc.finish(request.getParameter("state"),
        request.getParameter("code"), request.getParameter("error"),
        request.getParameter("error_description"), binding);
    response.addHeader("Set-Cookie", OIDC_COOKIE + "=; Path=" + chrome.base()
        + "login/oidc; HttpOnly; SameSite=Lax; Max-Age=0" + (request.isSecure() ? "; Secure" : ""));
    response.setHeader("Cache-Control", "no-store");
    if (outcome instanceof OidcFlow.LoggedIn loggedIn) {
      String token = sessions.start(loggedIn.actor());
      response.addHeader("Set-Cookie", cookie(request, chrome.base(), token, -1));
      // The provider's redirect is a cross-site navigation: a browser withholds the SameSite=
      // Strict session cookie from a redirect that ends it, so the page moves on by itself.
      render(response, 200, out -> Jtelogged_inGenerated.render(out, null,
          chrome.page("Logged in", "login")));
      return;
    }
    error(response, chrome, 401, ((OidcFlow.Refused) outcome).reason());
  }

  private void loginWithLink(String token, HttpServletRequest request,
      HttpServletResponse response, Chrome chrome) throws IOException {
    if (!sessions.spendLink(token)) {
      render(response, 401, out -> JteloginGenerated.render(out, null, chrome,
          "this login link was used already or has expired: log in with an operator token, or "
              + "restart the server for a new link", oidc != null));
      return;
    }
    startSession(request, response, chrome.base(),
        new Actor(LINK_ACTOR, Role.ADMIN, Surface.UI));
  }

  private void startSession(HttpServletRequest request, HttpServletResponse response,
      String base, Actor actor) {
    String token = sessions.start(actor);
    response.addHeader("Set-Cookie", cookie(request, base, token, -1));
    redirect(response, base);
  }

  private Optional<Session> session(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie cookie : cookies) {
      if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
        Optional<Session> session = sessions.find(cookie.getValue());
        if (session.isPresent() && !stillAnOperator(session.get())) {
          sessions.end(session.get());
          return Optional.empty();
        }
        return session;
      }
    }
    return Optional.empty();
  }

  /** A revoked operator's session ends at its next request. */
  private boolean stillAnOperator(Session session) {
    if (session.actor.id().equals(LINK_ACTOR) || session.actor.id().startsWith(OIDC_ACTOR)) {
      return true;
    }
    return control.operators().stream()
        .filter(o -> o.name().equals(session.actor.id()))
        .anyMatch(o -> !o.revoked() && o.role() == session.actor.role());
  }

  private static String cookie(HttpServletRequest request, String base, String value,
      int maxAge) {
    return COOKIE + "=" + value + "; Path=" + base + "; HttpOnly; SameSite=Strict"
        + (request.isSecure() ? "; Secure" : "") + (maxAge >= 0 ? "; Max-Age=" + maxAge : "");
  }

  private static void securityHeaders(HttpServletResponse response) {
    response.setHeader("Content-Security-Policy", CSP);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  }

  private static void redirect(HttpServletResponse response, String to) {
    response.setStatus(303);
    response.setHeader("Location", to);
  }

  static void render(HttpServletResponse response, int status,
      Consumer<HtmlTemplateOutput> template) throws IOException {
    StringOutput output = new StringOutput();
    template.accept(new OwaspHtmlTemplateOutput(output));
    byte[] body = output.toString().stripLeading().getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    if (response.getHeader("Cache-Control") == null) {
      response.setHeader("Cache-Control", "no-cache");
    }
    response.setContentType("text/html;charset=utf-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static void error(HttpServletResponse response, Chrome chrome, int status,
      String message) throws IOException {
    render(response, status, out -> JteerrorGenerated.render(out, null,
        chrome.page(title(status), chrome.section()), status, message));
  }

  static String title(int status) {
    return switch (status) {
      case 401 -> "Not logged in";
      case 403 -> "Refused";
      case 404 -> "Not found";
      case 409 -> "Conflict";
      case 412 -> "Changed meanwhile";
      case 413 -> "Too large";
      case 422 -> "Invalid";
      case 502 -> "Identity provider unavailable";
      case 503 -> "Store unavailable";
      default -> "Error";
    };
  }

  private static void asset(String name, String method, HttpServletResponse response)
      throws IOException {
    String resource;
    String type;
    switch (name) {
      case "htmx.min.js" -> {
        resource = HTMX_ASSET;
        type = "text/javascript;charset=utf-8";
      }
      case "ui.js" -> {
        resource = "dev/mcpgate/admin/ui/assets/ui.js";
        type = "text/javascript;charset=utf-8";
      }
      case "icon.svg" -> {
        resource = "dev/mcpgate/admin/ui/assets/icon.svg";
        type = "image/svg+xml";
      }
      case "ui.css" -> {
        resource = "dev/mcpgate/admin/ui/assets/ui.css";
        type = "text/css;charset=utf-8";
      }
      default -> {
        response.setStatus(404);
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().write("no such asset");
        return;
      }
    }
    byte[] body;
    try (InputStream in = UiApp.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the UI's asset " + resource + " is missing from the "
            + "class path");
      }
      body = in.readAllBytes();
    }
    response.setStatus(200);
    response.setContentType(type);
    response.setHeader("Cache-Control", "public, max-age=3600");
    response.setContentLength(body.length);
    if (!method.equals("HEAD")) {
      response.getOutputStream().write(body);
    }
  }

  private static String htmxVersion() {
    try (InputStream in = UiApp.class.getClassLoader().getResourceAsStream(
        "dev/mcpgate/admin/ui/assets/htmx.properties")) {
      java.util.Properties properties = new java.util.Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "missing");
    } catch (IOException e) {
      return "missing";
    }
  }
}
